/**
 * Matter categories: the common city-management split, with the demo community's usual
 * problems as sub-categories. A community starts with these; the secretary edits them.
 */
import { defaultLimits, isTimeLimit, type CategoryLimits } from './matter-deadlines';
import { destinationKinds } from './matters';

export type CategorySeed = { key: string; name: string; nameEn: string; children?: CategorySeed[] };

export const defaultCategories: readonly CategorySeed[] = [
	{ key: 'environment', name: '市容环境', nameEn: 'Street environment' },
	{
		key: 'facilities',
		name: '公用设施',
		nameEn: 'Public facilities',
		children: [
			{ key: 'street-lamp', name: '路灯维修', nameEn: 'Street lamp repair' },
			{ key: 'rain-pipe', name: '雨水管道', nameEn: 'Rain pipes' }
		]
	},
	{ key: 'greenery', name: '园林绿化', nameEn: 'Greenery', children: [{ key: 'replanting', name: '树木补种', nameEn: 'Tree replanting' }] },
	{ key: 'housing', name: '房屋及楼道', nameEn: 'Buildings and stairwells', children: [{ key: 'stairwell', name: '楼道卫生', nameEn: 'Stairwell cleanliness' }] },
	{ key: 'safety', name: '安全隐患', nameEn: 'Safety hazards', children: [{ key: 'security', name: '安保布防', nameEn: 'Security patrols' }] },
	{ key: 'neighbours', name: '邻里纠纷', nameEn: 'Neighbour disputes' },
	{ key: 'other', name: '其他', nameEn: 'Other' }
];

export type MatterCategory = {
	id: string;
	name: string;
	nameEn: string;
	parentId: string | null;
	/** Null: the parent's, or the defaults. */
	limits: CategoryLimits | null;
	sortOrder: number;
};

export const categoryNameMax = 40;

/** The limits that apply to a category: its own, else its parent's, else the defaults. */
export function limitsOf(categoryId: string, categories: readonly MatterCategory[]): CategoryLimits {
	const byId = new Map(categories.map((c) => [c.id, c]));
	for (let category = byId.get(categoryId), depth = 0; category && depth < 3; category = category.parentId ? byId.get(category.parentId) : undefined, depth++) {
		if (category.limits) return category.limits;
	}
	return defaultLimits;
}

export function isCategoryLimits(value: unknown): value is CategoryLimits {
	if (typeof value !== 'object' || value === null) return false;
	const limits = value as Record<string, unknown>;
	return isTimeLimit(limits.urgent) && destinationKinds.every((kind) => isTimeLimit(limits[kind]));
}

/** The name to show in a locale; an English name left empty falls back to the Chinese one. */
export function categoryName(category: Pick<MatterCategory, 'name' | 'nameEn'>, locale: string): string {
	return locale === 'en' && category.nameEn ? category.nameEn : category.name;
}

/** "公用设施 · 路灯维修" for a sub-category, the name alone for a top one. */
export function categoryPath(categoryId: string, categories: readonly MatterCategory[], locale: string): string {
	const category = categories.find((c) => c.id === categoryId);
	if (!category) return '';
	const parent = category.parentId ? categories.find((c) => c.id === category.parentId) : undefined;
	return parent ? `${categoryName(parent, locale)} · ${categoryName(category, locale)}` : categoryName(category, locale);
}

/** How many categories a community may have, retired ones included (they are never deleted). */
export const maxCategories = 100;

/** A category as the secretary's settings show it: retired ones too, marked. */
export type EditableCategory = MatterCategory & { retired: boolean };
