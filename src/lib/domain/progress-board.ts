/**
 * The task board's figures kept up to date one mark at a time (issue 5): a tally per building,
 * per liaison and for the whole task. `apply` adjusts only the counts the changed mark feeds;
 * `recomputeAll` is the full recompute it is tested and benchmarked against.
 */
import type { ProgressEntry } from './community-doc';
import { countedStatus, countMark, markOf, sumTallies, tallyHouseholds, type Marks, type Tally } from './progress';

export type BoardBuilding = { id: string; codes: readonly string[]; marks?: Marks };
export type BoardInput = {
	buildings: readonly BoardBuilding[];
	/** Liaisons whose board cards count this building (usually those of its micro-grid). */
	liaisonOf: (buildingId: string) => readonly string[];
};
export type BoardTallies = { buildings: Map<string, Tally>; liaisons: Map<string, Tally>; task: Tally };

type BuildingSlot = {
	codes: readonly string[];
	/** How often each code appears in `codes`, so duplicates count as `tallyHouseholds` counts them. */
	times: Map<string, number>;
	/** Current counted marks of this building's codes only. */
	marks: Map<string, ProgressEntry>;
	liaisons: string[];
	tally: Tally;
};

export class ProgressBoard {
	#buildings = new Map<string, BuildingSlot>();
	#buildingsOfLiaison = new Map<string, string[]>();
	#liaisons = new Map<string, Tally>();
	#task: Tally;

	constructor({ buildings, liaisonOf }: BoardInput) {
		for (const { id, codes, marks } of buildings) {
			if (this.#buildings.has(id)) throw new Error(`building ${id} is listed twice`);
			const times = new Map<string, number>();
			for (const code of codes) times.set(code, (times.get(code) ?? 0) + 1);
			const kept = new Map<string, ProgressEntry>();
			for (const code of times.keys()) {
				const entry = marks && markOf(marks, code);
				if (countedStatus(entry)) kept.set(code, entry!);
			}
			const liaisons = [...new Set(liaisonOf(id))];
			for (const liaison of liaisons) {
				const list = this.#buildingsOfLiaison.get(liaison);
				if (list) list.push(id);
				else this.#buildingsOfLiaison.set(liaison, [id]);
			}
			this.#buildings.set(id, { codes: [...codes], times, marks: kept, liaisons, tally: tallyHouseholds(codes, kept) });
		}
		const all = this.recomputeAll();
		this.#liaisons = all.liaisons;
		this.#task = all.task;
	}

	/**
	 * Records one household's mark (null clears it). Counts move by the old and the new status
	 * in the building, its liaisons and the task. `lastAt` only rescans when the latest mark
	 * itself is cleared or moved back in time: the building's marks, then the cached building
	 * tallies of the sums that held it. Returns false when the mark is not for this board.
	 */
	apply(buildingId: string, code: string, entry: ProgressEntry | null): boolean {
		const slot = this.#buildings.get(buildingId);
		const times = slot?.times.get(code);
		if (!slot || !times) return false;
		const before = slot.marks.get(code) ?? null;
		const after = countedStatus(entry) ? entry : null;
		if (!before && !after) return false;
		if (after) slot.marks.set(code, after);
		else slot.marks.delete(code);

		const sums = [this.#task, ...slot.liaisons.map((liaison) => this.#liaisons.get(liaison)!)];
		for (const tally of [slot.tally, ...sums]) {
			if (before) countMark(tally, before, -times);
			if (after) countMark(tally, after, times);
		}

		const lastBefore = slot.tally.lastAt;
		if (after && (lastBefore === null || after.at >= lastBefore)) slot.tally.lastAt = after.at;
		else if (before && before.at === lastBefore) slot.tally.lastAt = latestMark(slot.marks);
		this.#carryLastAt(slot, lastBefore);
		return true;
	}

	#carryLastAt(slot: BuildingSlot, lastBefore: number | null): void {
		const lastAfter = slot.tally.lastAt;
		if (lastAfter === lastBefore) return;
		const carry = (sum: Tally, buildingIds: Iterable<string>) => {
			if (lastAfter !== null && (sum.lastAt === null || lastAfter > sum.lastAt)) sum.lastAt = lastAfter;
			else if (lastBefore === sum.lastAt) sum.lastAt = this.#latestOf(buildingIds);
		};
		carry(this.#task, this.#buildings.keys());
		for (const liaison of slot.liaisons) carry(this.#liaisons.get(liaison)!, this.#buildingsOfLiaison.get(liaison)!);
	}

	#latestOf(buildingIds: Iterable<string>): number | null {
		let latest: number | null = null;
		for (const id of buildingIds) {
			const at = this.#buildings.get(id)!.tally.lastAt;
			if (at !== null && (latest === null || at > latest)) latest = at;
		}
		return latest;
	}

	building(id: string): Tally | undefined {
		const tally = this.#buildings.get(id)?.tally;
		return tally && { ...tally };
	}

	liaison(id: string): Tally | undefined {
		const tally = this.#liaisons.get(id);
		return tally && { ...tally };
	}

	task(): Tally {
		return { ...this.#task };
	}

	/** The current incremental figures, in the shape `recomputeAll` returns. */
	snapshot(): BoardTallies {
		const buildings = new Map([...this.#buildings].map(([id, slot]) => [id, { ...slot.tally }]));
		const liaisons = new Map([...this.#liaisons].map(([id, tally]) => [id, { ...tally }]));
		return { buildings, liaisons, task: this.task() };
	}

	/** Every tally computed again from the recorded marks; reads the board, changes nothing. */
	recomputeAll(): BoardTallies {
		const buildings = new Map<string, Tally>();
		for (const [id, slot] of this.#buildings) buildings.set(id, tallyHouseholds(slot.codes, slot.marks));
		const liaisons = new Map<string, Tally>();
		for (const [liaison, ids] of this.#buildingsOfLiaison)
			liaisons.set(liaison, sumTallies(ids.map((id) => buildings.get(id)!)));
		return { buildings, liaisons, task: sumTallies(buildings.values()) };
	}
}

function latestMark(marks: ReadonlyMap<string, ProgressEntry>): number | null {
	let latest: number | null = null;
	for (const { at } of marks.values()) if (latest === null || at > latest) latest = at;
	return latest;
}
