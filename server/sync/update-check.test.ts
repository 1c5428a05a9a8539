import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { membership, type Principal } from '../../src/lib/domain/roles';
import { acknowledge, addNote, createTask, markHousehold } from '../../src/lib/domain/task-doc';
import { checkUpdate, type CheckContext } from './update-check';
import { checkContextOf } from '../../tests/fixtures/check-context';

const community = 'c1';
const now = Date.now();
const places = new Map([
	['b1', { gridId: 'g1', microGridId: 'm1' }],
	['b2', { gridId: 'g1', microGridId: 'm2' }],
	['b3', { gridId: 'g2', microGridId: 'm3' }]
]);
const principals: Record<string, Principal> = {
	secretary: { userId: 'u-sec', memberships: [membership('secretary', { communityId: community })] },
	chief: { userId: 'u-chief', memberships: [membership('chief', { communityId: community, gridId: 'g1' })] },
	liaison: { userId: 'u-li', memberships: [membership('liaison', { communityId: community, gridId: 'g1', microGridId: 'm1' })] },
	street: { userId: 'u-street', memberships: [membership('street', { streetId: 's1' })] }
};

/** The server's document and a way to check what a client's change would send. */
function setup() {
	const server = new Y.Doc();
	const owners = new Map<number, string>();
	const context = (who: keyof typeof principals): CheckContext =>
		checkContextOf(server, principals[who], {
			communityId: community,
			writer: { userId: principals[who].userId, readOnly: who === 'street' },
			place: (id) => places.get(id),
			ownerOf: (client) => owners.get(client),
			now
		});
	/** Runs `change` on a fresh client synced with the server, checks the resulting update, applies it when allowed. */
	const write = (who: keyof typeof principals, change: (doc: Y.Doc) => void) => {
		const client = new Y.Doc();
		Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
		const before = Y.encodeStateVector(client);
		change(client);
		const update = Y.encodeStateAsUpdate(client, before);
		const verdict = checkUpdate(server, update, context(who));
		if (verdict.ok) {
			Y.applyUpdate(server, verdict.update);
			for (const id of verdict.newClients) owners.set(id, principals[who].userId);
		}
		return summary(verdict);
	};
	return { server, owners, write, context };
}

/** ok: everything was accepted; otherwise the first refusal. */
function summary(verdict: ReturnType<typeof checkUpdate>) {
	if ('deferred' in verdict) return { ok: false, deferred: true };
	if (!verdict.ok) return { ok: false, refusal: verdict.refusal };
	if (verdict.refusals.length > 0) return { ok: false, refusal: verdict.refusals[0], writes: verdict.writes };
	return { ok: true, writes: verdict.writes };
}

const task = (scope: string[], createdBy: string) => ({
	id: 't1',
	title: '排查',
	kind: 'check' as const,
	instructions: '',
	createdBy,
	createdAt: now - 1,
	dueAt: null,
	scope
});

