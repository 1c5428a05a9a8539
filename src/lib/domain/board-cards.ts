/**
 * The task board's cards: one per liaison of the task's scope, with their buildings'
 * progress, and the figures, buckets, sorting and search the board shows over them. Pure
 * functions over a task snapshot and the task page context.
 */
import { addDays, epochOf, tonightDue, wallTime, type Zone } from './due-times';
import { buildingState, isOverdue, sumTallies, tallyBuilding, type BuildingState, type Tally } from './progress';
import type { TaskContext } from './task-context';
import type { TaskView } from './task-view';

export const boardBuckets = ['not-acknowledged', 'in-progress', 'done', 'has-issues'] as const;
export type BoardBucket = (typeof boardBuckets)[number];

export type BoardBuilding = {
	id: string;
	label: string;
	compoundName: string;
	tally: Tally;
	state: BuildingState;
};

/** The card of buildings whose micro-grid has no liaison (or that lie in no micro-grid). */
export const unassignedCardKey = 'unassigned';

export type BoardCard = {
	/** The liaison's user id, or `unassignedCardKey`. */
	key: string;
	userId: string | null;
	name: string;
	phone: string;
	/** When they tapped 收到; null when not yet (always null on the unassigned card). */
	ackAt: number | null;
	/** Roll-call reminders sent to them for this task. */
	reminders: number;
	buildings: BoardBuilding[];
	tally: Tally;
	/** Their ack or their own latest mark in the scope; for the unassigned card its latest mark. */
	lastAt: number | null;
	bucket: BoardBucket;
	overdue: boolean;
};

type Place = Pick<TaskContext, 'people' | 'microGrids' | 'buildings'>;

/** Every building of the scope with its progress, in label order (unknown buildings last, by id). */
export function boardBuildings(task: TaskView, place: Pick<TaskContext, 'buildings'>): BoardBuilding[] {
	const byId = new Map(place.buildings.map((building) => [building.id, building]));
	const inScope = new Set(task.scope);
	const known = place.buildings.filter((building) => inScope.has(building.id));
	const unknown = task.scope.filter((id) => !byId.has(id)).sort();
	return [...known.map((b) => b.id), ...unknown].map((id) => {
		const building = byId.get(id);
		const tally = tallyBuilding(building, task.progress[id] ?? {});
		return { id, label: building?.label ?? id, compoundName: building?.compoundName ?? '', tally, state: buildingState(tally) };
	});
}

function bucketOf(tally: Tally, acked: boolean): BoardBucket {
	// Refused or issue households need the chief whatever else is true; a finished card is done
	// even without its 收到; otherwise the ack decides, matching the roll-call.
	if (tally.refused > 0 || tally.issue > 0) return 'has-issues';
	if (tally.total > 0 && tally.done >= tally.total) return 'done';
	return acked ? 'in-progress' : 'not-acknowledged';
}

function latest(...values: (number | null)[]): number | null {
	const present = values.filter((value): value is number => value !== null);
	return present.length > 0 ? Math.max(...present) : null;
}

/** The latest mark each user made in the scope's buildings, in one pass over the marks. */
function lastMarkByUser(task: TaskView): Map<string, number> {
	const last = new Map<string, number>();
	for (const id of new Set(task.scope)) {
		for (const entry of Object.values(task.progress[id] ?? {})) if (entry.at > (last.get(entry.by) ?? -Infinity)) last.set(entry.by, entry.at);
	}
	return last;
}

/** The cards of the board, liaisons in name order, the unassigned card (if any) last. */
export function boardCards(task: TaskView, place: Place, now: number): BoardCard[] {
	const buildings = boardBuildings(task, place);
	const microOf = new Map(place.buildings.map((building) => [building.id, building.microGridId]));
	const liaisonsOf = new Map(place.microGrids.map((micro) => [micro.id, micro.liaisonIds]));
	const perLiaison = new Map<string, BoardBuilding[]>();
	const unassigned: BoardBuilding[] = [];
	for (const building of buildings) {
		const microGridId = microOf.get(building.id);
		const liaisonIds = microGridId ? (liaisonsOf.get(microGridId) ?? []) : [];
		if (liaisonIds.length === 0) unassigned.push(building);
		for (const userId of liaisonIds) {
			const own = perLiaison.get(userId);
			if (own) own.push(building);
			else perLiaison.set(userId, [building]);
		}
	}
	const people = new Map(place.people.map((person) => [person.id, person]));
	const lastMarks = lastMarkByUser(task);
	const finish = (card: Omit<BoardCard, 'overdue'>): BoardCard => ({
		...card,
		overdue: task.status === 'open' && isOverdue(task.dueAt, now, card.bucket === 'done' ? 'done' : 'open')
	});
	const cards = [...perLiaison].map(([userId, own]) => {
		const tally = sumTallies(own.map((b) => b.tally));
		const ackAt = task.acks[userId] ?? null;
		const person = people.get(userId);
		return finish({
			key: userId,
			userId,
			name: person?.displayName ?? userId,
			phone: person?.phone ?? '',
			ackAt,
			reminders: task.reminders.filter((reminder) => reminder.to.includes(userId)).length,
			buildings: own,
			tally,
			lastAt: latest(ackAt, lastMarks.get(userId) ?? null),
			bucket: bucketOf(tally, ackAt !== null)
		});
	});
	const sorted = sortCards(cards, 'name');
	if (unassigned.length === 0) return sorted;
	const tally = sumTallies(unassigned.map((b) => b.tally));
	return [
		...sorted,
		finish({
			key: unassignedCardKey,
			userId: null,
			name: '',
			phone: '',
			ackAt: null,
			reminders: 0,
			buildings: unassigned,
			tally,
			lastAt: tally.lastAt,
			bucket: bucketOf(tally, true)
		})
	];
}

