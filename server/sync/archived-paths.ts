/**
 * Where the structs of archived tasks sat. Archiving deletes a task's map and Yjs garbage-collects
 * everything under it down to bare id ranges, yet a phone that marked offline across the archive
 * sends items whose parent (a building's map) or origin (the mark they replace) is one of those
 * ranges. This index, made just before the archive and stored beside the task for the late window,
 * gives each range its slot again, so such a mark is judged by the same rules as any other and
 * reaches the projection.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { elementSegment } from '../../src/lib/domain/live-rules';

type Path = readonly string[];

/** The slot a forgotten struct filled: its path, and its key in a map (null in an array). */
export type ArchivedSlot = { path: Path; key: string | null };

type Entry = { client: number; clock: number; length: number; slot: number; type: boolean };

const formatVersion = 1;

/**
 * The index of one task, from its map as the document holds it before the archive: every item
 * under it (deleted ones too, a late item may sit next to them) and the task's own item.
 */
export function encodeArchivedPaths(taskId: string, task: Y.Map<unknown>): Uint8Array {
	const typePaths: Path[] = [];
	const slots: { typePath: number; key: string | null }[] = [];
	const slotIndex = new Map<string, number>();
	const entries: Entry[] = [];
	const add = (item: Y.Item, typePath: number, key: string | null) => {
		const id = `${typePath}\u0000${key ?? ''}\u0000${key === null ? 0 : 1}`;
		let slot = slotIndex.get(id);
		if (slot === undefined) slotIndex.set(id, (slot = slots.push({ typePath, key }) - 1));
		entries.push({ client: item.id.client, clock: item.id.clock, length: item.length, slot, type: item.content instanceof Y.ContentType });
	};
	const walk = (type: Y.AbstractType<unknown>, path: Path) => {
		const typePath = typePaths.push(path) - 1;
		for (const [key, last] of type._map) {
			for (let item: Y.Item | null = last; item; item = item.left) add(item, typePath, key);
			if (!last.deleted && last.content instanceof Y.ContentType) walk(last.content.type, [...path, key]);
		}
		for (let item = type._start; item; item = item.right) {
			add(item, typePath, null);
			if (!item.deleted && item.content instanceof Y.ContentType) walk(item.content.type, [...path, elementSegment]);
		}
	};
	if (task._item) add(task._item, typePaths.push(['tasks']) - 1, taskId);
	walk(task as Y.AbstractType<unknown>, ['tasks', taskId]);
	entries.sort((a, b) => a.client - b.client || a.clock - b.clock);

	const scope = task.get('scope');
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, formatVersion);
	encoding.writeVarString(encoder, taskId);
	const scopeIds = scope instanceof Y.Array ? scope.toArray().filter((id): id is string => typeof id === 'string') : [];
	encoding.writeVarUint(encoder, scopeIds.length);
	for (const id of scopeIds) encoding.writeVarString(encoder, id);
	encoding.writeVarUint(encoder, typePaths.length);
	for (const path of typePaths) {
		encoding.writeVarUint(encoder, path.length);
		for (const segment of path) encoding.writeVarString(encoder, segment);
	}
	encoding.writeVarUint(encoder, slots.length);
	for (const { typePath, key } of slots) {
		encoding.writeVarUint(encoder, typePath);
		encoding.writeVarUint(encoder, key === null ? 0 : 1);
		if (key !== null) encoding.writeVarString(encoder, key);
	}
	encoding.writeVarUint(encoder, entries.length);
	let client = -1;
	let end = 0;
	for (const entry of entries) {
		// Runs of one client are common (a liaison marks door after door): clocks as gaps from the last end.
		encoding.writeVarUint(encoder, entry.client === client ? 0 : 1);
		if (entry.client !== client) {
			encoding.writeVarUint(encoder, entry.client);
			client = entry.client;
			end = 0;
		}
		encoding.writeVarUint(encoder, entry.clock - end);
		encoding.writeVarUint(encoder, entry.length);
		encoding.writeVarUint(encoder, entry.slot * 2 + (entry.type ? 1 : 0));
		end = entry.clock + entry.length;
	}
	return encoding.toUint8Array(encoder);
}

