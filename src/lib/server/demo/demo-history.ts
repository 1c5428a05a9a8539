/**
 * The demo's eight weeks of tasks as plain data: every task with its acknowledgements,
 * roll-call reminders, notes and every mark in the order it was made. Deterministic: the same
 * places and the same day give the same history (ids come from `makeId`). Written to the
 * database and the live document by `demo-history-seed.ts`.
 */
import type { Reminder, TaskNote } from '../../domain/community-doc';
import type { NewTask } from '../../domain/task-doc';
import { DemoCalendar } from './demo-calendar';
import { ackDelayMinutes, liaisonHabit, neglectedBuildings, type LiaisonHabit } from './demo-habits';
import { DemoRandom } from './demo-random';
import { taskSpecs, type TaskSpec } from './demo-task-series';
import { visitDoors, type Cursor, type HistoryBuilding, type PlannedMark, type Visitor } from './demo-visits';

export type { HistoryBuilding, PlannedMark };
export type HistoryMicroGrid = { liaisonId: string; buildings: HistoryBuilding[] };
export type HistoryGrid = { chiefId: string; microGrids: HistoryMicroGrid[] };
/** The seeded structure, by the demo's order (grids 1–5, micro-grids 1–31), with ids and household codes. */
export type HistoryPlaces = { secretaryId: string; grids: HistoryGrid[] };

/** A task of the history: what dispatching it wrote, then what happened to it. */
export type PlannedTask = Required<NewTask> & {
	scope: string[];
	/** Null while open. */
	closedAt: number | null;
	acks: { userId: string; at: number }[];
	reminders: Reminder[];
	notes: TaskNote[];
	/** In the order they were made; a household may be marked more than once. */
	marks: PlannedMark[];
};

export type History = { today: number; tasks: PlannedTask[] };

type Crew = Visitor & { number: number };

/** The buildings that nobody visits after a day, with that day filled in. */
function withNeglect(places: HistoryPlaces, calendar: DemoCalendar): HistoryPlaces {
	const since = new Map<string, number>();
	const micro = places.grids.flatMap((grid) => grid.microGrids);
	for (const [number, index, daysAgo] of neglectedBuildings) since.set(micro[number - 1].buildings[index].id, calendar.at(daysAgo, 0));
	const mark = (b: HistoryBuilding) => ({ ...b, neglectedSince: since.get(b.id) ?? null });
	return { ...places, grids: places.grids.map((g) => ({ ...g, microGrids: g.microGrids.map((m) => ({ ...m, buildings: m.buildings.map(mark) })) })) };
}

function crews(places: HistoryPlaces, habits: LiaisonHabit[]): Crew[][] {
	let number = 0;
	return places.grids.map((grid) =>
		grid.microGrids.map((micro) => {
			number++;
			return { number, userId: micro.liaisonId, habit: habits[number - 1], buildings: micro.buildings };
		})
	);
}

/** 收到 after the liaison's habit, and before its first door; none from a quiet liaison or a forgetful one. */
function ackOf(spec: TaskSpec, crew: Crew, marks: PlannedMark[], calendar: DemoCalendar, random: DemoRandom): number | null {
	// Nobody answers the group chat in the small hours: a late 收到 comes the next morning.
	const at = calendar.awake(spec.createdAt + ackDelayMinutes(crew.habit.ack, random) * 60_000, random.int(5, 80));
	const quietFrom = crew.habit.quietSinceDaysAgo === null ? Infinity : calendar.at(crew.habit.quietSinceDaysAgo, 0);
	if (random.chance(0.04) && marks.length === 0) return null;
	const first = marks[0]?.at ?? Infinity;
	const acked = Math.max(spec.createdAt + 60_000, Math.min(at, first - random.int(2, 20) * 60_000));
	return acked < Math.min(quietFrom, calendar.today) ? acked : null;
}

