/**
 * A liaison's task inbox: which open tasks concern them, which still wait for their
 * 收到, and what is new since they last looked (a task, or the chief's reminder), so the app
 * knows when to sound, vibrate and badge. Pure functions over task snapshots.
 */
import { tallyBuilding, type BuildingHouseholds, type Tally } from './progress';
import type { TaskView } from './task-view';

/** Open tasks whose scope holds any of `buildingIds` (the liaison's buildings), newest first. */
export function tasksForBuildings(tasks: readonly TaskView[], buildingIds: Iterable<string>): TaskView[] {
	const mine = new Set(buildingIds);
	return tasks
		.filter((task) => task.status === 'open' && task.scope.some((id) => mine.has(id)))
		.sort((a, b) => b.createdAt - a.createdAt || a.id.localeCompare(b.id));
}

export function ackOf(task: TaskView, userId: string): number | null {
	return Object.hasOwn(task.acks, userId) ? task.acks[userId] : null;
}

export function unacked(tasks: readonly TaskView[], userId: string): TaskView[] {
	return tasks.filter((task) => ackOf(task, userId) === null);
}

/** When the chief last reminded `userId` of this task, or null. */
export function lastReminderTo(task: TaskView, userId: string): number | null {
	let latest: number | null = null;
	for (const reminder of task.reminders) {
		if (reminder.to.includes(userId) && (latest === null || reminder.at > latest)) latest = reminder.at;
	}
	return latest;
}

/**
 * Whether the card asks them to confirm: reminded, not acknowledged yet, and the reminder came
 * after they last opened the task (an opened reminder has done its job).
 */
export function showsReminder(task: TaskView, userId: string, lastViewedAt: number | null): boolean {
	const reminded = lastReminderTo(task, userId);
	if (reminded === null || ackOf(task, userId) !== null) return false;
	return lastViewedAt === null || reminded > lastViewedAt;
}

/**
 * What deserves an alert, each as a key: an unacknowledged task (`t:<id>`) and the latest
 * reminder of it to them (`r:<id>:<at>`). Acknowledged tasks alert nobody.
 */
export function alertKeys(tasks: readonly TaskView[], userId: string): string[] {
	const keys: string[] = [];
	for (const task of unacked(tasks, userId)) {
		keys.push(`t:${task.id}`);
		const reminded = lastReminderTo(task, userId);
		if (reminded !== null) keys.push(`r:${task.id}:${reminded}`);
	}
	return keys;
}

/** How many alert keys are remembered as seen; closed tasks leave the document within 30 days anyway. */
export const seenLimit = 300;

export type AlertCheck = {
	/** Keys not seen before: a new task or a new reminder. Empty on the very first check. */
	fresh: string[];
	/** What to remember as seen from now on. */
	seen: string[];
};

/**
 * Compares what deserves an alert now with what was seen. `seen` null means nothing was ever
 * remembered (first sign-in on this phone): everything present becomes the baseline silently,
 * since the home page lists it anyway.
 */
export function checkAlerts(seen: readonly string[] | null, current: readonly string[]): AlertCheck {
	const known = new Set(seen ?? []);
	const now = new Set(current);
	const fresh = seen === null ? [] : current.filter((key) => !known.has(key));
	// Current keys go last, so the oldest that no longer matter are the first to be dropped.
	const remembered = [...(seen ?? []).filter((key) => !now.has(key)), ...now];
	return { fresh, seen: remembered.slice(-seenLimit) };
}

/**
 * The liaison's `buildings` that lie in the task's scope, in the order given, each with its
 * figures: the task page's building list and the home page's task cards both show these.
 */
export function liaisonBuildingTallies<B extends { id: string } & BuildingHouseholds>(task: TaskView, buildings: readonly B[]): { building: B; tally: Tally }[] {
	const scope = new Set(task.scope);
	return buildings.filter((building) => scope.has(building.id)).map((building) => ({ building, tally: tallyBuilding(building, task.progress[building.id] ?? {}) }));
}
