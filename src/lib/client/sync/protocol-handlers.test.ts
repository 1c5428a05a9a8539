import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as authProtocol from 'y-protocols/auth';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { formatRefusal, messageAuth, messageStored, type Refusal } from '$lib/domain/sync-protocol';
import type { Clocks } from './clocks';
import { installProtocolHandlers, type HandlerTable } from './protocol-handlers';

/** Runs one server message through the handler table, as y-websocket's readMessage does. */
function receive(table: HandlerTable, doc: Y.Doc, message: Uint8Array): void {
	const decoder = decoding.createDecoder(message);
	const type = decoding.readVarUint(decoder);
	table.messageHandlers[type](encoding.createEncoder(), decoder, { doc } as WebsocketProvider, true, type);
}

function setUp() {
	const stored: Clocks[] = [];
	const refusals: Refusal[] = [];
	const table: HandlerTable = { messageHandlers: [] };
	installProtocolHandlers(table, { onStored: (c) => stored.push(c), onRefusal: (r) => refusals.push(r) });
	return { table, stored, refusals };
}

describe('protocol handlers', () => {
	it('reads the stored state vector of message type 7', () => {
		const { table, stored } = setUp();
		const doc = new Y.Doc();
		doc.getMap('tasks').set('t1', 1);
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, messageStored);
		encoding.writeVarUint8Array(encoder, Y.encodeStateVector(doc));
		receive(table, doc, encoding.toUint8Array(encoder));
		expect(stored).toEqual([new Map([[doc.clientID, 1]])]);
	});

	it('parses permission-denied reasons into refusals', () => {
		const { table, refusals } = setUp();
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, messageAuth);
		authProtocol.writePermissionDenied(encoder, formatRefusal({ code: 'by-mismatch', detail: 'tasks/t1/acks/u2' }));
		receive(table, new Y.Doc(), encoding.toUint8Array(encoder));
		expect(refusals).toEqual([{ code: 'by-mismatch', detail: 'tasks/t1/acks/u2' }]);
	});
});
