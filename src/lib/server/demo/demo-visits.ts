/**
 * One liaison going door to door for one task of the demo history: on a few evenings (or
 * weekend mornings and afternoons) within the task's window, from where they stopped last time,
 * unit by unit and floor by floor, a few minutes a door; doors where nobody answered are tried
 * again on a later visit. Pure: it only decides marks.
 */
import type { ProgressStatus } from '../../domain/community-doc';
import type { DemoCalendar } from './demo-calendar';
import { doorOutcomes, issueNotes, type LiaisonHabit } from './demo-habits';
import type { DemoRandom } from './demo-random';

export type HistoryBuilding = { id: string; label: string; codes: readonly string[]; neglectedSince: number | null };
export type PlannedMark = { buildingId: string; code: string; s: ProgressStatus; by: string; at: number; note?: string };

/** When a task can be worked on: from its dispatch to its due time (or today, whichever is first). */
type VisitWindow = { from: number; to: number };
export type VisitStyle = {
	/** Visits in the window. */
	sessions: number;
	/** Share of the liaison's households in scope to reach. */
	share: number;
	/** `night`: all on the evening of the window's first day. */
	when: 'days' | 'night';
	/** Chance that a door nobody answered is tried again on a later visit. */
	revisit: number;
};

/** Where a liaison left off in a series of rounds: the next door in its order. */
export type Cursor = { next: number };

type Door = { building: HistoryBuilding; code: string };

export type Visitor = {
	userId: string;
	habit: LiaisonHabit;
	buildings: readonly HistoryBuilding[];
};

function doorsOf(buildings: readonly HistoryBuilding[]): Door[] {
	return buildings.flatMap((building) => building.codes.map((code) => ({ building, code })));
}

function outcome(random: DemoRandom): { s: ProgressStatus; note?: string } {
	const s = random.weighted(doorOutcomes);
	return s === 'issue' ? { s, note: random.pick(issueNotes) } : { s };
}

/** Start times of the visits: distinct days in the window, evenings on weekdays, mornings or afternoons at weekends. */
function sessionStarts(calendar: DemoCalendar, window: VisitWindow, style: VisitStyle, visitor: Visitor, random: DemoRandom): number[] {
	const quietFrom = visitor.habit.quietSinceDaysAgo === null ? Infinity : calendar.at(visitor.habit.quietSinceDaysAgo, 0);
	const end = Math.min(window.to, calendar.today, quietFrom);
	if (style.when === 'night') {
		const start = Math.max(window.from + 40 * 60_000, calendar.at(calendar.daysAgoOf(window.from), 19, random.int(0, 60)));
		return start < end ? [start] : [];
	}
	const days: number[] = [];
	for (let daysAgo = calendar.daysAgoOf(window.from); daysAgo >= 1; daysAgo--) {
		const dayStart = calendar.at(daysAgo, 0);
		if (dayStart >= end) break;
		days.push(daysAgo);
	}
	const starts: number[] = [];
	const candidates = [...days];
	while (starts.length < style.sessions && candidates.length > 0) {
		const daysAgo = candidates.splice(random.int(0, candidates.length - 1), 1)[0];
		const weekend = calendar.isWeekend(daysAgo);
		const start = weekend
			? calendar.at(daysAgo, random.chance(0.5) ? 9 : 15, random.int(0, 90))
			: calendar.at(daysAgo, 18, random.int(30, 110));
		if (start >= window.from + 30 * 60_000 && start + 90 * 60_000 < end) starts.push(start);
	}
	return starts.sort((a, b) => a - b);
}

/**
 * The marks `visitor` makes for a task, in time order. `cursor` carries the door order over a
 * series of rounds, so each week goes on from the last one.
 */
export function visitDoors(
	calendar: DemoCalendar,
	window: VisitWindow,
	style: VisitStyle,
	visitor: Visitor,
	cursor: Cursor,
	random: DemoRandom
): PlannedMark[] {
	const doors = doorsOf(visitor.buildings);
	if (doors.length === 0) return [];
	const starts = sessionStarts(calendar, window, style, visitor, random);
	const target = Math.round(doors.length * style.share);
	const marks: PlannedMark[] = [];
	const unanswered: Door[] = [];
	let reached = 0;
	starts.forEach((start, index) => {
		let at = start;
		const knock = (door: Door) => {
			if (door.building.neglectedSince !== null && at >= door.building.neglectedSince) return false;
			const found = outcome(random);
			marks.push({ buildingId: door.building.id, code: door.code, by: visitor.userId, at, ...found });
			at += random.int(150, 360) * 1000;
			return found.s === 'absent';
		};
		for (const door of unanswered.splice(0).filter(() => random.chance(style.revisit))) {
			if (knock(door)) unanswered.push(door);
		}
		const quota = Math.ceil((target - reached) / (starts.length - index)) + random.int(-2, 2);
		for (let n = 0; n < quota && reached < Math.min(target, doors.length); n++) {
			const door = doors[cursor.next % doors.length];
			cursor.next++;
			reached++;
			if (knock(door)) unanswered.push(door);
		}
	});
	return marks;
}
