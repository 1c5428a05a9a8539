import * as Y from 'yjs';
import { elementSegment, type WrittenContent } from '../../src/lib/domain/live-rules';
import type { ArchivedSlot } from './archived-paths';

type Struct = Y.Item | Y.GC | Y.Skip;
type Path = readonly string[];

/**
 * Where an item sits: its path, its key in a map (null in an array), and the map or array
 * holding it when that type is already in the document (null when the update creates it).
 */
export type Slot = {
	path: Path;
	key: string | null;
	parent: Y.AbstractType<unknown> | null;
	/** Placed through the archived paths: inside a task the document no longer holds. */
	archived?: true;
};

/** Why a struct's place in the document cannot be known. */
export class UnresolvedError extends Error {}

/** Slots of structs that archiving made Yjs forget (`ArchivedPaths`). */
export interface ArchivedLookup {
	slotOf(id: Y.ID, type: boolean): ArchivedSlot | undefined;
}

/**
 * A struct of the document whose place Yjs no longer knows: garbage-collected (the inside of an
 * archived task), or a deleted type whose content was dropped (the archived task's own item).
 */
function forgotten(struct: Struct): boolean {
	return struct instanceof Y.GC || (struct instanceof Y.Item && struct.deleted && struct.content instanceof Y.ContentDeleted);
}

// Types nest five deep in the community document (tasks/<id>/progress/<building>/<code>).
const maxNesting = 16;

function findIn(structs: Struct[], clock: number): Struct | undefined {
	const index = indexAtOrAfter(structs, clock);
	const struct = structs[index];
	return struct && struct.id.clock <= clock ? struct : undefined;
}

/** The index of the first struct that ends after `clock` (structs sorted and contiguous by clock). */
export function indexAtOrAfter(structs: readonly Struct[], clock: number): number {
	let low = 0;
	let high = structs.length;
	while (low < high) {
		const mid = (low + high) >> 1;
		if (structs[mid].id.clock + structs[mid].length <= clock) low = mid + 1;
		else high = mid;
	}
	return low;
}

export function contentOf(item: Y.Item): WrittenContent | null {
	const content = item.content;
	if (content instanceof Y.ContentAny) return { kind: 'values', values: content.getContent() };
	if (content instanceof Y.ContentDeleted) return { kind: 'deleted' };
	if (content instanceof Y.ContentType) {
		if (content.type instanceof Y.Map) return { kind: 'map' };
		if (content.type instanceof Y.Array) return { kind: 'array' };
	}
	return null;
}

/**
 * Resolves where structs sit in the community document: the path of the slot an item
 * occupies (`tasks/<id>/progress/<buildingId>/<code>`, array elements as `#`). Items of the
 * incoming update are resolved through their parent, or, when the encoding left the parent
 * out because the item has an origin, through that origin; either may live in the update or
 * in the loaded document. Every answer, and every failure, is remembered per struct, and
 * chains of origins are walked without recursion, so resolving a whole update costs
 * O(update × log n) whatever order its items refer to each other in.
 */
export class PathResolver {
	readonly #doc: Y.Doc;
	readonly #update = new Map<number, Struct[]>();
	readonly #slots = new Map<Struct, Slot>();
	readonly #unresolved = new Set<Struct>();
	readonly #typePaths = new Map<Y.AbstractType<unknown>, Path>();
	readonly #archived: ArchivedLookup | null;
	/** An item referred to a forgotten struct while the archived paths were not at hand. */
	needsArchived = false;
	/** An item referred to a forgotten struct the archived paths do not know. */
	missedArchived = false;

	/**
	 * `updateStructs` must hold each client's structs in one run of ascending clocks (checked by
	 * the caller). `archived`: null when the archived paths are not loaded (`needsArchived` then
	 * says whether the update needed them).
	 */
	constructor(doc: Y.Doc, updateStructs: readonly Struct[], archived: ArchivedLookup | null = null) {
		this.#doc = doc;
		this.#archived = archived;
		for (const struct of updateStructs) {
			const list = this.#update.get(struct.id.client);
			if (list) list.push(struct);
			else this.#update.set(struct.id.client, [struct]);
		}
	}

