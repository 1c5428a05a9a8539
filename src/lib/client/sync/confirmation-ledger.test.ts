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

	it('forgets client ids that are confirmed and idle for a day, never the current one', () => {
		const storage = memoryStorage();
		let now = 1_000_000;
		const doc = new Y.Doc();
		const ledger = new ConfirmationLedger(storage, key, () => now);
		write(doc, ledger, '1-101');
		ledger.noteStored(new Map([[doc.clientID, 1]]));
		now += 25 * 60 * 60 * 1000;
		ledger.forgetConfirmed(clockOf(doc), doc.clientID);
		expect(ledger.ownClientIds).toEqual([doc.clientID]);

		const reloaded = new ConfirmationLedger(storage, key, () => now);
		reloaded.forgetConfirmed(clockOf(doc), 12345);
		expect(reloaded.ownClientIds).toEqual([]);
		expect(new ConfirmationLedger(storage, key).ownClientIds).toEqual([]);
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
