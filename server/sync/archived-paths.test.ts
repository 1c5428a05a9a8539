import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { membership, type Principal } from '../../src/lib/domain/roles';
import { acknowledge, addNote, closeTask, createTask, markHousehold, tasksOf } from '../../src/lib/domain/task-doc';
import { keepUntilStored } from '../../src/lib/client/sync/keep-until-stored';
import { checkContextOf } from '../../tests/fixtures/check-context';
import { ArchivedPaths, encodeArchivedPaths } from './archived-paths';
import { projectWrites } from './projection';
import { checkUpdate, type UpdateVerdict } from './update-check';

const community = 'c1';
const now = Date.now();
const places = new Map([
	['b1', { gridId: 'g1', microGridId: 'm1' }],
	['b2', { gridId: 'g1', microGridId: 'm2' }]
]);
const chief: Principal = { userId: 'u-chief', memberships: [membership('chief', { communityId: community, gridId: 'g1' })] };
const liaison: Principal = { userId: 'u-li', memberships: [membership('liaison', { communityId: community, gridId: 'g1', microGridId: 'm1' })] };

const synced = (from: Y.Doc) => {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, Y.encodeStateAsUpdate(from));
	return doc;
};
const send = (from: Y.Doc, to: Y.Doc) => Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
const mark = (s: string, at = now - 60_000) => ({ s, by: 'u-li', at }) as const;

/**
 * A task marked by a liaison, then a phone that went offline with it and marked on (one new door,
 * one door again), while the server closed and archived the task.
 */
function archivedWhileOffline(phoneOptions: ConstructorParameters<typeof Y.Doc>[0] = {}, storedUpTo = new Map<number, number>()) {
	const server = new Y.Doc();
	const chiefPhone = synced(server);
	createTask(chiefPhone, { id: 't1', title: '排查', kind: 'check', instructions: '', createdBy: 'u-chief', createdAt: now - 120_000, dueAt: null, scope: ['b1', 'b2'] });
	send(chiefPhone, server);
	const phone = new Y.Doc(phoneOptions);
	Y.applyUpdate(phone, Y.encodeStateAsUpdate(server));
	acknowledge(phone, 't1', 'u-li', now - 100_000);
	markHousehold(phone, 't1', 'b1', '1-101', mark('absent'));
	addNote(phone, 't1', { by: 'u-li', at: now - 90_000, text: '楼道堆物' });
	send(phone, server);
	storedUpTo.set(phone.clientID, Y.getState(phone.store, phone.clientID));
	const before = Y.encodeStateVector(phone);
	// Offline: a door marked again (its origin is the earlier mark) and a first mark in a building map the server has.
	markHousehold(phone, 't1', 'b1', '1-101', mark('visited'));
	markHousehold(phone, 't1', 'b1', '1-102', mark('issue'));
	const late = Y.encodeStateAsUpdate(phone, before);

	closeTask(server, 't1');
	const index = encodeArchivedPaths('t1', tasksOf(server).get('t1')!);
	tasksOf(server).delete('t1');
	return { server, phone, late, index };
}

function context(doc: Y.Doc, principal: Principal, archived: ArchivedPaths | null) {
	return checkContextOf(doc, principal, { communityId: community, place: (id) => places.get(id), archived });
}

const refusalCodes = (verdict: UpdateVerdict) => (verdict.ok ? verdict.refusals.map((r) => `${r.code} ${r.detail}`) : verdict);

describe('archived paths', () => {
	it('give every struct of an archived task its slot back, maps and arrays as types', () => {
		const { server, index } = archivedWhileOffline();
		const paths = new ArchivedPaths([index]);
		expect(paths.tasks).toBe(1);
		expect(paths.scopeOf('t1')).toEqual(['b1', 'b2']);
		// Everything under the task is garbage-collected now: only ids are left, and the index places each.
		const forgotten = [...server.store.clients.values()].flat().filter((struct) => struct instanceof Y.GC);
		expect(forgotten.length).toBeGreaterThan(0);
		const slots = new Set<string>();
		for (const struct of forgotten) {
			// Yjs merges neighbouring forgotten structs into one range: every clock of it is placed.
			for (let clock = struct.id.clock; clock < struct.id.clock + struct.length; clock++) {
				const slot = paths.slotOf(Y.createID(struct.id.client, clock), false);
				expect(slot, `${struct.id.client}:${clock}`).toBeDefined();
				slots.add(slot!.path.join('/'));
			}
		}
		expect([...slots]).toEqual(expect.arrayContaining(['tasks/t1/title', 'tasks/t1/progress/b1', 'tasks/t1/progress/b1/1-101', 'tasks/t1/notes/#']));
	});

	it('tell types from values, and know nothing of other ids', () => {
		const server = new Y.Doc();
		createTask(server, { id: 't1', title: '排查', kind: 'check', instructions: '', createdBy: 'u-chief', createdAt: now, dueAt: null, scope: ['b1'] });
		markHousehold(server, 't1', 'b1', '1-101', mark('visited'));
		const task = tasksOf(server).get('t1')!;
		const building = (task.get('progress') as Y.Map<Y.Map<unknown>>).get('b1')!;
		const value = building._map.get('1-101')!;
		const paths = new ArchivedPaths([encodeArchivedPaths('t1', task)]);
		expect(paths.slotOf(building._item!.id, true)).toEqual({ path: ['tasks', 't1', 'progress', 'b1'], key: 'b1' });
		expect(paths.slotOf(value.id, false)).toEqual({ path: ['tasks', 't1', 'progress', 'b1', '1-101'], key: '1-101' });
		expect(paths.slotOf(value.id, true)).toBeUndefined();
		expect(paths.slotOf(Y.createID(value.id.client, value.id.clock + 1000), false)).toBeUndefined();
		expect(paths.slotOf(Y.createID(value.id.client + 1, 0), false)).toBeUndefined();
		expect(() => new ArchivedPaths([new Uint8Array([9, 9, 9])])).toThrow();
	});
});