function planTask(spec: TaskSpec, ids: Map<string, string>, people: { secretaryId: string; chiefs: string[] }, teams: Crew[][], cursors: Map<string, Cursor>, calendar: DemoCalendar): PlannedTask {
	const random = new DemoRandom(`task:${spec.key}`);
	const createdBy = spec.by === 'secretary' ? people.secretaryId : people.chiefs[spec.by.chiefOf];
	const crew = spec.grids.flatMap((grid) => teams[grid]);
	const end = Math.min(spec.closedAt ?? Infinity, spec.dueAt ?? Infinity, calendar.today);
	// A task still running has only got as far as the days gone by.
	const elapsed = spec.dueAt && spec.dueAt > calendar.today ? (calendar.today - spec.createdAt) / (spec.dueAt - spec.createdAt) : 1;
	const marks: PlannedMark[] = [];
	const acks: PlannedTask['acks'] = [];
	for (const member of crew) {
		const own = new DemoRandom(`task:${spec.key}:${member.number}`);
		const key = `${spec.series ?? spec.key}:${member.number}`;
		const cursor = cursors.get(key) ?? { next: spec.series === 'night' ? own.int(0, 200) : 0 };
		cursors.set(key, cursor);
		const share = (spec.style.share || member.habit.weeklyShare) * elapsed;
		const style = { ...spec.style, share, sessions: spec.style.sessions + own.int(0, 1) };
		const made = visitDoors(calendar, { from: spec.createdAt, to: end }, style, member, cursor, own);
		marks.push(...made);
		const at = ackOf(spec, member, made, calendar, own);
		if (at !== null) acks.push({ userId: member.userId, at });
	}
	marks.sort((a, b) => a.at - b.at);
	acks.sort((a, b) => a.at - b.at);
	return {
		id: ids.get(spec.key)!,
		title: spec.title,
		kind: spec.kind,
		instructions: spec.instructions,
		createdBy,
		createdAt: spec.createdAt,
		dueAt: spec.dueAt,
		round: spec.round?.number ?? 1,
		roundOf: spec.round && spec.round.number > 1 ? ids.get(spec.round.first)! : null,
		scope: crew.flatMap((member) => member.buildings.map((b) => b.id)),
		closedAt: spec.closedAt,
		acks,
		reminders: rollCall(spec, createdBy, crew, acks, calendar, random),
		notes: notesOf(spec, createdBy, crew, marks, random),
		marks
	};
}

/** Two hours after dispatch, the chief reminds those who have not said 收到 (most of the time). */
function rollCall(spec: TaskSpec, by: string, crew: Crew[], acks: PlannedTask['acks'], calendar: DemoCalendar, random: DemoRandom): Reminder[] {
	const at = spec.createdAt + random.int(100, 150) * 60_000;
	if (at >= calendar.today || (spec.closedAt !== null && at >= spec.closedAt) || !random.chance(0.7)) return [];
	const ackedBy = new Set(acks.filter((a) => a.at <= at).map((a) => a.userId));
	const to = crew.map((member) => member.userId).filter((id) => !ackedBy.has(id));
	return to.length > 0 ? [{ by, at, to }] : [];
}

function notesOf(spec: TaskSpec, by: string, crew: Crew[], marks: PlannedMark[], random: DemoRandom): TaskNote[] {
	const notes: TaskNote[] = [];
	if (spec.chiefNotes && random.chance(0.6)) notes.push({ by, at: spec.createdAt + 5 * 60_000, text: random.pick(spec.chiefNotes) });
	for (const member of crew) {
		const own = marks.filter((mark) => mark.by === member.userId);
		if (own.length < 10 || !random.chance(0.15)) continue;
		const last = own[own.length - 1];
		const building = member.buildings.find((b) => b.id === last.buildingId)!;
		const absent = own.filter((mark) => mark.buildingId === building.id && mark.s === 'absent').length;
		const text = absent > 0 ? `${building.label}今天走访完毕，${absent}户不在家，改天再去` : `${building.label}今天走访完毕`;
		notes.push({ by: member.userId, at: last.at + 120_000, buildingId: building.id, text });
	}
	return notes.sort((a, b) => a.at - b.at);
}

/** The history of the eight weeks before the day of `now`. */
export function demoHistory(places: HistoryPlaces, now: number, makeId: () => string): History {
	const calendar = new DemoCalendar(now);
	const habitSource = new DemoRandom('habits');
	const liaisons = places.grids.reduce((sum, grid) => sum + grid.microGrids.length, 0);
	const habits = Array.from({ length: liaisons }, (_, i) => liaisonHabit(i + 1, habitSource));
	const teams = crews(withNeglect(places, calendar), habits);
	const specs = taskSpecs(calendar).sort((a, b) => a.createdAt - b.createdAt);
	const ids = new Map(specs.map((spec) => [spec.key, makeId()]));
	const people = { secretaryId: places.secretaryId, chiefs: places.grids.map((g) => g.chiefId) };
	const cursors = new Map<string, Cursor>();
	return { today: calendar.today, tasks: specs.map((spec) => planTask(spec, ids, people, teams, cursors, calendar)) };
}
