/**
 * The one policy table (tests/fixtures/policy-table.ts) against the real server, for each role
 * and action: the HTTP services answer it, the sync server's write rules answer it over a real
 * socket, and the capabilities the pages are sent answer it. The unit test runs the same table
 * against the policy functions themselves.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import type { Capabilities } from '../../src/lib/domain/capabilities';
import { acknowledge, markHousehold, setTaskField } from '../../src/lib/domain/task-doc';
import { placesOf, type TaskContext } from '../../src/lib/domain/task-context';
import { closeCodes } from '../../src/lib/domain/sync-protocol';
import { db } from '../../src/lib/server/db';
import { grids, memberships } from '../../src/lib/server/db/schema';
import { HttpClient } from '../fixtures/http-client';
import { pageData } from '../fixtures/page-data';
import { capabilitiesAnswer, policyCases, type PolicyAction, type PolicyRole } from '../fixtures/policy-table';
import { waitFor } from '../fixtures/sync-client';
import { SyncScenario, writeRefusals } from '../fixtures/sync-scenarios';

const usernames: Record<PolicyRole, string> = {
	secretary: 'secretary',
	chief: 'chief1',
	liaison: 'liaison01',
	'other liaison': 'liaison02',
	'street office': 'street1',
	'property company': 'property1'
};

let world: SyncScenario;
let communityId: string;
let chiefGrid: { id: string; name: string };
/** A building of liaison01's micro-grid, in chief1's grid. */
let theBuilding: string;
/** A building outside chief1's grid and not liaison02's. */
let outside: string;
let taskId: string;
const clients = new Map<PolicyRole, HttpClient>();

beforeAll(async () => {
	world = await SyncScenario.start();
	communityId = world.places.communityId;
	theBuilding = world.places.liaison01Buildings[0];
	outside = world.places.outsideChief1.find((id) => !world.places.liaison02Buildings.includes(id))!;
	const [chiefRole] = await db().select().from(memberships).where(eq(memberships.userId, world.userId('chief1')));
	[chiefGrid] = await db().select({ id: grids.id, name: grids.name }).from(grids).where(eq(grids.id, chiefRole.gridId!));
	for (const [role, username] of Object.entries(usernames) as [PolicyRole, string][]) {
		const client = new HttpClient(world.server.url);
		expect((await client.signIn(username)).status).toBe(303);
		clients.set(role, client);
	}
	const secretary = await world.connect('secretary');
	taskId = await world.dispatch(secretary, secretary, world.newTask(world.userId('secretary'), [theBuilding]));
}, 60_000);

afterAll(async () => {
	await world?.stop();
});

// --- HTTP ---

const httpChecks: Partial<Record<PolicyAction, (client: HttpClient) => Promise<number>>> = {
	'view the community': async (client) => (await client.getJson(`/api/communities/${communityId}/structure`)).status,
	'see people': async (client) => (await client.get(`/people?community=${communityId}`)).status,
	'manage people': async (client) => (await client.get(`/people/new?community=${communityId}`)).status,
	'edit structure in the grid': async (client) => (await client.patchJson(`/api/communities/${communityId}/grids/${chiefGrid.id}`, { name: chiefGrid.name })).status,
	'print the grid’s signs': async (client) => (await client.get(`/signs?community=${communityId}&gridId=${chiefGrid.id}`)).status
};

describe('HTTP services', () => {
	const cases = policyCases.filter(([, action]) => httpChecks[action]);
	it.each(cases)('%s · %s → %s', async (role, action, expected) => {
		const status = await httpChecks[action]!(clients.get(role)!);
		expect(status === 200 ? true : status === 403 ? false : status).toBe(expected);
	});
});

// --- the sync server ---

const syncWrites: Partial<Record<PolicyAction, (doc: Y.Doc, userId: string) => void>> = {
	'view the community': () => {},
	'manage a task over the building': (doc) => setTaskField(doc, taskId, 'title', `改名 ${Math.random()}`),
	'take part in a task over the building': (doc, userId) => acknowledge(doc, taskId, userId),
	'record progress in the building': (doc, userId) => markHousehold(doc, taskId, theBuilding, `9-${Math.floor(Math.random() * 900 + 100)}`, { s: 'visited', by: userId }),
	'record progress outside the grid': (doc, userId) => markHousehold(doc, taskId, outside, '1-101', { s: 'visited', by: userId })
};

/** True when the server accepts the connection and stores the write; false when it refuses either. */
async function syncAllows(username: string, write: (doc: Y.Doc, userId: string) => void): Promise<boolean> {
	const client = await world.open(username);
	await waitFor(() => client.provider.synced || client.closed !== null, 10_000, 'sync or close');
	if (client.closed) {
		expect(client.closed.code).toBe(closeCodes.forbidden);
		return false;
	}
	const seen = writeRefusals(client).length;
	write(client.doc, world.userId(username));
	await waitFor(() => client.confirmed || writeRefusals(client).length > seen, 10_000, 'stored or refused');
	client.destroy();
	return writeRefusals(client).length === seen;
}

describe('sync write rules over a real socket', () => {
	const cases = policyCases.filter(([, action]) => syncWrites[action]);
	it.each(cases)('%s · %s → %s', async (role, action, expected) => {
		expect(await syncAllows(usernames[role], syncWrites[action]!)).toBe(expected);
	});
});

// --- the pages ---

function pageAnswer(action: PolicyAction, capabilities: Capabilities | null, context: TaskContext | null): boolean {
	if (!capabilities || !context) return false;
	// The task pages and the layout are sent the same capabilities.
	expect(context.capabilities).toEqual(capabilities);
	return capabilitiesAnswer(action, capabilities, { gridId: chiefGrid.id, theBuilding, outside, placeOf: placesOf(context) });
}

const pages = new Map<PolicyRole, Promise<Record<string, unknown>[]>>();
/** The task page's data as `role` receives it, fetched once per role. */
function taskPageOf(role: PolicyRole) {
	if (!pages.has(role)) pages.set(role, pageData(clients.get(role)!, '/tasks', `?community=${communityId}`));
	return pages.get(role)!;
}

describe('page capabilities', () => {
	it.each(policyCases)('%s · %s → %s', async (role, action, expected) => {
		const [layout, tasks] = await taskPageOf(role);
		const answer = pageAnswer(action, layout.capabilities as Capabilities | null, tasks.context as TaskContext | null);
		expect(answer).toBe(expected);
	});
});
