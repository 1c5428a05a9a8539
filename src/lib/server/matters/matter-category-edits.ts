/**
 * The secretary's category settings: add a category or a sub-category, rename it, set or clear
 * its time limits, retire it (never delete: old matters keep naming it) or bring it back. New
 * limits apply to matters routed from then on; a routed matter keeps its due time.
 */
import { and, eq, isNull, max } from 'drizzle-orm';
import * as v from 'valibot';
import { categoryNameMax, isCategoryLimits, maxCategories, type EditableCategory } from '../../domain/matter-categories';
import type { CategoryLimits } from '../../domain/matter-deadlines';
import { mayEditCategories } from '../../domain/permissions';
import { db } from '../db';
import { communities, matterCategories } from '../db/schema';
import { newId } from '../ids';
import { refusal } from '../refusal';
import type { MatterActor } from './matter-access';
import { asCategory, communityCategories } from './matter-categories';
import { parseOrRefuse } from './matter-input';
import { announceMattersChange } from './matter-signal';

const name = v.pipe(v.string(), v.trim(), v.minLength(1, 'a name is required'), v.maxLength(categoryNameMax));
const nameEn = v.pipe(v.string(), v.trim(), v.maxLength(categoryNameMax));
const limits = v.nullable(
	v.custom<CategoryLimits>(isCategoryLimits, 'limits need urgent, property, community and street, each a whole amount of hours, days or workdays within bounds')
);

export const categoryCreateSchema = v.strictObject({
	name,
	nameEn: v.optional(nameEn, ''),
	parentId: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(64)))),
	limits: v.optional(limits, null)
});

export const categoryEditSchema = v.strictObject({
	name: v.optional(name),
	nameEn: v.optional(nameEn),
	limits: v.optional(limits),
	retired: v.optional(v.boolean())
});

type CategoryRow = typeof matterCategories.$inferSelect;

const asEditable = (row: CategoryRow): EditableCategory => ({ ...asCategory(row), retired: row.retiredAt !== null });

export function requireEditor(actor: MatterActor): void {
	if (!mayEditCategories(actor.standing)) throw refusal(403, 'error_category_forbidden');
}

/** Every category of the community, retired ones too, in order. */
export async function categoriesForEditing(communityId: string): Promise<EditableCategory[]> {
	// Seeds the defaults on a community's first read.
	await communityCategories(communityId);
	const rows = await db().select().from(matterCategories).where(eq(matterCategories.communityId, communityId));
	return rows.sort((a, b) => a.sortOrder - b.sortOrder || a.id.localeCompare(b.id)).map(asEditable);
}

async function categoryRow(communityId: string, categoryId: string): Promise<CategoryRow | null> {
	if (categoryId.length > 64) return null;
	const [row] = await db()
		.select()
		.from(matterCategories)
		.where(and(eq(matterCategories.id, categoryId), eq(matterCategories.communityId, communityId)));
	return row ?? null;
}

/** A new top category after the last one, or a sub-category after its parent's last child. */
export async function createCategory(actor: MatterActor, body: unknown): Promise<EditableCategory> {
	requireEditor(actor);
	const input = parseOrRefuse(categoryCreateSchema, body, 'error_category_input');
	const communityId = actor.community.id;
	await communityCategories(communityId);
	const parent = input.parentId ? await categoryRow(communityId, input.parentId) : null;
	// Two levels only, and never under a retired category.
	if (input.parentId && (!parent || parent.parentId !== null || parent.retiredAt !== null)) throw refusal(400, 'error_category_parent');

	const created = await db().transaction(async (tx) => {
		// Two additions at once count each other.
		await tx.select({ id: communities.id }).from(communities).where(eq(communities.id, communityId)).for('update');
		const existing = await tx.select({ id: matterCategories.id }).from(matterCategories).where(eq(matterCategories.communityId, communityId));
		if (existing.length >= maxCategories) throw refusal(400, 'error_category_too_many', { max: maxCategories });
		const [last] = await tx
			.select({ sortOrder: max(matterCategories.sortOrder) })
			.from(matterCategories)
			.where(and(eq(matterCategories.communityId, communityId), parent ? eq(matterCategories.parentId, parent.id) : undefined));
		const sortOrder = parent ? Math.max(last?.sortOrder ?? parent.sortOrder, parent.sortOrder) + 1 : (Math.floor((last?.sortOrder ?? -100) / 100) + 1) * 100;
		const [row] = await tx
			.insert(matterCategories)
			.values({ id: newId(), communityId, parentId: parent?.id ?? null, name: input.name, nameEn: input.nameEn, limits: input.limits, sortOrder })
			.returning();
		return row;
	});
	await announceMattersChange(communityId);
	return asEditable(created);
}

/**
 * Rename, set or clear (null: the parent's, or the defaults) the limits, retire or bring back.
 * Retiring a top category retires its sub-categories with it; a sub-category comes back only
 * under a category in use. 404 for a category of another community.
 */
export async function editCategory(actor: MatterActor, categoryId: string, body: unknown, now = new Date()): Promise<EditableCategory> {
	requireEditor(actor);
	const input = parseOrRefuse(categoryEditSchema, body, 'error_category_input');
	const communityId = actor.community.id;
	const row = await categoryRow(communityId, categoryId);
	if (!row) throw refusal(404, 'error_category_not_found');
	if (input.retired === false && row.parentId) {
		const parent = await categoryRow(communityId, row.parentId);
		if (parent?.retiredAt) throw refusal(400, 'error_category_parent_retired');
	}
	const retiredAt = input.retired === undefined ? undefined : input.retired ? (row.retiredAt ?? now) : null;
	const change = { name: input.name, nameEn: input.nameEn, limits: input.limits, retiredAt };
	const defined = Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined));
	if (Object.keys(defined).length === 0) return asEditable(row);

	const updated = await db().transaction(async (tx) => {
		const [fresh] = await tx.update(matterCategories).set(defined).where(eq(matterCategories.id, row.id)).returning();
		if (input.retired && row.parentId === null) {
			await tx
				.update(matterCategories)
				.set({ retiredAt: fresh.retiredAt })
				.where(and(eq(matterCategories.parentId, row.id), isNull(matterCategories.retiredAt)));
		}
		return fresh;
	});
	await announceMattersChange(communityId);
	return asEditable(updated);
}
