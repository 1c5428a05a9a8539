import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { keepUntilStored } from './keep-until-stored';

/** A replica whose own client is stored up to `storedUpTo` (exclusive), and a server-side doc it takes deletions from. */
function replica() {
	let storedUpTo = 0;
	const doc: Y.Doc = new Y.Doc({ gcFilter: keepUntilStored({ isStored: (client, clock): boolean => client !== doc.clientID || clock < storedUpTo }) });
	return { doc, store: () => (storedUpTo = Y.getState(doc.store, doc.clientID)) };
}
const held = (doc: Y.Doc) => (doc.store.clients.get(doc.clientID) ?? []).filter((s) => s instanceof Y.Item && !(s.content instanceof Y.ContentDeleted)).length;

describe('keepUntilStored', () => {
	it('keeps the content of an own deleted change until the server has stored it, inside a deleted map too', () => {
		const other = new Y.Doc();
		const task = new Y.Map<Y.Map<unknown>>();
		other.getMap('tasks').set('t1', task);
		task.set('b1', new Y.Map());
		const phone = replica();
		Y.applyUpdate(phone.doc, Y.encodeStateAsUpdate(other));
		(phone.doc.getMap('tasks').get('t1') as Y.Map<Y.Map<unknown>>).get('b1')!.set('1-101', { s: 'visited' });
		other.getMap('tasks').delete('t1');
		Y.applyUpdate(phone.doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(phone.doc)));
		expect(phone.doc.getMap('tasks').has('t1')).toBe(false);
		expect(held(phone.doc)).toBe(1);
		// Sent whole: the update carries the mark's value, not an empty range.
		const update = Y.decodeUpdate(Y.encodeStateAsUpdate(phone.doc, Y.encodeStateVector(other)));
		expect(update.structs.filter((s) => s instanceof Y.Item).map((s) => (s as Y.Item).content.getContent())).toEqual([[{ s: 'visited' }]]);
	});

	it('lets a stored change, and anything of other clients, be forgotten as usual', () => {
		const phone = replica();
		const marks = phone.doc.getMap('marks');
		marks.set('1-101', { s: 'visited' });
		phone.store();
		marks.delete('1-101');
		expect(held(phone.doc)).toBe(0);
		marks.set('1-102', { s: 'absent' });
		marks.delete('1-102');
		expect(held(phone.doc)).toBe(1);
	});
});
