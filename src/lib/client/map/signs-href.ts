import type { Capabilities } from '$lib/domain/capabilities';
import { mayPrintSigns } from '$lib/domain/permissions';
import type { StructureProperties } from '$lib/domain/structure-map';

/**
 * Where the map's panel sends a viewer to print the selected place's 公示牌: a grid's signs, a
 * building's, or a micro-grid's one sign (asked for through its first building). Null for who
 * may not print there, as the policy says; the print page checks again.
 */
export function signsHref(
	capabilities: Capabilities,
	communityId: string,
	place: StructureProperties,
	firstBuildingOf: (microGridId: string) => string | undefined
): string | null {
	if (!capabilities.printSigns) return null;
	const { standing } = capabilities;
	const link = (params: Record<string, string>) => `/signs?${new URLSearchParams({ community: communityId, ...params })}`;
	if (place.kind === 'grid') return mayPrintSigns(standing, { gridId: place.id }) ? link({ gridId: place.id }) : null;
	if (place.kind === 'building') return mayPrintSigns(standing, place) ? link({ buildingId: place.id }) : null;
	const first = firstBuildingOf(place.id);
	return first && mayPrintSigns(standing, { gridId: place.gridId, microGridId: place.id }) ? link({ buildingId: first, per: 'microGrid' }) : null;
}
