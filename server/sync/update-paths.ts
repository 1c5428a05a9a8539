import * as Y from 'yjs';
import { elementSegment, type LiveWrite, type WrittenContent } from '../../src/lib/domain/live-rules';

type Struct = Y.Item | Y.GC | Y.Skip;
type Path = readonly string[];

/** Why a struct's place in the document cannot be known. */
export class UnresolvedError extends Error {}

function findIn(structs: Struct[], clock: number): Struct | undefined {
	let low = 0;
	let high = structs.length - 1;
	while (low <= high) {
		const mid = (low + high) >> 1;
		const struct = structs[mid];
		if (clock < struct.id.clock) high = mid - 1;
		else if (clock >= struct.id.clock + struct.length) low = mid + 1;
		else return struct;
	}
	return undefined;
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
 * in the loaded document. Work is memoised per struct, so resolving a whole update costs
 * O(update × depth × log n), never a walk over the document.
 */
export class PathResolver {
	readonly #doc: Y.Doc;
	readonly #update = new Map<number, Struct[]>();
	readonly #slots = new Map<Struct, { path: Path; key: string | null }>();
	readonly #typePaths = new Map<Y.AbstractType<unknown>, Path>();

	constructor(doc: Y.Doc, updateStructs: readonly Struct[]) {
		this.#doc = doc;
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
		const struct = this.#update.get(id.client) && findIn(this.#update.get(id.client) as Struct[], id.clock);
		return struct ? { struct, integrated: false } : undefined;
	}

	updateStructsOf(client: number): readonly Struct[] {
		return this.#update.get(client) ?? [];
	}

	/** The path of the slot `item` fills. Throws UnresolvedError when its parent is unknown. */
	slotPath(item: Y.Item, integrated: boolean): Path {
		return this.#slot(item, integrated, 0).path;
	}

	#slot(item: Y.Item, integrated: boolean, depth: number): { path: Path; key: string | null } {
		const known = this.#slots.get(item);
		if (known) return known;
		// Nesting in the community document is shallow; a deep chain is hostile input.
		if (depth > 64) throw new UnresolvedError('too deep');
		const slot = integrated ? this.#integratedSlot(item, depth) : this.#pendingSlot(item, depth);
		this.#slots.set(item, slot);
		return slot;
	}

	#integratedSlot(item: Y.Item, depth: number): { path: Path; key: string | null } {
		const parent = item.parent;
		if (!(parent instanceof Y.AbstractType)) throw new UnresolvedError('garbage-collected parent');
		const key = item.parentSub;
		return { path: [...this.#typePath(parent, depth), key ?? elementSegment], key };
	}

	#typePath(type: Y.AbstractType<unknown>, depth: number): Path {
		const known = this.#typePaths.get(type);
		if (known) return known;
		const path = type._item === null ? [Y.findRootTypeKey(type)] : this.#slot(type._item, true, depth + 1).path;
		this.#typePaths.set(type, path);
		return path;
	}

	#pendingSlot(item: Y.Item, depth: number): { path: Path; key: string | null } {
		const parent = item.parent as unknown;
		if (typeof parent === 'string') {
			return { path: [parent, item.parentSub ?? elementSegment], key: item.parentSub };
		}
		if (parent instanceof Y.ID) {
			const holder = this.find(parent);
			if (!holder || !(holder.struct instanceof Y.Item) || !(holder.struct.content instanceof Y.ContentType)) {
				throw new UnresolvedError('unknown parent');
			}
			const parentPath = this.#slot(holder.struct, holder.integrated, depth + 1).path;
			return { path: [...parentPath, item.parentSub ?? elementSegment], key: item.parentSub };
		}
		// The encoding drops parent and key when the item has an origin: they are the origin's.
		const neighbourId = item.origin ?? item.rightOrigin;
		const neighbour = neighbourId && this.find(neighbourId);
		if (!neighbour || !(neighbour.struct instanceof Y.Item)) throw new UnresolvedError('unknown origin');
		return this.#slot(neighbour.struct, neighbour.integrated, depth + 1);
	}
}