export const cardSorts = ['name', 'progress', 'activity'] as const;
export type CardSort = (typeof cardSorts)[number];

const share = (tally: Tally) => (tally.total > 0 ? tally.done / tally.total : 1);

/**
 * name: A→Z (pinyin order in Chinese); progress: least done first, so whoever lags is on top;
 * activity: most recent first, never-active last. The unassigned card always stays last.
 */
export function sortCards(cards: readonly BoardCard[], by: CardSort): BoardCard[] {
	const byName = (a: BoardCard, b: BoardCard) => a.name.localeCompare(b.name, 'zh-CN') || a.key.localeCompare(b.key);
	const compare: Record<CardSort, (a: BoardCard, b: BoardCard) => number> = {
		name: byName,
		progress: (a, b) => share(a.tally) - share(b.tally) || byName(a, b),
		activity: (a, b) => (b.lastAt ?? -Infinity) - (a.lastAt ?? -Infinity) || byName(a, b)
	};
	const rank = (card: BoardCard) => (card.userId === null ? 1 : 0);
	return [...cards].sort((a, b) => rank(a) - rank(b) || compare[by](a, b));
}

/** Cards whose liaison's name, or one of whose buildings (label or compound), contains `query`. */
export function searchCards(cards: readonly BoardCard[], query: string): BoardCard[] {
	const needle = query.trim().toLocaleLowerCase();
	if (!needle) return [...cards];
	const has = (text: string) => text.toLocaleLowerCase().includes(needle);
	return cards.filter(
		(card) => has(card.name) || card.buildings.some((b) => has(b.label) || has(`${b.compoundName}${b.label}`))
	);
}

export function bucketCounts(cards: readonly BoardCard[]): Record<BoardBucket, number> {
	const counts = Object.fromEntries(boardBuckets.map((bucket) => [bucket, 0])) as Record<BoardBucket, number>;
	for (const card of cards) counts[card.bucket]++;
	return counts;
}

export type TaskFigures = {
	tally: Tally;
	buildings: number;
	liaisons: number;
	acknowledged: number;
	overdue: boolean;
};

/** The whole task's figures: each building counted once, even when two liaisons share it. */
export function taskFigures(task: TaskView, cards: readonly BoardCard[], now: number): TaskFigures {
	const buildings = new Map(cards.flatMap((card) => card.buildings.map((b) => [b.id, b.tally] as const)));
	const tally = sumTallies(buildings.values());
	const liaisons = cards.filter((card) => card.userId !== null);
	const finished = tally.total > 0 && tally.done >= tally.total;
	return {
		tally,
		buildings: buildings.size,
		liaisons: liaisons.length,
		acknowledged: liaisons.filter((card) => card.ackAt !== null).length,
		overdue: isOverdue(task.dueAt, now, finished ? 'done' : task.status)
	};
}

/** Roll-call: the liaisons of the scope who have not tapped 收到. */
export function notAcknowledged(cards: readonly BoardCard[]): BoardCard[] {
	return cards.filter((card) => card.userId !== null && card.ackAt === null);
}

/**
 * The due time a new round starts with: rounds are weekly, so the old due time a week on
 * (on the wall clock), as many weeks as it takes to lie ahead; tonight for a task without one.
 */
export function nextRoundDue(dueAt: number | null, now: number, zone: Zone): number {
	if (dueAt === null) return tonightDue(now, zone).at;
	const wall = wallTime(dueAt, zone);
	const weeks = Math.max(1, Math.ceil((now - dueAt) / (7 * 86_400_000)));
	let next = epochOf(addDays(wall, 7 * weeks), zone);
	// A daylight-saving change can leave the estimate a week short.
	while (next <= now) next = epochOf(addDays(wallTime(next, zone), 7), zone);
	return next;
}
