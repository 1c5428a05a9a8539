/**
 * How long ago a building was last visited, in the bands the dashboard's map is coloured by:
 * 0–7 days, 8–14, 15–30, over 30, never. Days are calendar days on the community's clock: a
 * visit last night at 23:00 is one day ago this morning.
 */
import { dayOf, daysBetween } from './diary-dates';

export const visitAgeBands = ['within7', 'within14', 'within30', 'over30', 'never'] as const;
export type VisitAgeBand = (typeof visitAgeBands)[number];

/** The last day each band holds (`never` holds none). */
export const visitAgeBandDays = { within7: 7, within14: 14, within30: 30 } as const;

/** Calendar days from `at` to `now` on the community's clock; 0 for the same day or a time ahead of `now`. */
export function daysSince(at: number, now: number): number {
	return Math.max(0, daysBetween(dayOf(at), dayOf(now)));
}

export function visitAgeBand(lastVisitAt: number | null, now: number): VisitAgeBand {
	if (lastVisitAt === null) return 'never';
	const days = daysSince(lastVisitAt, now);
	if (days <= visitAgeBandDays.within7) return 'within7';
	if (days <= visitAgeBandDays.within14) return 'within14';
	return days <= visitAgeBandDays.within30 ? 'within30' : 'over30';
}

/** Green for fresh, through amber, to red; grey for never. Readable on the light basemap. */
export const visitAgeColours: Readonly<Record<VisitAgeBand, string>> = {
	within7: '#16a34a',
	within14: '#84cc16',
	within30: '#f59e0b',
	over30: '#dc2626',
	never: '#78716c'
};

/** The attention list's threshold: a building unvisited longer than this needs someone. */
export const staleBuildingDays = visitAgeBandDays.within30;
