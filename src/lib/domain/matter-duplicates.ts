/**
 * Possible duplicates for the 会商 queue: open matters of the same category in the same
 * building, or within 30 m of each other. A flag for the meeting to look at, never a merge.
 */
import distance from '@turf/distance';
import type { Position } from './geojson';
import { finalStatuses, type MatterStatus } from './matters';

export const duplicateRadiusMetres = 30;

export type MatterSpot = {
	id: string;
	categoryId: string;
	status: MatterStatus;
	buildingId: string | null;
	/** Where it was reported: the point on the map, or its building's centre. */
	point: Position | null;
};

/** Distance in metres on the ground between two [lng, lat] positions. */
export function metresBetween(a: Position, b: Position): number {
	return distance(a, b, { units: 'meters' });
}

export function isOpenMatter(status: MatterStatus): boolean {
	return !finalStatuses.includes(status);
}

/** The open matters of `others` that may be the same problem as `matter` (itself excluded). */
export function possibleDuplicates(matter: MatterSpot, others: readonly MatterSpot[]): MatterSpot[] {
	return others.filter((other) => {
		if (other.id === matter.id || other.categoryId !== matter.categoryId || !isOpenMatter(other.status)) return false;
		if (matter.buildingId && other.buildingId === matter.buildingId) return true;
		return !!matter.point && !!other.point && metresBetween(matter.point, other.point) <= duplicateRadiusMetres;
	});
}