describe('a phone that marked offline across the archive', () => {
	it('needs the archived paths, then has its marks judged, applied as tombstones and projected from the write', () => {
		const { server, late, index } = archivedWhileOffline();
		expect(checkUpdate(server, late, context(server, liaison, null))).toEqual({ ok: false, needsArchived: true });

		const verdict = checkUpdate(server, late, context(server, liaison, new ArchivedPaths([index])));
		expect(refusalCodes(verdict)).toEqual([]);
		if (!verdict.ok) throw new Error('refused');
		expect(verdict.writes.map((w) => w.path.join('/')).sort()).toEqual(['tasks/t1/progress/b1/1-101', 'tasks/t1/progress/b1/1-102']);
		const size = Y.encodeStateAsUpdate(server).byteLength;
		Y.applyUpdate(server, verdict.update);
		expect(tasksOf(server).has('t1')).toBe(false);
		// Only tombstones: the document grows by a few bytes of ids, not by the marks.
		expect(Y.encodeStateAsUpdate(server).byteLength - size).toBeLessThan(40);
		const rows = projectWrites(server, community, 'u-li', verdict.writes).progress;
		expect(rows.map((row) => [row.taskId, row.buildingId, row.householdCode, row.status, row.userId]).sort()).toEqual([
			['t1', 'b1', '1-101', 'visited', 'u-li'],
			['t1', 'b1', '1-102', 'issue', 'u-li']
		]);
	});

	it('reaches the server whole when the phone takes in the archive before sending: its replica keeps unstored changes from Yjs’s GC', () => {
		for (const keeps of [true, false]) {
			// The phone as the app makes it: what it wrote offline is not stored yet.
			const storedUpTo = new Map<number, number>();
			const filter = keepUntilStored({ isStored: (client, clock) => clock < (storedUpTo.get(client) ?? Infinity) });
			const { server, phone, index } = archivedWhileOffline(keeps ? { gcFilter: filter } : {}, storedUpTo);
			// y-websocket on reconnect: the server's step 2 (the archive) arrives before the phone's own changes leave.
			Y.applyUpdate(phone, Y.encodeStateAsUpdate(server, Y.encodeStateVector(phone)));
			expect(tasksOf(phone).has('t1')).toBe(false);
			const step2 = Y.encodeStateAsUpdate(phone, Y.encodeStateVector(server));
			const verdict = checkUpdate(server, step2, context(server, liaison, new ArchivedPaths([index])));
			if (!verdict.ok) throw new Error('refused whole');
			expect(verdict.refusals).toEqual([]);
			// Without the filter the phone has forgotten its marks before sending them: nothing is left to store.
			expect(verdict.writes.filter((w) => w.op === 'insert').map((w) => w.path.join('/')).sort()).toEqual(
				keeps ? ['tasks/t1/progress/b1/1-101', 'tasks/t1/progress/b1/1-102'] : []
			);
		}
	});

	it('is refused where the same mark would be refused in a live task: a building outside the micro-grid, a forged writer', () => {
		const { server, phone, index } = archivedWhileOffline();
		const archived = new ArchivedPaths([index]);
		// liaison (m1) writes into b2's slot (m2): the building map exists in the archive, the rule refuses it.
		markHousehold(phone, 't1', 'b2', '3-301', mark('visited'));
		const outside = Y.encodeStateAsUpdate(phone, Y.encodeStateVector(server));
		expect(refusalCodes(checkUpdate(server, outside, context(server, liaison, archived)))).toEqual(expect.arrayContaining([expect.stringMatching(/^forbidden tasks\/t1\/progress\/b2/)]));
		const forged = Y.encodeStateAsUpdate(phone, Y.encodeStateVector(server));
		const chiefWrites = checkUpdate(server, forged, { ...context(server, chief, archived), writer: { userId: 'u-chief', readOnly: false } });
		expect(refusalCodes(chiefWrites)).toEqual(expect.arrayContaining([expect.stringMatching(/^by-mismatch tasks\/t1\/progress\/b1\/1-10[12]/)]));
	});

	it('is refused when the loaded paths do not know the ids it refers to (another community’s archive, a forged id)', () => {
		const mine = archivedWhileOffline();
		const theirs = archivedWhileOffline();
		const verdict = checkUpdate(mine.server, mine.late, context(mine.server, liaison, new ArchivedPaths([theirs.index])));
		if (!verdict.ok) throw new Error('refused whole');
		expect(verdict.missedArchived).toBe(true);
		expect(verdict.writes).toEqual([]);
		expect(verdict.refusals.length).toBeGreaterThan(0);
		expect(verdict.refusals.every((r) => r.code === 'unknown-parent')).toBe(true);
	});
});
