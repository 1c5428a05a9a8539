import { categoryName } from '../../domain/matter-categories';
import type { ResidentPageView } from '../../domain/resident-page';
import { getLocale } from '../../paraglide/runtime';
import { communityCategories } from '../matters/matter-categories';
import { loadBuildingSigns } from './building-signs';
import { resolvePublicCode } from './public-codes';

/** The resident page of a sign code, or null for a code that never was. Anyone may ask. */
export async function residentPage(code: string): Promise<ResidentPageView | null> {
	const target = await resolvePublicCode(code);
	if (!target) return null;
	if (target.replaced) return { replaced: true };
	const [[sign], categories] = await Promise.all([loadBuildingSigns(target.communityId, [target.buildingId]), communityCategories(target.communityId)]);
	if (!sign) return null;
	const locale = getLocale();
	return {
		replaced: false,
		sign,
		categories: categories.filter((category) => category.parentId === null).map((category) => ({ id: category.id, name: categoryName(category, locale) }))
	};
}
