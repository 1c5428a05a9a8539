import { eq } from 'drizzle-orm';
import { dayOf } from '../../domain/diary-dates';
import { db } from '../db';
import { buildings, compounds, grids, households, microGrids } from '../db/schema';
import { attachment, householdsWorkbook, xlsxDownload, type HouseholdExportRow } from '../spreadsheets';
import { communityMap } from './map-geojson';
import type { StructureActor } from './structure-access';

/** The date in a file's name: the community's (Beijing) day, not UTC's, which is yesterday's until 08:00. */
const today = () => dayOf(Date.now());

export async function mapDownload(actor: StructureActor): Promise<Response> {
	const collection = await communityMap(actor.community.id);
	return new Response(JSON.stringify(collection, null, 1), {
		headers: {
			'content-type': 'application/geo+json; charset=utf-8',
			'content-disposition': attachment(`${actor.community.name}-地图-${today()}.geojson`, `map-${today()}.geojson`),
			'cache-control': 'private, no-store'
		}
	});
}

type Ordered = HouseholdExportRow & { gridOrder: number | null; microOrder: number | null };

const byText = (a: string, b: string) => a.localeCompare(b, 'zh-CN', { numeric: true });
/** Grid and micro-grid in their own order (none last), then building label, unit, floor, room. */
const inLedgerOrder = (a: Ordered, b: Ordered) =>
	(a.gridOrder ?? Infinity) - (b.gridOrder ?? Infinity) ||
	byText(a.grid, b.grid) ||
	(a.microOrder ?? Infinity) - (b.microOrder ?? Infinity) ||
	byText(a.microGrid, b.microGrid) ||
	byText(a.building, b.building) ||
	a.unit - b.unit ||
	a.floor - b.floor ||
	a.room - b.room;

/** Every household of the community as 台账 rows. */
export async function householdRowsOf(communityId: string): Promise<HouseholdExportRow[]> {
	const rows = await db()
		.select({
			compound: compounds.name,
			grid: grids.name,
			gridOrder: grids.sortOrder,
			microGrid: microGrids.name,
			microOrder: microGrids.sortOrder,
			building: buildings.label,
			unit: households.unit,
			floor: households.floor,
			room: households.room,
			code: households.code
		})
		.from(households)
		.innerJoin(buildings, eq(buildings.id, households.buildingId))
		.leftJoin(compounds, eq(compounds.id, buildings.compoundId))
		.leftJoin(microGrids, eq(microGrids.id, buildings.microGridId))
		.leftJoin(grids, eq(grids.id, microGrids.gridId))
		.where(eq(buildings.communityId, communityId));
	return rows
		.map((row) => ({ ...row, compound: row.compound ?? '', grid: row.grid ?? '', microGrid: row.microGrid ?? '' }))
		.sort(inLedgerOrder)
		.map(({ compound, grid, microGrid, building, unit, floor, room, code }) => ({ compound, grid, microGrid, building, unit, floor, room, code }));
}

export async function householdsDownload(actor: StructureActor): Promise<Response> {
	const workbook = await householdsWorkbook(await householdRowsOf(actor.community.id));
	return xlsxDownload(workbook, `${actor.community.name}-住户台账-${today()}.xlsx`, `households-${today()}.xlsx`);
}
