/**
 * Progress math for task boards: counts of household marks per unit, building,
 * liaison and task, the building state the map colours by, and the door grid's tap cycle.
 * Pure functions over plain data. Every coverage figure of a building, on any screen or in the
 * task API, is `tallyBuilding`'s; every figure over several buildings is `sumTallies` of those.
 */
import { progressStatuses, type ProgressEntry, type ProgressStatus, type TaskStatus } from './community-doc';
import { parseHouseholdCode } from './households';

/** Households counted for one unit, building, liaison or task. */
export type Tally = {
	total: number;
	visited: number;
	absent: number;
	refused: number;
	issue: number;
	/** Households with any status; always visited + absent + refused + issue. */
	done: number;
	/** Latest `at` among the counted marks, null when there are none. */
	lastAt: number | null;
};

export type Marks = ReadonlyMap<string, ProgressEntry> | Readonly<Record<string, ProgressEntry>>;

export function emptyTally(total = 0): Tally {
	return { total, visited: 0, absent: 0, refused: 0, issue: 0, done: 0, lastAt: null };
}

/** Only entries with a known status count; a malformed mark is treated as no mark. */
export function countedStatus(entry: ProgressEntry | null | undefined): ProgressStatus | null {
	return entry && (progressStatuses as readonly string[]).includes(entry.s) ? entry.s : null;
}

export function markOf(marks: Marks, code: string): ProgressEntry | undefined {
	if (marks instanceof Map) return marks.get(code);
	const record = marks as Readonly<Record<string, ProgressEntry>>;
	return Object.hasOwn(record, code) ? record[code] : undefined;
}

function countMark(tally: Tally, entry: ProgressEntry): void {
	const status = countedStatus(entry);
	if (!status) return;
	tally[status]++;
	tally.done++;
	tally.lastAt = laterOf(tally.lastAt, entry.at);
}

function laterOf(a: number | null, b: number | null): number | null {
	if (a === null) return b;
	if (b === null) return a;
	return Math.max(a, b);
}

/**
 * Tally of the households `codes` (a unit of the door grid, or a building's whole list); marks
 * for codes not in the list are ignored. For a building's figure use `tallyBuilding`.
 */
export function tallyHouseholds(codes: readonly string[], marks: Marks): Tally {
	const tally = emptyTally(codes.length);
	for (const code of codes) {
		const entry = markOf(marks, code);
		if (entry) countMark(tally, entry);
	}
	return tally;
}

/** What a screen knows of a building's households: its codes (every task page is sent them) and how many. */
export type BuildingHouseholds = {
	/** Household codes in door order; empty when none were entered. */
	households: readonly string[];
	householdCount: number;
};

function entriesOf(marks: Marks): [string, ProgressEntry][] {
	return marks instanceof Map ? [...marks] : Object.entries(marks);
}

/**
 * One building's coverage from its marks: the one rule behind the board, the task map, the
 * liaison's lists, the task list and the task API (live document or `progress_events` rows).
 *
 * With the household codes, the marks of those codes count and no other: a mark on a code the
 * building does not have (a household since removed, a stray write) is not a household visited.
 *
 * Without them (a building whose list was never entered, the same for every screen and the API),
 * every mark with a status counts, but never more than the household count: a building of 24
 * households can never read 26/24, and a figure past its total would also make it "done" and
 * hide the households nobody has visited. When there are more marks than households, the latest
 * marks count (ties by code), so every screen picks the same ones whatever order they arrived in.
 * An unknown building counts as one of no households.
 */
export function tallyBuilding(building: BuildingHouseholds | undefined, marks: Marks): Tally {
	if (building && building.households.length > 0) return tallyHouseholds(building.households, marks);
	const size = building?.householdCount ?? 0;
	const tally = emptyTally(size);
	const counted = entriesOf(marks).filter(([, entry]) => countedStatus(entry));
	if (counted.length > size) counted.sort(([codeA, a], [codeB, b]) => b.at - a.at || (codeA < codeB ? -1 : codeA > codeB ? 1 : 0));
	for (const [, entry] of counted.slice(0, size)) countMark(tally, entry);
	return tally;
}

/**
 * Tally per unit, in unit order, for the door grid's unit headers. Codes that do not parse
 * are counted under unit 0, so the units always add up to the building.
 */
export function tallyByUnit(codes: readonly string[], marks: Marks): Map<number, Tally> {
	const codesByUnit = new Map<number, string[]>();
	for (const code of codes) {
		const unit = parseHouseholdCode(code)?.unit ?? 0;
		const list = codesByUnit.get(unit);
		if (list) list.push(code);
		else codesByUnit.set(unit, [code]);
	}
	const units = [...codesByUnit.keys()].sort((a, b) => a - b);
	return new Map(units.map((unit) => [unit, tallyHouseholds(codesByUnit.get(unit)!, marks)]));
}

/** One tally for several: a liaison's buildings, or every building of a task. */
export function sumTallies(tallies: Iterable<Tally>): Tally {
	const sum = emptyTally();
	for (const t of tallies) {
		sum.total += t.total;
		sum.visited += t.visited;
		sum.absent += t.absent;
		sum.refused += t.refused;
		sum.issue += t.issue;
		sum.done += t.done;
		sum.lastAt = laterOf(sum.lastAt, t.lastAt);
	}
	return sum;
}

export const buildingStates = ['untouched', 'partial', 'done', 'attention'] as const;
export type BuildingState = (typeof buildingStates)[number];

/** Refused or issue households need the chief's attention whatever the rest looks like. */
export function buildingState(t: Tally): BuildingState {
	if (t.refused > 0 || t.issue > 0) return 'attention';
	if (t.total > 0 && t.done >= t.total) return 'done';
	return t.done > 0 ? 'partial' : 'untouched';
}

/**
 * The one place the map's (and the board's) progress colours come from: mid tones that stay
 * readable under the dark building labels and against the light neutral background.
 */
export const buildingStateColours: Readonly<Record<BuildingState, string>> = {
	untouched: '#a8a29e', // grey
	partial: '#f59e0b', // amber
	done: '#22c55e', // green
	attention: '#ef4444' // red
};

/**
 * The door grid's one tap: visited → absent → refused → clear → visited. 'issue' is set by
 * its own control; a tap on an issue household clears it, so the next tap starts the cycle.
 */
export function cycleStatus(current: ProgressStatus | null): ProgressStatus | null {
	switch (current) {
		case null:
			return 'visited';
		case 'visited':
			return 'absent';
		case 'absent':
			return 'refused';
		default:
			return null;
	}
}

/**
 * Past its due time and not finished: `status` is the task's (closed is never overdue) or a
 * building's or liaison's state (done is never overdue). Exactly at the due time is not late.
 */
export function isOverdue(dueAt: number | null, now: number, status: TaskStatus | BuildingState): boolean {
	if (dueAt === null || status === 'closed' || status === 'done') return false;
	return now > dueAt;
}
