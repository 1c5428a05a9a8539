import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

export type DeleteRange = { clock: number; len: number };
type Struct = Y.Item | Y.GC | Y.Skip;

/** A map of client id to clock in the state-vector encoding (read back with `Y.decodeStateVector`). */
export function encodeStateVector(clocks: ReadonlyMap<number, number>): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, clocks.size);
	for (const [client, clock] of clocks) {
		encoding.writeVarUint(encoder, client);
		encoding.writeVarUint(encoder, clock);
	}
	return encoding.toUint8Array(encoder);
}

/** The v1 delete-set encoding, as Yjs writes it (clients in descending order). */
export function writeDeleteSet(encoder: encoding.Encoder, clients: ReadonlyMap<number, readonly DeleteRange[]>): void {
	encoding.writeVarUint(encoder, clients.size);
	for (const [client, ranges] of [...clients].sort((a, b) => b[0] - a[0])) {
		encoding.writeVarUint(encoder, client);
		encoding.writeVarUint(encoder, ranges.length);
		for (const { clock, len } of ranges) {
			encoding.writeVarUint(encoder, clock);
			encoding.writeVarUint(encoder, len);
		}
	}
}

/**
 * Encodes decoded structs (v1) with some of them replaced by GC structs of the same length,
 * plus a delete set. A GC struct keeps the client's clocks contiguous while carrying no
 * content, which is how a refused change is left out without blocking what follows it.
 */
export function encodeUpdate(structs: readonly Struct[], emptied: ReadonlySet<Struct>, deletes: ReadonlyMap<number, readonly DeleteRange[]>): Uint8Array {
	const byClient = new Map<number, Struct[]>();
	for (const struct of structs) {
		if (struct instanceof Y.Skip) continue;
		const list = byClient.get(struct.id.client);
		if (list) list.push(struct);
		else byClient.set(struct.id.client, [struct]);
	}
	const encoder = new Y.UpdateEncoderV1();
	encoding.writeVarUint(encoder.restEncoder, byClient.size);
	for (const [client, list] of [...byClient].sort((a, b) => b[0] - a[0])) {
		encoding.writeVarUint(encoder.restEncoder, list.length);
		encoder.writeClient(client);
		encoding.writeVarUint(encoder.restEncoder, list[0].id.clock);
		for (const struct of list) {
			if (emptied.has(struct)) new Y.GC(struct.id, struct.length).write(encoder, 0);
			else struct.write(encoder, 0);
		}
	}
	writeDeleteSet(encoder.restEncoder, deletes);
	return encoder.toUint8Array();
}
