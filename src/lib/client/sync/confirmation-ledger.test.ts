import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { ConfirmationLedger, type LedgerStorage } from './confirmation-ledger';

function memoryStorage(): LedgerStorage & { items: Map<string, string> } {
	const items = new Map<string, string>();
	return { items, getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
}

const key = 'grid-dispatch:u1:community:c1:confirmed';
const clockOf = (doc: Y.Doc) => (client: number) => Y.getState(doc.store, client);

/** A local write the way the live document notes it. */
function write(doc: Y.Doc, ledger: ConfirmationLedger, householdCode: string) {
	doc.getMap('tasks').set(householdCode, { s: 'visited' });
	ledger.noteLocalWrite(doc.clientID);
}

describe('ConfirmationLedger', () => {
	it("tells per change whether it is stored: own ones once the server says so, others' at once", () => {
		const doc = new Y.Doc();
		const ledger = new ConfirmationLedger(memoryStorage(), key);
		write(doc, ledger, '1-101');
		write(doc, ledger, '1-102');
		expect(ledger.isStored(doc.clientID, 0)).toBe(false);
		ledger.noteStored(new Map([[doc.clientID, 1]]));
		expect(ledger.isStored(doc.clientID, 0)).toBe(true);
		expect(ledger.isStored(doc.clientID, 1)).toBe(false);
		expect(ledger.isStored(doc.clientID + 1, 5)).toBe(true);
	});

	it('counts own writes as pending until the server reports them stored', () => {
		const doc = new Y.Doc();
		const ledger = new ConfirmationLedger(memoryStorage(), key);
		write(doc, ledger, '1-101');
		write(doc, ledger, '1-102');
		expect(ledger.pending(clockOf(doc))).toBe(2);
		expect(ledger.noteStored(new Map([[doc.clientID, 1]]))).toBe(true);
		expect(ledger.pending(clockOf(doc))).toBe(1);
		expect(ledger.noteStored(Y.decodeStateVector(Y.encodeStateVector(doc)))).toBe(true);
		expect(ledger.pending(clockOf(doc))).toBe(0);
		expect(ledger.noteStored(new Map([[doc.clientID, 1]]))).toBe(false);
	});

	it('after a reload, still counts what an earlier client id wrote and nothing already stored', () => {
		const storage = memoryStorage();
		const before = new Y.Doc();
		const first = new ConfirmationLedger(storage, key);
		write(before, first, '1-101');
		first.noteStored(new Map([[before.clientID, 1]]));
		write(before, first, '1-102');
		write(before, first, '1-103');

		// The reloaded page: a new Y.Doc (new client id) loads the old changes from IndexedDB.
		const after = new Y.Doc();
		Y.applyUpdate(after, Y.encodeStateAsUpdate(before));
		const second = new ConfirmationLedger(storage, key);
		expect(second.ownClientIds).toEqual([before.clientID]);
		expect(second.pending(clockOf(after))).toBe(2);
		write(after, second, '1-104');
		expect(second.pending(clockOf(after))).toBe(3);
		second.noteStored(Y.decodeStateVector(Y.encodeStateVector(after)));
		expect(second.pending(clockOf(after))).toBe(0);
	});

	it("does not count another tab's writes that the server forwarded", () => {
		const storage = memoryStorage();
		const otherTab = new Y.Doc();
		const otherLedger = new ConfirmationLedger(storage, key);
		write(otherTab, otherLedger, '1-101');

		const thisTab = new Y.Doc();
		Y.applyUpdate(thisTab, Y.encodeStateAsUpdate(otherTab));
		const ledger = new ConfirmationLedger(storage, key);
		expect(ledger.pending(clockOf(thisTab))).toBe(1);
		write(otherTab, otherLedger, '1-102');
		Y.applyUpdate(thisTab, Y.encodeStateAsUpdate(otherTab));
		expect(ledger.noteForwarded(otherTab.clientID, Y.getState(thisTab.store, otherTab.clientID))).toBe(true);
		expect(ledger.pending(clockOf(thisTab))).toBe(0);
	});

	it('forgets client ids that are confirmed and idle for a day, never the current one nor the one to write on next', () => {
		const storage = memoryStorage();
		let now = 1_000_000;
		const older = new Y.Doc();
		const doc = new Y.Doc();
		const ledger = new ConfirmationLedger(storage, key, () => now);
		write(older, ledger, '1-101');
		now += 1000;
		write(doc, ledger, '1-102');
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(older));
		ledger.noteStored(Y.decodeStateVector(Y.encodeStateVector(doc)));
		now += 25 * 60 * 60 * 1000;
		ledger.forgetConfirmed(clockOf(doc), older.clientID);
		expect(ledger.ownClientIds.sort()).toEqual([older.clientID, doc.clientID].sort());

		const reloaded = new ConfirmationLedger(storage, key, () => now);
		reloaded.forgetConfirmed(clockOf(doc), 12345);
		expect(reloaded.ownClientIds).toEqual([doc.clientID]);
		expect(new ConfirmationLedger(storage, key).ownClientIds).toEqual([doc.clientID]);
	});

	it('offers an own client id again only when this copy and the server agree on its every change, the newest first', () => {
		const storage = memoryStorage();
		let now = 1_000_000;
		const ledger = new ConfirmationLedger(storage, key, () => now);
		const first = new Y.Doc();
		const second = new Y.Doc();
		write(first, ledger, '1-101');
		now += 1000;
		write(second, ledger, '1-102');
		const copy = new Y.Doc();
		for (const doc of [first, second]) Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
		expect(ledger.reusableClientIds(clockOf(copy))).toEqual([]);

		ledger.noteStored(Y.decodeStateVector(Y.encodeStateVector(copy)));
		expect(ledger.reusableClientIds(clockOf(copy))).toEqual([second.clientID, first.clientID]);

		// An unsent (or refused) change: the copy is ahead of the server.
		write(second, ledger, '1-103');
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(second));
		expect(ledger.reusableClientIds(clockOf(copy))).toEqual([first.clientID]);

		// IndexedDB lost: an empty copy is behind what the server stored, so nothing is offered.
		const reloaded = new ConfirmationLedger(storage, key, () => now);
		expect(reloaded.reusableClientIds(clockOf(new Y.Doc()))).toEqual([]);
		// A copy holding only the first id's changes, with the second's stored clock behind it.
		const partial = new Y.Doc();
		Y.applyUpdate(partial, Y.encodeStateAsUpdate(first));
		expect(reloaded.reusableClientIds(clockOf(partial))).toEqual([first.clientID]);
	});

	it('keeps working in memory when storage is missing or holds garbage', () => {
		const storage = memoryStorage();
		storage.items.set(key, '{not json');
		const doc = new Y.Doc();
		for (const ledger of [new ConfirmationLedger(storage, key), new ConfirmationLedger(null, key)]) {
			write(doc, ledger, '1-101');
			expect(ledger.pending(clockOf(doc))).toBeGreaterThan(0);
		}
	});
});
