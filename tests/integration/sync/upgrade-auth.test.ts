/**
 * Who may open a socket on `/sync/<doc>` (`server/sync/upgrade-auth.ts`), that sockets end with
 * their session, and what /healthz and /metrics say about them. Real server, real sockets.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { closeCodes } from '../../../src/lib/domain/sync-protocol';
import { loadMemberships, sessionCookieName, sessionIdOf } from '../../../src/lib/server/auth';
import { db } from '../../../src/lib/server/db';
import { memberships, sessions, users } from '../../../src/lib/server/db/schema';
import { setDisabled } from '../../../src/lib/server/people';
import { HttpClient } from '../../fixtures/http-client';
import { SyncClient, waitFor } from '../../fixtures/sync-client';
import { forgeUpdate, nextRefusal, sendUpdate, SyncScenario } from '../../fixtures/sync-scenarios';

// Read when the sync server starts: sessions that end while connected are noticed quickly.
process.env.SYNC_SESSION_RECHECK_MS = '200';

let world: SyncScenario;

beforeAll(async () => {
	world = await SyncScenario.start();
});
afterAll(async () => {
	await world?.stop();
});

/** The stock client ended for good: a `closed` event with `code`, and no more reconnecting. */
async function expectClosedFor(client: SyncClient, code: number): Promise<void> {
	await waitFor(() => client.closed !== null, 10_000, `close ${code}`);
	expect(client.closed?.code).toBe(code);
	expect(client.provider.shouldConnect).toBe(false);
	expect(client.provider.ws).toBeNull();
	expect(client.provider.synced).toBe(false);
}

type RawOutcome = { status: number } | { opened: true; code: number; reason: string };

/** A bare `ws` upgrade: the HTTP status when refused before the upgrade, else how the socket closed. */
function rawConnect(path: string, headers: Record<string, string>): Promise<RawOutcome> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(world.server.url.replace(/^http/, 'ws') + path, { headers });
		let opened = false;
		ws.on('unexpected-response', (request, response) => {
			resolve({ status: response.statusCode ?? 0 });
			request.destroy();
		});
		ws.on('open', () => (opened = true));
		ws.on('close', (code, reason) => (opened ? resolve({ opened, code, reason: reason.toString() }) : undefined));
		ws.on('error', reject);
	});
}

const docPath = () => `/sync/${world.docName}`;

/** A session of `username` of its own: its cookie and the session's id in the database. */
async function freshSession(username: string): Promise<{ http: HttpClient; cookie: string; sessionId: string }> {
	const http = new HttpClient(world.server.url);
	expect((await http.signIn(username)).status).toBe(303);
	const token = decodeURIComponent(http.cookies.get(sessionCookieName)!);
	const cookie = `${sessionCookieName}=${http.cookies.get(sessionCookieName)}`;
	return { http, cookie, sessionId: sessionIdOf(token) };
}

function clientWith(cookie: string | null, options?: { origin?: string | null }): SyncClient {
	return world.track(SyncClient.forCommunity(world.server.url, world.places.communityId, cookie, options));
}

async function expire(sessionId: string): Promise<void> {
	await db().update(sessions).set({ expiresAt: new Date(Date.now() - 60_000) }).where(eq(sessions.id, sessionId));
}

describe('opening a socket', () => {
	it('without a session cookie: the handshake completes, then 4401, and the stock client stops retrying', async () => {
		expect(await rawConnect(docPath(), { origin: world.server.url })).toMatchObject({ opened: true, code: closeCodes.unauthenticated });
		await expectClosedFor(await world.open(null), closeCodes.unauthenticated);
	});

	it('with an expired session: 4401', async () => {
		const { cookie, sessionId } = await freshSession('liaison03');
		await expire(sessionId);
		await expectClosedFor(clientWith(cookie), closeCodes.unauthenticated);
	});

	it('with a one-time password still to be changed: 4401, as for every page but the change page', async () => {
		const { cookie } = await freshSession('liaison04');
		await db().update(users).set({ mustChangePassword: true }).where(eq(users.username, 'liaison04'));
		try {
			await expectClosedFor(clientWith(cookie), closeCodes.unauthenticated);
		} finally {
			await db().update(users).set({ mustChangePassword: false }).where(eq(users.username, 'liaison04'));
		}
	});

	it('from a foreign Origin: HTTP 403 and no upgrade, even with a valid session', async () => {
		const cookie = await world.cookie('chief1');
		expect(await rawConnect(docPath(), { origin: 'http://evil.example', cookie })).toEqual({ status: 403 });
	});

	it('as a user who is not in the community (property1): 4403', async () => {
		await expectClosedFor(await world.open('property1'), closeCodes.forbidden);
	});

	it('on a community that does not exist: 4403', async () => {
		const client = world.track(SyncClient.forCommunity(world.server.url, 'no-such-community', await world.cookie('secretary')));
		await expectClosedFor(client, closeCodes.forbidden);
	});

	it('on a document name that is not community:<id>, or a path outside /sync/: HTTP 404', async () => {
		const headers = { origin: world.server.url, cookie: await world.cookie('secretary') };
		for (const path of ['/sync/notes:abc', '/sync/community:bad%20id', '/sync/', '/elsewhere']) {
			expect(await rawConnect(path, headers), path).toEqual({ status: 404 });
		}
	});

	it('as a member with a valid session: synced and open', async () => {
		const client = await world.connect('chief1');
		expect(client.provider.wsconnected).toBe(true);
		expect(client.closed).toBeNull();
	});
});