describe('checkUpdate', () => {
	it('lets a chief create a task inside its grid and a liaison mark and ack within its micro-grid', () => {
		const { write } = setup();
		expect(write('chief', (doc) => createTask(doc, task(['b1', 'b2'], 'u-chief')))).toMatchObject({ ok: true });
		expect(write('liaison', (doc) => acknowledge(doc, 't1', 'u-li'))).toMatchObject({ ok: true });
		const marked = write('liaison', (doc) => markHousehold(doc, 't1', 'b1', '1-101', { s: 'visited', by: 'u-li' }));
		expect(marked).toMatchObject({ ok: true, writes: [{ op: 'insert', path: ['tasks', 't1', 'progress', 'b1', '1-101'] }] });
	});

	it('resolves an overwrite through its origin and its deletion through the document', () => {
		const { write } = setup();
		write('chief', (doc) => createTask(doc, task(['b1'], 'u-chief')));
		write('liaison', (doc) => markHousehold(doc, 't1', 'b1', '1-101', { s: 'visited', by: 'u-li' }));
		const verdict = write('liaison', (doc) => markHousehold(doc, 't1', 'b1', '1-101', { s: 'absent', by: 'u-li' }));
		expect(verdict.ok && verdict.writes?.map((w) => `${w.op} ${w.path.join('/')}`)).toEqual([
			'insert tasks/t1/progress/b1/1-101',
			'delete tasks/t1/progress/b1/1-101'
		]);
	});

	it.each([
		['a chief outside its grid', 'chief', (doc: Y.Doc) => createTask(doc, task(['b1', 'b3'], 'u-chief')), 'forbidden'],
		['a liaison creating a task', 'liaison', (doc: Y.Doc) => createTask(doc, task(['b1'], 'u-li')), 'forbidden'],
		['a secretary forging createdBy', 'secretary', (doc: Y.Doc) => createTask(doc, task(['b3'], 'u-chief')), 'by-mismatch'],
		['a new root type', 'secretary', (doc: Y.Doc) => doc.getMap('evil').set('x', 1), 'forbidden'],
		['signals', 'secretary', (doc: Y.Doc) => doc.getMap('signals').set('structureVersion', 2), 'forbidden'],
		['text content', 'secretary', (doc: Y.Doc) => doc.getText('tasks').insert(0, 'x'), 'unsupported-content']
	] as const)('refuses %s', (_name, who, change, code) => {
		const { write } = setup();
		const verdict = write(who, change);
		expect(verdict).toMatchObject({ ok: false, refusal: { code } });
	});

	it('refuses progress outside the micro-grid, forged by, and someone else’s ack', () => {
		const { write } = setup();
		write('chief', (doc) => createTask(doc, task(['b1', 'b2'], 'u-chief')));
		expect(write('liaison', (doc) => markHousehold(doc, 't1', 'b2', '1-101', { s: 'visited', by: 'u-li' }))).toMatchObject({
			ok: false,
			refusal: { code: 'forbidden', detail: 'tasks/t1/progress/b2/1-101' }
		});
		expect(write('liaison', (doc) => markHousehold(doc, 't1', 'b1', '1-101', { s: 'visited', by: 'u-chief' }))).toMatchObject({
			ok: false,
			refusal: { code: 'by-mismatch' }
		});
		expect(write('liaison', (doc) => acknowledge(doc, 't1', 'u-chief'))).toMatchObject({ ok: false, refusal: { code: 'by-mismatch' } });
		expect(write('liaison', (doc) => (doc.getMap('tasks').get('t1') as Y.Map<unknown>).set('status', 'closed'))).toMatchObject({
			ok: false,
			refusal: { code: 'forbidden', detail: 'tasks/t1/status' }
		});
	});

	it('lets a note be deleted by its writer and a chief, not by another liaison', () => {
		const { write } = setup();
		write('chief', (doc) => createTask(doc, task(['b1'], 'u-chief')));
		write('chief', (doc) => addNote(doc, 't1', { by: 'u-chief', at: now - 1, text: '注意安全' }));
		const deleteFirstNote = (doc: Y.Doc) => ((doc.getMap('tasks').get('t1') as Y.Map<unknown>).get('notes') as Y.Array<unknown>).delete(0, 1);
		expect(write('liaison', deleteFirstNote)).toMatchObject({ ok: false, refusal: { code: 'forbidden', detail: 'tasks/t1/notes/#' } });
		write('liaison', (doc) => addNote(doc, 't1', { by: 'u-li', at: now - 2, text: '3 户不在家' }));
		expect(write('chief', deleteFirstNote)).toMatchObject({ ok: true });
		expect(write('liaison', deleteFirstNote)).toMatchObject({ ok: true });
	});

	it('refuses any write of a read-only street user, but not an empty sync', () => {
		const { write } = setup();
		write('chief', (doc) => createTask(doc, task(['b1'], 'u-chief')));
		expect(write('street', () => {})).toMatchObject({ ok: true, writes: [] });
		expect(write('street', (doc) => addNote(doc, 't1', { by: 'u-street', at: now - 1, text: 'x' }))).toMatchObject({
			ok: false,
			refusal: { code: 'read-only' }
		});
	});

	it("lets a read-only user's sync carry deletions the document already has, and refuses its own deletions", () => {
		const { write } = setup();
		write('chief', (doc) => createTask(doc, task(['b1'], 'u-chief')));
		write('chief', (doc) => addNote(doc, 't1', { by: 'u-chief', at: now - 1, text: '注意安全' }));
		const notesOf = (doc: Y.Doc) => (doc.getMap('tasks').get('t1') as Y.Map<unknown>).get('notes') as Y.Array<unknown>;
		write('chief', (doc) => notesOf(doc).delete(0, 1));
		write('chief', (doc) => addNote(doc, 't1', { by: 'u-chief', at: now - 1, text: '第二条' }));
		// Every sync step 2 carries the sender's whole delete set, here the chief's deleted note.
		expect(write('street', () => {})).toMatchObject({ ok: true, writes: [] });
		const refused = write('street', (doc) => notesOf(doc).delete(0, 1));
		expect(refused).toMatchObject({ ok: false, refusal: { code: 'read-only' } });
		expect((refused as { refusal: { detail: string } }).refusal.detail).toMatch(/^delete \d+:\d+$/);
	});

	it('refuses structs of a client id bound to another user', () => {
		const { server, write, owners, context } = setup();
		write('chief', (doc) => createTask(doc, task(['b1'], 'u-chief')));
		const [chiefClient] = owners.keys();
		const forger = new Y.Doc();
		Y.applyUpdate(forger, Y.encodeStateAsUpdate(server));
		// After applying: Yjs picks a new id when an update carries the doc's own.
		forger.clientID = chiefClient;
		const before = Y.encodeStateVector(forger);
		acknowledge(forger, 't1', 'u-li');
		const verdict = summary(checkUpdate(server, Y.encodeStateAsUpdate(forger, before), context('liaison')));
		expect(verdict).toMatchObject({ ok: false, refusal: { code: 'client-id', detail: String(chiefClient) } });
	});

	it('defers an update that runs ahead of the writer’s own unsent changes', () => {
		const { server, write, context } = setup();
		write('chief', (doc) => createTask(doc, task(['b1'], 'u-chief')));
		const client = new Y.Doc();
		Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
		acknowledge(client, 't1', 'u-li');
		const first = Y.encodeStateVector(client);
		markHousehold(client, 't1', 'b1', '1-101', { s: 'visited', by: 'u-li' });
		// Only the second change: its first clock is beyond what the server has of this client.
		const verdict = summary(checkUpdate(server, Y.encodeStateAsUpdate(client, first), context('liaison')));
		expect(verdict).toEqual({ ok: false, deferred: true });
	});

	it('refuses deleting clocks the server has not seen, unless they are the writer’s own', () => {
		const { server, write, owners, context } = setup();
		write('chief', (doc) => createTask(doc, task(['b1'], 'u-chief')));
		write('liaison', (doc) => acknowledge(doc, 't1', 'u-li'));
		const [chiefClient, liaisonClient] = owners.keys();
		const deleteOnly = (client: number) => new Uint8Array([0, 1, ...varuint(client), 1, ...varuint(1000), 5]);
		expect(summary(checkUpdate(server, deleteOnly(chiefClient), context('liaison')))).toMatchObject({ ok: false, refusal: { code: 'unknown-parent' } });
		expect(summary(checkUpdate(server, deleteOnly(12345), context('liaison')))).toMatchObject({ ok: false, refusal: { code: 'unknown-parent' } });
		expect(summary(checkUpdate(server, deleteOnly(liaisonClient), context('liaison')))).toMatchObject({ ok: true });
	});

	it('keeps a refused change out as an empty placeholder, so the writer’s next change is not blocked', () => {
		const { server, owners, context } = setup();
		const chief = new Y.Doc();
		createTask(chief, task(['b1'], 'u-chief'));
		Y.applyUpdate(server, Y.encodeStateAsUpdate(chief));
		owners.set(chief.clientID, 'u-chief');
		const liaison = new Y.Doc();
		Y.applyUpdate(liaison, Y.encodeStateAsUpdate(server));
		const send = () => {
			const verdict = checkUpdate(server, Y.encodeStateAsUpdate(liaison, Y.encodeStateVector(server)), context('liaison'));
			if (verdict.ok) Y.applyUpdate(server, verdict.update);
			return verdict;
		};
		acknowledge(liaison, 't1', 'u-chief');
		expect(summary(send())).toMatchObject({ ok: false, refusal: { code: 'by-mismatch' } });
		expect((server.getMap('tasks').get('t1') as Y.Map<Y.Map<number>>).get('acks')?.toJSON()).toEqual({});
		markHousehold(liaison, 't1', 'b1', '1-101', { s: 'visited', by: 'u-li' });
		expect(summary(send())).toMatchObject({ ok: true });
		const marks = (server.getMap('tasks').get('t1') as Y.Map<Y.Map<Y.Map<unknown>>>).get('progress')?.get('b1')?.toJSON();
		expect(marks).toMatchObject({ '1-101': { s: 'visited', by: 'u-li' } });
		expect(server.store.pendingStructs).toBeNull();
	});

	it('throws on bytes that are not an update', () => {
		const { server, context } = setup();
		expect(() => checkUpdate(server, new Uint8Array([5, 255, 255, 255]), context('liaison'))).toThrow();
	});
});

function varuint(value: number): number[] {
	const bytes: number[] = [];
	while (value > 127) {
		bytes.push((value & 127) | 128);
		value = Math.floor(value / 128);
	}
	bytes.push(value);
	return bytes;
}
