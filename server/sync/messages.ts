import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as authProtocol from 'y-protocols/auth';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { messageAuth, messageAwareness, messageStored, messageSync } from '../../src/lib/domain/sync-protocol';
import { encodeStateVector } from './update-encoding';

function framed(type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, type);
	write(encoder);
	return encoding.toUint8Array(encoder);
}

export const syncStep1Message = (doc: Y.Doc) => framed(messageSync, (e) => syncProtocol.writeSyncStep1(e, doc));
export const syncStep2Message = (doc: Y.Doc, stateVector: Uint8Array) =>
	framed(messageSync, (e) => syncProtocol.writeSyncStep2(e, doc, stateVector));
export const updateMessage = (update: Uint8Array) => framed(messageSync, (e) => syncProtocol.writeUpdate(e, update));
export const awarenessMessage = (update: Uint8Array) => framed(messageAwareness, (e) => encoding.writeVarUint8Array(e, update));
export const permissionDeniedMessage = (reason: string) => framed(messageAuth, (e) => authProtocol.writePermissionDenied(e, reason));

/** An awareness message with no states: stock clients accept it silently, so it serves as keepalive. */
export const keepaliveMessage = awarenessMessage(new Uint8Array([0]));

export function storedMessage(clocks: ReadonlyMap<number, number>): Uint8Array {
	return framed(messageStored, (e) => encoding.writeVarUint8Array(e, encodeStateVector(clocks)));
}

export type AwarenessEntry = { clientId: number; clock: number; state: string };

/** Decodes the entries of an awareness update (y-protocols format) without applying them. */
export function readAwarenessEntries(update: Uint8Array): AwarenessEntry[] {
	const decoder = decoding.createDecoder(update);
	const count = decoding.readVarUint(decoder);
	const entries: AwarenessEntry[] = [];
	for (let index = 0; index < count; index++) {
		entries.push({
			clientId: decoding.readVarUint(decoder),
			clock: decoding.readVarUint(decoder),
			state: decoding.readVarString(decoder)
		});
	}
	return entries;
}

export function writeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, entries.length);
	for (const entry of entries) {
		encoding.writeVarUint(encoder, entry.clientId);
		encoding.writeVarUint(encoder, entry.clock);
		encoding.writeVarString(encoder, entry.state);
	}
	return encoding.toUint8Array(encoder);
}

/** The end clock per client id of an update (what storing it makes durable). */
export function endClocksOf(update: Uint8Array): Map<number, number> {
	return Y.parseUpdateMeta(update).to;
}
