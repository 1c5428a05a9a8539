/**
 * The task map's progress colours: each building of a task's scope gets feature
 * state `progress` = untouched | partial | done | attention on the `structure` source. A mark
 * re-tallies only its own building (`tallyBuilding`, the figure every screen shows) and sets
 * state only where the colour changes; the GeoJSON source itself is never set again. Works
 * against anything with MapLibre's two feature-state methods, so it is tested and benchmarked
 * without a page.
 */
import type * as Y from 'yjs';
import type { ProgressEntry } from '$lib/domain/community-doc';
import { buildingState, tallyBuilding, type BuildingHouseholds, type BuildingState, type Tally } from '$lib/domain/progress';
import { watchTaskProgress, type ProgressFeedListener, type ProgressSeed } from '$lib/client/tasks/progress-feed';
import { structureSourceId } from './structure-layers';

export const progressStateKey = 'progress';

export type FeatureStateTarget = {
	setFeatureState(feature: { source: string; id: string }, state: Record<string, unknown>): void;
	removeFeatureState(feature: { source: string; id: string }, key?: string): void;
};

export type TaskMapBuilding = { id: string } & BuildingHouseholds;

export type StateCounts = Record<BuildingState, number>;

const noCounts = (): StateCounts => ({ untouched: 0, partial: 0, done: 0, attention: 0 });

/** One building of the scope: what is known of its households, and its current marks. */
type ScopeBuilding = {
	households: BuildingHouseholds | undefined;
	/** With the codes, the codes whose marks count: a mark on any other changes nothing. */
	codes: ReadonlySet<string> | null;
	marks: Map<string, ProgressEntry>;
};

export type TaskProgressOptions = {
	buildings: readonly TaskMapBuilding[];
	target: FeatureStateTarget;
	/** After a flush that changed some building's state: the ids whose colour changed. */
	onchange?: (changed: readonly string[]) => void;
	source?: string;
};

export class TaskProgressMap implements ProgressFeedListener {
	readonly #buildings: ReadonlyMap<string, TaskMapBuilding>;
	readonly #target: FeatureStateTarget;
	readonly #onchange: (changed: readonly string[]) => void;
	readonly #source: string;
	#scope = new Map<string, ScopeBuilding>();
	/** The state each in-scope building shows now (what the map was told). */
	#shown = new Map<string, BuildingState>();
	#dirty = new Set<string>();
	#counts = noCounts();

	constructor({ buildings, target, onchange, source = structureSourceId }: TaskProgressOptions) {
		this.#buildings = new Map(buildings.map((building) => [building.id, building]));
		this.#target = target;
		this.#onchange = onchange ?? (() => {});
		this.#source = source;
	}

	/** Follows task `taskId` of `doc`; returns the cleanup, which also removes the states it set. */
	watch(doc: Y.Doc, taskId: string): () => void {
		const stop = watchTaskProgress(doc, taskId, this);
		return () => {
			stop();
			this.clear();
		};
	}

	seed({ scope, progress }: ProgressSeed): void {
		const inScope = new Set(scope);
		for (const id of this.#shown.keys()) {
			if (inScope.has(id)) continue;
			this.#target.removeFeatureState({ source: this.#source, id }, progressStateKey);
			this.#counts[this.#shown.get(id)!]--;
			this.#shown.delete(id);
		}
		this.#scope = new Map();
		for (const id of inScope) {
			const households = this.#buildings.get(id);
			const codes = households && households.households.length > 0 ? new Set(households.households) : null;
			this.#scope.set(id, { households, codes, marks: new Map(Object.entries(progress[id] ?? {})) });
			this.#dirty.add(id);
		}
	}

	mark(buildingId: string, code: string, entry: ProgressEntry | null): void {
		const building = this.#scope.get(buildingId);
		if (!building || (building.codes && !building.codes.has(code))) return;
		if (entry) building.marks.set(code, entry);
		else if (!building.marks.delete(code)) return;
		this.#dirty.add(buildingId);
	}

	/** Sets feature state for the buildings whose state changed since the last flush. */
	flush(): void {
		if (this.#dirty.size === 0) return;
		const changed: string[] = [];
		for (const id of this.#dirty) {
			const tally = this.tally(id);
			if (!tally) continue;
			const state = buildingState(tally);
			const before = this.#shown.get(id);
			if (state === before) continue;
			this.#target.setFeatureState({ source: this.#source, id }, { [progressStateKey]: state });
			if (before) this.#counts[before]--;
			this.#counts[state]++;
			this.#shown.set(id, state);
			changed.push(id);
		}
		this.#dirty.clear();
		if (changed.length > 0) this.#onchange(changed);
	}

	/** Removes every state this map set (leaving task mode). */
	clear(): void {
		for (const id of this.#shown.keys()) this.#target.removeFeatureState({ source: this.#source, id }, progressStateKey);
		this.#shown.clear();
		this.#dirty.clear();
		this.#counts = noCounts();
	}

	/** A building's current figures, or undefined when it is not in the scope. */
	tally(buildingId: string): Tally | undefined {
		const building = this.#scope.get(buildingId);
		return building && tallyBuilding(building.households, building.marks);
	}

	state(buildingId: string): BuildingState | undefined {
		return this.#shown.get(buildingId);
	}

	/** How many buildings of the scope show each state. */
	counts(): StateCounts {
		return { ...this.#counts };
	}

	get scopeSize(): number {
		return this.#shown.size;
	}
}

export type LastRecorded = { userId: string; buildingId: string; at: number };

/**
 * Where each person last recorded progress in the scope: the building of their latest mark.
 * By building, never by position: the map shows a name at that building.
 */
export function lastRecordedPlaces(progress: Record<string, Record<string, ProgressEntry>>, scope: readonly string[]): LastRecorded[] {
	const latest = new Map<string, LastRecorded>();
	for (const buildingId of scope) {
		for (const entry of Object.values(progress[buildingId] ?? {})) {
			const known = latest.get(entry.by);
			if (!known || entry.at > known.at) latest.set(entry.by, { userId: entry.by, buildingId, at: entry.at });
		}
	}
	return [...latest.values()].sort((a, b) => b.at - a.at || a.userId.localeCompare(b.userId));
}