describe('sockets end with their session', () => {
	let bystander: SyncClient;
	beforeAll(async () => {
		bystander = await world.connect('chief2');
	});

	/** Connects as a fresh session of `username` and returns what ends it. */
	async function connected(username: string) {
		const session = await freshSession(username);
		const client = clientWith(session.cookie);
		await client.synced();
		return { ...session, client };
	}

	/** The bystander of another user is untouched. */
	function expectBystanderOpen(): void {
		expect(bystander.provider.wsconnected).toBe(true);
		expect(bystander.closed).toBeNull();
	}

	it('signing out closes that socket with 4401', async () => {
		const { http, client } = await connected('liaison04');
		expect((await http.postForm('/logout', {})).status).toBe(303);
		await expectClosedFor(client, closeCodes.unauthenticated);
		expectBystanderOpen();
	});

	it('a session that expires while connected is closed with 4401', async () => {
		const { sessionId, client } = await connected('liaison05');
		await expire(sessionId);
		await expectClosedFor(client, closeCodes.unauthenticated);
		expectBystanderOpen();
	});

	it('a user disabled in the database is closed with 4401', async () => {
		const { client } = await connected('liaison06');
		await db().update(users).set({ disabledAt: new Date() }).where(eq(users.id, world.userId('liaison06')));
		await expectClosedFor(client, closeCodes.unauthenticated);
		expectBystanderOpen();
	});

	it('a user disabled by the secretary (people service) loses every socket, 4401', async () => {
		const [first, second] = [await connected('liaison07'), await connected('liaison07')];
		const secretaryId = world.userId('secretary');
		const principal = { userId: secretaryId, memberships: await loadMemberships(secretaryId) };
		await setDisabled(principal, world.places.communityId, world.userId('liaison07'), true);
		await expectClosedFor(first.client, closeCodes.unauthenticated);
		await expectClosedFor(second.client, closeCodes.unauthenticated);
		expectBystanderOpen();
	});

	it('a user who no longer belongs to the community is closed with 4403', async () => {
		const { client } = await connected('liaison08');
		await db().delete(memberships).where(eq(memberships.userId, world.userId('liaison08')));
		await expectClosedFor(client, closeCodes.forbidden);
		expectBystanderOpen();
	});
});

describe('/healthz and /metrics', () => {
	const metric = (text: string, name: string): number => {
		const line = text.split('\n').find((l) => l.startsWith(`${name} `));
		if (!line) throw new Error(`no metric ${name}`);
		return Number(line.slice(name.length + 1));
	};
	const scrape = async () => (await fetch(`${world.server.url}/metrics`)).text();

	it('/healthz counts the open connections and loaded documents', async () => {
		await world.connect('liaison01');
		const response = await fetch(`${world.server.url}/healthz`);
		expect(response.status).toBe(200);
		const health = await response.json();
		expect(health).toMatchObject({ ok: true, redis: 'off' });
		expect(health.connections).toBeGreaterThan(0);
		expect(health.docsLoaded).toBeGreaterThan(0);
	});

	it('/metrics shows the connections and counts each refused update', async () => {
		const chief = await world.connect('chief1');
		const before = await scrape();
		expect(metric(before, 'sync_connections')).toBeGreaterThan(0);
		expect(metric(before, 'sync_docs_loaded')).toBeGreaterThan(0);
		const forged = forgeUpdate(chief.doc, (doc) => doc.getMap('signals').set('structureVersion', 9));
		expect(await nextRefusal(chief, () => sendUpdate(chief, forged.update))).toBe('forbidden signals/structureVersion');
		expect(metric(await scrape(), 'sync_updates_refused_total')).toBe(metric(before, 'sync_updates_refused_total') + 1);
	});
});