type Decoded = { taskId: string; scope: string[]; slots: ArchivedSlot[]; entries: Entry[] };

function decodeArchivedPaths(bytes: Uint8Array): Decoded {
	const decoder = decoding.createDecoder(bytes);
	if (decoding.readVarUint(decoder) !== formatVersion) throw new Error('unknown archived paths format');
	const taskId = decoding.readVarString(decoder);
	const scope = Array.from({ length: decoding.readVarUint(decoder) }, () => decoding.readVarString(decoder));
	const typePaths = Array.from({ length: decoding.readVarUint(decoder) }, () =>
		Array.from({ length: decoding.readVarUint(decoder) }, () => decoding.readVarString(decoder))
	);
	const slots = Array.from({ length: decoding.readVarUint(decoder) }, (): ArchivedSlot => {
		const typePath = typePaths[decoding.readVarUint(decoder)];
		const key = decoding.readVarUint(decoder) === 1 ? decoding.readVarString(decoder) : null;
		if (!typePath) throw new Error('archived paths: slot without a type path');
		return { path: [...typePath, key ?? elementSegment], key };
	});
	const entries: Entry[] = [];
	let client = -1;
	let end = 0;
	for (let count = decoding.readVarUint(decoder); count > 0; count--) {
		if (decoding.readVarUint(decoder) === 1) {
			client = decoding.readVarUint(decoder);
			end = 0;
		}
		const clock = end + decoding.readVarUint(decoder);
		const length = decoding.readVarUint(decoder);
		const slotAndType = decoding.readVarUint(decoder);
		const slot = slotAndType >> 1;
		if (client < 0 || length < 1 || !slots[slot]) throw new Error('archived paths: bad entry');
		entries.push({ client, clock, length, slot, type: (slotAndType & 1) === 1 });
		end = clock + length;
	}
	return { taskId, scope, slots, entries };
}

type Located = { start: number; end: number; slot: ArchivedSlot; type: boolean };

/** The archived tasks of one document within the late window, looked up by struct id. */
export class ArchivedPaths {
	readonly #byClient = new Map<number, Located[]>();
	readonly #scopes = new Map<string, readonly string[]>();

	/** `stored`: the indexes as `encodeArchivedPaths` made them, one per task. */
	constructor(stored: Iterable<Uint8Array>) {
		for (const bytes of stored) this.add(bytes);
	}

	get tasks(): number {
		return this.#scopes.size;
	}

	add(bytes: Uint8Array): void {
		const { taskId, scope, slots, entries } = decodeArchivedPaths(bytes);
		if (this.#scopes.has(taskId)) return;
		this.#scopes.set(taskId, scope);
		const touched = new Set<Located[]>();
		for (const entry of entries) {
			let list = this.#byClient.get(entry.client);
			if (!list) this.#byClient.set(entry.client, (list = []));
			list.push({ start: entry.clock, end: entry.clock + entry.length, slot: slots[entry.slot], type: entry.type });
			touched.add(list);
		}
		for (const list of touched) list.sort((a, b) => a.start - b.start);
	}

	/** The slot of the struct covering `id`; `type`: only when that struct held a map or an array. */
	slotOf(id: Y.ID, type: boolean): ArchivedSlot | undefined {
		const list = this.#byClient.get(id.client);
		if (!list) return undefined;
		let low = 0;
		let high = list.length;
		while (low < high) {
			const mid = (low + high) >> 1;
			if (list[mid].end <= id.clock) low = mid + 1;
			else high = mid;
		}
		const found = list[low];
		if (!found || found.start > id.clock || (type && !found.type)) return undefined;
		return found.slot;
	}

	/** The scope an archived task had, for the rules that ask who takes part in it. */
	scopeOf(taskId: string): readonly string[] | undefined {
		return this.#scopes.get(taskId);
	}
}
