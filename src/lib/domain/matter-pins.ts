/**
 * Matters on the map: the pin the server sends, the colour groups the map filters by, and the
 * moment a pin's colour next changes on its own (a due time coming or passing), so the map
 * can redraw then instead of checking on a timer.
 */
import type { Position } from './geojson';
import type { MatterCategory } from './matter-categories';
import { nextDueStateChange } from './matter-deadlines';
import { matterTone, type MatterTone } from './matter-stage';
import type { MatterStatus } from './matters';

/** A matter at its point, or at its building's representative point. */
export type MatterPin = { id: string; status: MatterStatus; urgent: boolean; category: string; dueAt: number | null; point: Position };

/** Closed, rejected and merged matters stay on the map this long after their last change. */
export const finishedPinDays = 30;

/** The map's colour filter: amber (due soon) is still open, only red is overdue. */
export const pinToneGroups = ['open', 'overdue', 'resolved', 'closed'] as const;
export type PinToneGroup = (typeof pinToneGroups)[number];

export function pinToneGroup(tone: MatterTone): PinToneGroup {
	return tone === 'due-soon' ? 'open' : tone;
}

/** When the first of these pins changes colour by itself, or null when none will. */
export function nextToneChange(pins: readonly Pick<MatterPin, 'status' | 'dueAt'>[], now: number): number | null {
	let next: number | null = null;
	for (const pin of pins) {
		const at = nextDueStateChange(pin.dueAt, now);
		// Only a running matter (routed, accepted) changes colour with its due time.
		if (at !== null && (next === null || at < next) && matterTone(pin, at) !== matterTone(pin, now)) next = at;
	}
	return next;
}

/** The top category a category belongs to (itself for a top one): the map filters by these. */
export function topCategoryOf(categoryId: string, categories: readonly Pick<MatterCategory, 'id' | 'parentId'>[]): string {
	const category = categories.find((c) => c.id === categoryId);
	return category?.parentId ?? categoryId;
}
