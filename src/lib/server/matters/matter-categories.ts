import { and, asc, eq, isNull } from 'drizzle-orm';
import { defaultCategories, type MatterCategory } from '../../domain/matter-categories';
import { db, type Tx } from '../db';
import { matterCategories } from '../db/schema';

/** Ids of the default categories are derived from the community, so two first reads insert them once. */
const defaultId = (communityId: string, key: string) => `${communityId}.${key}`;

/** Gives a community the default categories the first time anyone asks for them. */
async function seedCategories(communityId: string, tx: Tx): Promise<void> {
	const rows = defaultCategories.flatMap((top, index) => [
		{ id: defaultId(communityId, top.key), communityId, parentId: null, name: top.name, nameEn: top.nameEn, sortOrder: index * 100 },
		...(top.children ?? []).map((child, childIndex) => ({
			id: defaultId(communityId, child.key),
			communityId,
			parentId: defaultId(communityId, top.key),
			name: child.name,
			nameEn: child.nameEn,
			sortOrder: index * 100 + childIndex + 1
		}))
	]);
	await tx.insert(matterCategories).values(rows).onConflictDoNothing();
}

export function asCategory(row: typeof matterCategories.$inferSelect): MatterCategory {
	return { id: row.id, name: row.name, nameEn: row.nameEn, parentId: row.parentId, limits: row.limits, sortOrder: row.sortOrder };
}

/** The community's categories in order; retired ones only when asked (old matters name them). */
export async function communityCategories(communityId: string, options: { withRetired?: boolean; tx?: Tx } = {}): Promise<MatterCategory[]> {
	const tx = options.tx ?? db();
	const read = () =>
		tx
			.select()
			.from(matterCategories)
			.where(and(eq(matterCategories.communityId, communityId), options.withRetired ? undefined : isNull(matterCategories.retiredAt)))
			.orderBy(asc(matterCategories.sortOrder), asc(matterCategories.id));
	let rows = await read();
	if (rows.length === 0) {
		const [any] = await tx.select({ id: matterCategories.id }).from(matterCategories).where(eq(matterCategories.communityId, communityId)).limit(1);
		if (!any) {
			await seedCategories(communityId, tx);
			rows = await read();
		}
	}
	return rows.map(asCategory);
}
