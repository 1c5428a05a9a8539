/**
 * What a liaison's phone remembers between visits, in localStorage under the user's prefix
 * (so signing out removes it): task titles and building labels for refusal reports, when each
 * task was last opened, and which alerts were already sounded.
 */
import { userPrefix } from '$lib/client/sync/local-data';
import type { LabelLookup } from './refusal-report';

export type MemoryStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** localStorage where there is one (not during server rendering). */
export function browserStorage(): MemoryStorage | null {
	return typeof localStorage === 'undefined' ? null : localStorage;
}

function read<T>(storage: MemoryStorage | null, key: string, valid: (value: unknown) => value is T): T | null {
	try {
		const raw = storage?.getItem(key);
		const value: unknown = raw ? JSON.parse(raw) : null;
		return valid(value) ? value : null;
	} catch {
		return null;
	}
}

function write(storage: MemoryStorage | null, key: string, value: unknown): void {
	try {
		storage?.setItem(key, JSON.stringify(value));
	} catch {
		// Storage full or blocked: only the comfort features (labels, seen alerts) forget more.
	}
}

const isRecord = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);
const isStringRecord = (value: unknown): value is Record<string, string> =>
	isRecord(value) && Object.values(value).every((entry) => typeof entry === 'string');
const isNumberRecord = (value: unknown): value is Record<string, number> =>
	isRecord(value) && Object.values(value).every((entry) => typeof entry === 'number');
const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every((entry) => typeof entry === 'string');

/** Keeps the newest `limit` entries of a record (insertion order: the latest written last). */
function newest<T>(record: Record<string, T>, limit: number): Record<string, T> {
	const entries = Object.entries(record);
	return entries.length <= limit ? record : Object.fromEntries(entries.slice(-limit));
}

const labelLimit = 500;

/** Merges `labels` into what is remembered; writes only when something changed. */
export function rememberLabels(
	storage: MemoryStorage | null,
	userId: string,
	labels: { tasks?: readonly { id: string; title: string }[]; buildings?: readonly { id: string; label: string }[] }
): void {
	for (const [kind, list] of [
		['tasks', labels.tasks?.map(({ id, title }) => [id, title] as const)],
		['buildings', labels.buildings?.map(({ id, label }) => [id, label] as const)]
	] as const) {
		if (!list || list.length === 0) continue;
		const key = `${userPrefix(userId)}labels:${kind}`;
		const saved = read(storage, key, isStringRecord) ?? {};
		if (list.every(([id, text]) => saved[id] === text)) continue;
		for (const [id, text] of list) {
			delete saved[id];
			saved[id] = text;
		}
		write(storage, key, newest(saved, labelLimit));
	}
}

export function labelLookup(storage: MemoryStorage | null, userId: string): LabelLookup {
	const tasks = read(storage, `${userPrefix(userId)}labels:tasks`, isStringRecord) ?? {};
	const buildings = read(storage, `${userPrefix(userId)}labels:buildings`, isStringRecord) ?? {};
	return {
		taskTitle: (id) => (Object.hasOwn(tasks, id) ? tasks[id] : undefined),
		buildingLabel: (id) => (Object.hasOwn(buildings, id) ? buildings[id] : undefined)
	};
}

const viewsKey = (userId: string) => `${userPrefix(userId)}task-views`;

/** When the user last opened each task (taskId → epoch ms). */
export function taskViews(storage: MemoryStorage | null, userId: string): Record<string, number> {
	return read(storage, viewsKey(userId), isNumberRecord) ?? {};
}

export function noteTaskViewed(storage: MemoryStorage | null, userId: string, taskId: string, at = Date.now()): void {
	const views = taskViews(storage, userId);
	delete views[taskId];
	views[taskId] = at;
	write(storage, viewsKey(userId), newest(views, labelLimit));
}

const seenKey = (userId: string) => `${userPrefix(userId)}seen-alerts`;

/** Alert keys already sounded (see `checkAlerts`); null when none were ever remembered here. */
export function seenAlerts(storage: MemoryStorage | null, userId: string): string[] | null {
	return read(storage, seenKey(userId), isStringList);
}

export function rememberSeenAlerts(storage: MemoryStorage | null, userId: string, seen: readonly string[]): void {
	write(storage, seenKey(userId), seen);
}
