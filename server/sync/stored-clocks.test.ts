import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ClientOwners } from './client-owners';
import { endClocksOfAll, StoredClocks } from './stored-clocks';

/** An update of `count` single-character inserts by one client, starting at its current clock. */
function writes(doc: Y.Doc, count: number): Uint8Array {
	const before = Y.encodeStateVector(doc);
	for (let index = 0; index < count; index++) doc.getText('t').insert(0, 'x');
	return Y.encodeStateAsUpdate(doc, before);
}

describe('StoredClocks', () => {
	it('confirms what was loaded, and raises per client id, never lowering', () => {
		const stored = new StoredClocks(new Map([[1, 5]]));
		expect(stored.among(new Map([[1, 0], [2, 0]]))).toEqual(new Map([[1, 5]]));
		expect(stored.raise(new Map([[1, 3], [2, 4]]))).toEqual(new Map([[1, 5], [2, 4]]));
		expect(stored.raise(new Map([[1, 9]]))).toEqual(new Map([[1, 9]]));
	});

	it('never confirms a write set aside as unstorable, nor anything after it', () => {
		const doc = new Y.Doc();
		const client = doc.clientID;
		const stored = new StoredClocks();
		const first = writes(doc, 2);
		const refused = writes(doc, 3);
		const later = writes(doc, 1);
		stored.setAside(refused);
		expect(stored.raise(endClocksOfAll([first]))).toEqual(new Map([[client, 2]]));
		expect(stored.raise(endClocksOfAll([later]))).toEqual(new Map([[client, 2]]));
	});

	it('tells a user what is stored of the client ids it owns only', () => {
		const owners = new ClientOwners([[1, 'alice'], [2, 'bob']]);
		const stored = new StoredClocks(new Map([[1, 4], [2, 7], [3, 1]]));
		expect(stored.ownedBy('alice', owners)).toEqual(new Map([[1, 4]]));
	});

	it('endClocksOfAll takes the furthest clock per client id over several updates', () => {
		const doc = new Y.Doc();
		const updates = [writes(doc, 2), writes(doc, 3)];
		expect(endClocksOfAll(updates)).toEqual(new Map([[doc.clientID, 5]]));
	});
});

describe('ClientOwners', () => {
	it('keeps the first binding of an id and reports a second user claiming it', () => {
		const owners = new ClientOwners([[1, 'alice']]);
		expect(owners.adopt({ userId: 'bob', clients: [1, 2] })).toEqual([1]);
		expect([owners.ownerOf(1), owners.ownerOf(2)]).toEqual(['alice', 'bob']);
		expect([owners.isForeign(1, 'bob'), owners.isForeign(2, 'bob'), owners.isForeign(3, 'bob')]).toEqual([true, false, false]);
		owners.adoptAll(new Map([[2, 'carol'], [3, 'carol']]));
		expect([owners.ownerOf(2), owners.ownerOf(3)]).toEqual(['bob', 'carol']);
	});
});
