import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { BuildingPlace } from '../../src/lib/domain/live-rules';
import { membership, type Principal } from '../../src/lib/domain/roles';
import { createTask, markHousehold, tasksOf } from '../../src/lib/domain/task-doc';
import { applyAccepted, applyLocal, type Accepted } from './document-writes';
import { PlacesCache } from './places';
import { checkUpdate, type CheckContext } from './update-check';
import { checkContextOf } from '../../tests/fixtures/check-context';

const community = 'c1';
const secretary: Principal = { userId: 'u-sec', memberships: [membership('secretary', { communityId: community })] };
const liaisonOf = (microGridId: string): Principal => ({
	userId: `u-${microGridId}`,
	memberships: [membership('liaison', { communityId: community, gridId: 'g1', microGridId })]
});

function contextFor(doc: Y.Doc, principal: Principal, place: (id: string) => BuildingPlace | undefined): CheckContext {
	return checkContextOf(doc, principal, { communityId: community, place });
}

/** A change made on a client synced with `doc`, as the update that client would send. */
function clientUpdate(doc: Y.Doc, change: (client: Y.Doc) => void): Uint8Array {
	const client = new Y.Doc();
	Y.applyUpdate(client, Y.encodeStateAsUpdate(doc));
	const before = Y.encodeStateVector(client);
	change(client);
	return Y.encodeStateAsUpdate(client, before);
}

function accepted(doc: Y.Doc, update: Uint8Array, context: CheckContext): Accepted {
	const verdict = checkUpdate(doc, update, context);
	if (!verdict.ok) throw new Error(`not accepted: ${JSON.stringify(verdict)}`);
	return verdict;
}

const places = new Map([['b1', { gridId: 'g1', microGridId: 'm1' }]]);

function documentWithTask(): Y.Doc {
	const doc = new Y.Doc();
	const task = { id: 't1', title: '入户排查', kind: 'check' as const, instructions: '', createdBy: secretary.userId, createdAt: Date.now() - 1000, dueAt: null, scope: ['b1'] };
	const update = clientUpdate(doc, (client) => createTask(client, task));
	applyAccepted(doc, accepted(doc, update, contextFor(doc, secretary, (id) => places.get(id))), null, community, secretary.userId);
	return doc;
}

describe('applyLocal', () => {
	it('returns the update a change made, which brings another copy to the same state', () => {
		const doc = new Y.Doc();
		const update = applyLocal(doc, () => doc.getMap('signals').set('structureVersion', 7));
		const copy = new Y.Doc();
		Y.applyUpdate(copy, update!);
		expect(copy.getMap('signals').toJSON()).toEqual({ structureVersion: 7 });
	});

	it('returns null for a change that changes nothing, and leaves no listener behind', () => {
		const doc = new Y.Doc();
		const update = applyLocal(doc, () => doc.getMap('signals').set('structureVersion', 7));
		const listeners = doc._observers.get('update')?.size ?? 0;
		expect(applyLocal(doc, () => Y.applyUpdate(doc, update!))).toBeNull();
		expect(doc._observers.get('update')?.size ?? 0).toBe(listeners);
	});

	it('does not stop other listeners from seeing the change (the broadcast to connections)', () => {
		const doc = new Y.Doc();
		const seen: unknown[] = [];
		doc.on('update', (_update: Uint8Array, origin: unknown) => seen.push(origin));
		applyLocal(doc, () => doc.transact(() => doc.getMap('signals').set('mattersVersion', 1), 'writer'));
		expect(seen).toEqual(['writer']);
	});
});

describe('applyAccepted', () => {
	it('returns what it applied: the update and the progress rows it projects', () => {
		const doc = documentWithTask();
		const copy = new Y.Doc();
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
		const update = clientUpdate(doc, (client) => markHousehold(client, 't1', 'b1', '1-101', { s: 'visited', by: secretary.userId, at: Date.now() - 500 }));
		const applied = applyAccepted(doc, accepted(doc, update, contextFor(doc, secretary, (id) => places.get(id))), null, community, secretary.userId);
		expect(applied?.projection.progress).toEqual([expect.objectContaining({ taskId: 't1', buildingId: 'b1', householdCode: '1-101', status: 'visited', userId: secretary.userId })]);
		expect(applied?.projection.tasks).toEqual([]);
		Y.applyUpdate(copy, applied!.update);
		expect(copy.getMap('tasks').toJSON()).toEqual(doc.getMap('tasks').toJSON());
	});

	it('returns null for a resend: nothing is applied, projected or stored twice', () => {
		const doc = documentWithTask();
		const update = clientUpdate(doc, (client) => markHousehold(client, 't1', 'b1', '1-102', { s: 'absent', by: secretary.userId }));
		const context = contextFor(doc, secretary, (id) => places.get(id));
		expect(applyAccepted(doc, accepted(doc, update, context), null, community, secretary.userId)).not.toBeNull();
		expect(applyAccepted(doc, accepted(doc, update, context), null, community, secretary.userId)).toBeNull();
	});

	it('applies nothing of what the check left out', () => {
		const doc = documentWithTask();
		const stranger = liaisonOf('m2');
		const update = clientUpdate(doc, (client) => markHousehold(client, 't1', 'b1', '1-103', { s: 'visited', by: stranger.userId }));
		const verdict = accepted(doc, update, contextFor(doc, stranger, (id) => places.get(id)));
		expect(verdict.refusals).not.toEqual([]);
		const applied = applyAccepted(doc, verdict, null, community, stranger.userId);
		expect(applied?.projection.progress ?? []).toEqual([]);
		expect((tasksOf(doc).get('t1')?.get('progress') as Y.Map<Y.Map<unknown>>).get('b1')?.has('1-103') ?? false).toBe(false);
	});
});

describe('building places reach the write rules', () => {
	it('after a reload, the liaison of the micro-grid a building moved to may mark it and the old one may not', async () => {
		const doc = documentWithTask();
		let current = places;
		const cache = new PlacesCache(community, places, async () => current);
		const mark = (who: Principal, code: string) => {
			const update = clientUpdate(doc, (client) => markHousehold(client, 't1', 'b1', code, { s: 'visited', by: who.userId }));
			return checkUpdate(doc, update, contextFor(doc, who, (id) => cache.get(id)));
		};
		const [oldLiaison, newLiaison] = [liaisonOf('m1'), liaisonOf('m2')];
		expect(mark(newLiaison, '2-201')).toMatchObject({ ok: true, refusals: [expect.anything()] });
		current = new Map([['b1', { gridId: 'g1', microGridId: 'm2' }]]);
		expect(await cache.reload()).toBe(true);
		expect(mark(newLiaison, '2-201')).toMatchObject({ ok: true, refusals: [] });
		expect(mark(oldLiaison, '2-202')).toMatchObject({ ok: true, refusals: [expect.anything()] });
	});
});