	/** The struct covering `id`, from the document first (it wins once integrated), then the update. */
	find(id: Y.ID): { struct: Struct; integrated: boolean } | undefined {
		if (id.clock < Y.getState(this.#doc.store, id.client)) {
			const structs = this.#doc.store.clients.get(id.client) as Struct[];
			return { struct: structs[Y.findIndexSS(structs as never, id.clock)], integrated: true };
		}
		const structs = this.#update.get(id.client);
		const struct = structs && findIn(structs, id.clock);
		return struct ? { struct, integrated: false } : undefined;
	}

	updateStructsOf(client: number): readonly Struct[] {
		return this.#update.get(client) ?? [];
	}

	/** The slot `item` fills. Throws UnresolvedError when its parent is unknown. */
	slot(item: Y.Item, integrated: boolean): Slot {
		return this.#slot(item, integrated, 0);
	}

	#slot(item: Y.Item, integrated: boolean, nesting: number): Slot {
		const known = this.#slots.get(item);
		if (known) return known;
		if (this.#unresolved.has(item)) throw new UnresolvedError('unresolved');
		if (nesting > maxNesting) throw new UnresolvedError('too deep');
		if (integrated) return this.#remember([item], this.#integratedSlot(item, nesting));
		// Walk the chain of origins to the first item whose place is known or stated.
		const chain: Y.Item[] = [];
		const seen = new Set<Y.Item>();
		let current = item;
		try {
			for (;;) {
				chain.push(current);
				seen.add(current);
				if (current.parent !== null) return this.#remember(chain, this.#statedSlot(current, nesting));
				const neighbourId = current.origin ?? current.rightOrigin;
				const neighbour = neighbourId && this.find(neighbourId);
				// Next to a mark of an archived task: it fills the same slot.
				if (neighbour && neighbour.integrated && neighbour.struct instanceof Y.GC) return this.#remember(chain, this.#archivedSlot(neighbourId, false));
				if (!neighbour || !(neighbour.struct instanceof Y.Item) || seen.has(neighbour.struct)) throw new UnresolvedError('unknown origin');
				const next = neighbour.struct;
				const nextKnown = this.#slots.get(next);
				if (nextKnown) return this.#remember(chain, nextKnown);
				if (this.#unresolved.has(next)) throw new UnresolvedError('unresolved origin');
				// The encoding drops parent and key when the item has an origin: they are the origin's.
				if (neighbour.integrated) return this.#remember(chain, this.#slot(next, true, nesting));
				current = next;
			}
		} catch (error) {
			for (const link of chain) this.#unresolved.add(link);
			throw error;
		}
	}

	#remember(chain: readonly Y.Item[], slot: Slot): Slot {
		for (const link of chain) this.#slots.set(link, slot);
		return slot;
	}

	#integratedSlot(item: Y.Item, nesting: number): Slot {
		const parent = item.parent;
		if (!(parent instanceof Y.AbstractType)) throw new UnresolvedError('garbage-collected parent');
		const key = item.parentSub;
		return { path: [...this.#typePath(parent, nesting), key ?? elementSegment], key, parent };
	}

	#typePath(type: Y.AbstractType<unknown>, nesting: number): Path {
		const known = this.#typePaths.get(type);
		if (known) return known;
		const path = type._item === null ? [Y.findRootTypeKey(type)] : this.#slot(type._item, true, nesting + 1).path;
		this.#typePaths.set(type, path);
		return path;
	}

	/** The slot of a forgotten struct; `type`: it must have held a map or an array. */
	#archivedSlot(id: Y.ID, type: boolean): Slot {
		if (!this.#archived) {
			this.needsArchived = true;
			throw new UnresolvedError('archived paths not loaded');
		}
		const slot = this.#archived.slotOf(id, type);
		if (!slot) {
			this.missedArchived = true;
			throw new UnresolvedError('not an archived struct');
		}
		// The type itself is gone: nothing in the document is replaced, and Yjs stores the item as a tombstone.
		return { path: slot.path, key: slot.key, parent: null, archived: true };
	}

	/** An item of the update that names its parent: a root type's name, or the id of a type item. */
	#statedSlot(item: Y.Item, nesting: number): Slot {
		const parent = item.parent as unknown;
		const key = item.parentSub;
		if (typeof parent === 'string') {
			const root = (this.#doc.share.get(parent) as Y.AbstractType<unknown> | undefined) ?? null;
			return { path: [parent, key ?? elementSegment], key, parent: root };
		}
		if (!(parent instanceof Y.ID)) throw new UnresolvedError('unknown parent');
		const holder = this.find(parent);
		if (holder?.integrated && forgotten(holder.struct)) {
			const parentPath = this.#archivedSlot(parent, true).path;
			return { path: [...parentPath, key ?? elementSegment], key, parent: null, archived: true };
		}
		if (!holder || !(holder.struct instanceof Y.Item) || !(holder.struct.content instanceof Y.ContentType)) {
			throw new UnresolvedError('unknown parent');
		}
		const parentSlot = this.#slot(holder.struct, holder.integrated, nesting + 1);
		const type = holder.integrated ? holder.struct.content.type : null;
		const slot: Slot = { path: [...parentSlot.path, key ?? elementSegment], key, parent: type };
		if (parentSlot.archived) slot.archived = true;
		return slot;
	}
}
