/**
 * The secretary's map coloured by days since each building was last visited: feature state
 * `visitAge` (a `VisitAgeBand`) on the `structure` source. Seeded with each building's last
 * visit as the server counted it at page load, and kept apart from it the latest visit mark the
 * live document holds (any task): a liaison's tap turns a red building green at once, and taking
 * the mark back turns it red again. Only feature state changes; the GeoJSON source is never set
 * again.
 */
import * as Y from 'yjs';
import { tasksOf } from '$lib/domain/task-doc';
import { countedStatus } from '$lib/domain/progress';
import { visitAgeBand, visitAgeBands, type VisitAgeBand } from '$lib/domain/visit-age';
import { validEntry } from '$lib/client/tasks/progress-feed';
import type { FeatureStateTarget } from './task-progress';
import { structureSourceId } from './structure-layers';

const visitAgeStateKey = 'visitAge';

export type VisitAgeCounts = Record<VisitAgeBand, number>;

type VisitAgeOptions = {
	/** buildingId → last visit (epoch ms) or null for never, for every building shown. */
	lastVisits: ReadonlyMap<string, number | null>;
	target: FeatureStateTarget;
	now?: () => number;
	onchange?: (changed: readonly string[]) => void;
	source?: string;
};

export class VisitAgeMap {
	/** The last visit as the server counted it when the page loaded. */
	readonly #seed: ReadonlyMap<string, number | null>;
	/** The latest visit mark the live document holds now, per building (absent: none). */
	readonly #live = new Map<string, number>();
	readonly #shown = new Map<string, VisitAgeBand>();
	readonly #target: FeatureStateTarget;
	readonly #now: () => number;
	readonly #onchange: (changed: readonly string[]) => void;
	readonly #source: string;
	#doc: Y.Doc | null = null;

	constructor({ lastVisits, target, now = Date.now, onchange, source = structureSourceId }: VisitAgeOptions) {
		this.#seed = new Map(lastVisits);
		this.#target = target;
		this.#now = now;
		this.#onchange = onchange ?? (() => {});
		this.#source = source;
	}

	/** Colours every building from the server's figures and the document's marks; then follows `doc` until the returned cleanup, which removes the states. */
	watch(doc: Y.Doc): () => void {
		this.#doc = doc;
		this.#read(this.#seed.keys());
		this.refresh();
		const tasks = tasksOf(doc);
		const onChange = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
			const touched = new Set<string>();
			for (const event of events) this.#collect(event, touched);
			this.#apply(this.#read(touched));
		};
		tasks.observeDeep(onChange);
		return () => {
			tasks.unobserveDeep(onChange);
			this.#doc = null;
			this.clear();
		};
	}

	/** Re-bands every building (time passes: a building may turn amber overnight). */
	refresh(): void {
		this.#apply(this.#seed.keys());
	}

	/** The buildings whose marks an event may have changed: added, replaced or taken back. */
	#collect(event: Y.YEvent<Y.AbstractType<unknown>>, touched: Set<string>): void {
		const [, head, buildingId] = event.path;
		const keys = [...event.changes.keys.keys()];
		// A building's marks.
		if (event.path.length === 3 && head === 'progress' && typeof buildingId === 'string') touched.add(buildingId);
		// A task's progress map: buildings' mark maps added or removed.
		else if (event.path.length === 2 && head === 'progress') for (const id of keys) touched.add(id);
		// The tasks map (tasks added, replaced or removed) or a task's progress map replaced: rare, read every building.
		else if (event.path.length === 0 || (event.path.length === 1 && keys.includes('progress'))) for (const id of this.#seed.keys()) touched.add(id);
	}

	/** Reads again, from the document as it is now, the latest visit mark of each building in `ids` across all tasks. */
	#read(ids: Iterable<string>): string[] {
		const read: string[] = [];
		const tasks = this.#doc ? [...tasksOf(this.#doc).values()] : [];
		for (const id of ids) {
			if (!this.#seed.has(id)) continue;
			const latest = latestVisitIn(tasks, id);
			if (latest === null) this.#live.delete(id);
			else this.#live.set(id, latest);
			read.push(id);
		}
		return read;
	}

	#apply(ids: Iterable<string>): void {
		const now = this.#now();
		const changed: string[] = [];
		for (const id of ids) {
			const band = visitAgeBand(this.lastVisit(id), now);
			if (this.#shown.get(id) === band) continue;
			this.#target.setFeatureState({ source: this.#source, id }, { [visitAgeStateKey]: band });
			this.#shown.set(id, band);
			changed.push(id);
		}
		if (changed.length > 0) this.#onchange(changed);
	}

	clear(): void {
		for (const id of this.#shown.keys()) this.#target.removeFeatureState({ source: this.#source, id }, visitAgeStateKey);
		this.#shown.clear();
	}

	/** The band the map shows for a building now (undefined before it is coloured). */
	band(buildingId: string): VisitAgeBand | undefined {
		return this.#shown.get(buildingId);
	}

	/** The later of the server's last visit and the document's latest visit mark. */
	lastVisit(buildingId: string): number | null {
		const seed = this.#seed.get(buildingId) ?? null;
		const live = this.#live.get(buildingId) ?? null;
		return live === null ? seed : seed === null ? live : Math.max(seed, live);
	}

	counts(): VisitAgeCounts {
		const counts = Object.fromEntries(visitAgeBands.map((band) => [band, 0])) as VisitAgeCounts;
		for (const band of this.#shown.values()) counts[band]++;
		return counts;
	}
}

/** The latest visit mark (any counted status) of a building across tasks; null when none. */
function latestVisitIn(tasks: readonly unknown[], buildingId: string): number | null {
	let latest: number | null = null;
	for (const task of tasks) {
		const progress = task instanceof Y.Map ? task.get('progress') : undefined;
		const marks = progress instanceof Y.Map ? progress.get(buildingId) : undefined;
		if (!(marks instanceof Y.Map)) continue;
		for (const value of marks.values()) {
			const entry = validEntry(value);
			if (entry && countedStatus(entry) && (latest === null || entry.at > latest)) latest = entry.at;
		}
	}
	return latest;
}
