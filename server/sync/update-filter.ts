import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { encodeStateVector, writeDeleteSet, type DeleteRange } from './update-encoding';

type DeleteRanges = Map<number, DeleteRange[]>;

// Above any real clock and still exact as a varuint.
const everything = 2 ** 52;

function encodeDeleteSet(clients: DeleteRanges): Uint8Array {
	const encoder = encoding.createEncoder();
	writeDeleteSet(encoder, clients);
	return encoding.toUint8Array(encoder);
}

function endsWith(bytes: Uint8Array, tail: Uint8Array): boolean {
	if (tail.length > bytes.length) return false;
	const offset = bytes.length - tail.length;
	return tail.every((byte, index) => bytes[offset + index] === byte);
}

/**
 * A client's answer to our sync step 1 holds everything it has that we lack, including
 * changes of other users that reached it before we lost them (a crash between forwarding and
 * storing). Those are not its to send: their structs, and deletions of their clocks we have
 * not seen, are cut out; their authors send them again when they reconnect. What remains is
 * checked like any update. Returns the update unchanged when there is nothing foreign.
 */
export function dropForeignChanges(doc: Y.Doc, update: Uint8Array, isForeign: (client: number) => boolean): { update: Uint8Array; dropped: boolean } {
	const { structs, ds } = Y.decodeUpdate(update);
	const foreignStructs = new Map<number, number>();
	for (const struct of structs) {
		const client = struct.id.client;
		if (isForeign(client) && struct.id.clock + struct.length > Y.getState(doc.store, client)) foreignStructs.set(client, everything);
	}
	const deletes = ds.clients as DeleteRanges;
	let foreignDeletes = false;
	const kept: DeleteRanges = new Map();
	for (const [client, ranges] of deletes) {
		if (!isForeign(client)) {
			kept.set(client, ranges);
			continue;
		}
		const state = Y.getState(doc.store, client);
		const known = ranges.filter((range) => range.clock < state).map((range) => ({ clock: range.clock, len: Math.min(range.clock + range.len, state) - range.clock }));
		if (known.length !== ranges.length || known.some((range, index) => range.len !== ranges[index].len)) foreignDeletes = true;
		if (known.length > 0) kept.set(client, known);
	}
	if (foreignStructs.size === 0 && !foreignDeletes) return { update, dropped: false };
	const canonical = Y.diffUpdate(update, encodeStateVector(foreignStructs));
	const originalDeletes = encodeDeleteSet(deletes);
	if (!endsWith(canonical, originalDeletes)) throw new Error('unexpected update encoding');
	const structPart = canonical.subarray(0, canonical.length - originalDeletes.length);
	const keptDeletes = encodeDeleteSet(kept);
	const filtered = new Uint8Array(structPart.length + keptDeletes.length);
	filtered.set(structPart);
	filtered.set(keptDeletes, structPart.length);
	return { update: filtered, dropped: true };
}
