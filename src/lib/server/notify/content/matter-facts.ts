/**
 * What a matter notice says about its matter: category, place, description, due time, the first
 * photo, the handler's name. Read at fan-out time.
 */
import { asc, eq } from 'drizzle-orm';
import { categoryPath } from '../../../domain/matter-categories';
import type { MatterDestination } from '../../../domain/matters';
import { communityTime, userText } from '../../../domain/notice-text';
import { db } from '../../db';
import { buildings, grids, microGrids, photos } from '../../db/schema';
import type { MatterRow } from '../../matters/matter-access';
import { matterRow } from '../../matters/matter-access';
import { communityCategories } from '../../matters/matter-categories';
import { destinationNames } from '../../matters/matter-names';

export type MatterFacts = {
	row: MatterRow;
	/** `房屋及楼道 · 楼道卫生` */
	category: string;
	/** `3号楼（第一网格）`, or the micro-grid and grid of a point. */
	place: string;
	firstPhotoId: string | null;
	handlerName(destination: MatterDestination | null): string | null;
};

async function nameOf<T extends { id: string; name: string }>(read: () => Promise<T[]>): Promise<string> {
	return (await read())[0]?.name ?? '';
}

async function placeText(row: MatterRow): Promise<string> {
	const [label, grid, micro] = await Promise.all([
		row.buildingId ? nameOf(() => db().select({ id: buildings.id, name: buildings.label }).from(buildings).where(eq(buildings.id, row.buildingId!))) : '',
		row.gridId ? nameOf(() => db().select({ id: grids.id, name: grids.name }).from(grids).where(eq(grids.id, row.gridId!))) : '',
		row.microGridId ? nameOf(() => db().select({ id: microGrids.id, name: microGrids.name }).from(microGrids).where(eq(microGrids.id, row.microGridId!))) : ''
	]);
	if (label) return grid ? `${label}（${grid}）` : label;
	return [grid, micro].filter(Boolean).join(' · ') || '未标注地点';
}

export async function matterFacts(matterId: string): Promise<MatterFacts | null> {
	const row = await matterRow(matterId);
	if (!row) return null;
	const [categories, place, [photo], handlerName] = await Promise.all([
		communityCategories(row.communityId, { withRetired: true }),
		placeText(row),
		db().select({ id: photos.id }).from(photos).where(eq(photos.matterId, row.id)).orderBy(asc(photos.createdAt), asc(photos.id)).limit(1),
		destinationNames([row.destination])
	]);
	return { row, category: categoryPath(row.categoryId, categories, 'zh-CN') || '事项', place, firstPhotoId: photo?.id ?? null, handlerName };
}

/** The lines every group message about a matter starts with; all user text made inert. */
export function matterLines(facts: MatterFacts, origin: string): string[] {
	const { row } = facts;
	return [
		...(row.urgent ? ['**【紧急】**'] : []),
		`**类别**：${userText(facts.category, 60)}`,
		`**地点**：${userText(facts.place, 60)}`,
		`**描述**：${userText(row.description, 200)}`,
		...(row.dueAt ? [`**办结时限**：${communityTime(row.dueAt.getTime())}`] : []),
		...(facts.firstPhotoId ? [`[查看现场照片](${origin}/api/photos/${encodeURIComponent(facts.firstPhotoId)}?size=thumb)`] : [])
	];
}

export const matterLink = (origin: string, matterId: string) => `${origin}/matters/${encodeURIComponent(matterId)}`;

/** The title's prefix for an urgent matter. */
export const urgentMark = (row: MatterRow) => (row.urgent ? '【紧急】' : '');
