import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { dropForeignChanges } from './update-filter';

/** Server, author A and relay B: B received A's changes that the server then lost. */
function crashScenario() {
	const server = new Y.Doc();
	const author = new Y.Doc();
	const relay = new Y.Doc();
	author.getMap('m').set('stored', 1);
	Y.applyUpdate(server, Y.encodeStateAsUpdate(author));
	Y.applyUpdate(relay, Y.encodeStateAsUpdate(author));
	// Forwarded to the relay, never stored by the server: an overwrite (a deletion) and a new key.
	author.getMap('m').set('stored', 2);
	author.getMap('m').set('lost', 3);
	Y.applyUpdate(relay, Y.encodeStateAsUpdate(author));
	relay.getMap('m').set('own', 4);
	return { server, author, relay };
}

describe('dropForeignChanges', () => {
	it('cuts out another user’s structs and deletions of clocks the server has not seen, keeping the sender’s own', () => {
		const { server, author, relay } = crashScenario();
		const update = Y.encodeStateAsUpdate(relay, Y.encodeStateVector(server));
		const { update: filtered, dropped } = dropForeignChanges(server, update, (client) => client === author.clientID);
		expect(dropped).toBe(true);
		Y.applyUpdate(server, filtered);
		expect(server.store.pendingStructs).toBeNull();
		expect(server.store.pendingDs).toBeNull();
		// The deletion of an item the server has stays (the write rules judge it); the new value waits for its author.
		expect(server.getMap('m').toJSON()).toEqual({ own: 4 });
		// The author brings its own changes back on reconnect.
		Y.applyUpdate(server, Y.encodeStateAsUpdate(author, Y.encodeStateVector(server)));
		expect(server.getMap('m').toJSON()).toEqual({ stored: 2, lost: 3, own: 4 });
	});

	it('returns the update untouched when nothing in it is foreign', () => {
		const { server, relay } = crashScenario();
		const update = Y.encodeStateAsUpdate(relay, Y.encodeStateVector(server));
		expect(dropForeignChanges(server, update, () => false)).toEqual({ update, dropped: false });
	});
});
