/**
 * A connection that must wait (its update needs the archived paths read): its later messages wait
 * behind it in order, its socket is not read meanwhile (the sender is pushed back) while other
 * connections go on, and a failed read closes it for the client to send again. Over a real
 * WebSocket on the loopback.
 */
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { closeCodes } from '../../src/lib/domain/sync-protocol';
import { membership } from '../../src/lib/domain/roles';
import { SyncConnection, type ConnectionHost } from './connection';
import { updateMessage } from './messages';
import { SyncMetrics } from './metrics';
import { readSyncSettings } from './settings';

const settings = { ...readSyncSettings({}), maxBufferedBytes: 64 * 1024 };
const identity = {
	userId: 'u-li',
	sessionId: 's1',
	sessionExpiresAt: new Date(Date.now() + 3_600_000),
	principal: { userId: 'u-li', memberships: [membership('liaison', { communityId: 'c1', gridId: 'g1', microGridId: 'm1' })] },
	readOnly: false
};

const servers: WebSocketServer[] = [];
afterEach(async () => {
	for (const server of servers.splice(0)) {
		for (const client of server.clients) client.terminate();
		await new Promise((resolve) => server.close(resolve));
	}
});

/** A server whose host holds the connection on the first update until `ready` settles; updates are numbered by their first byte. */
async function holdingServer(ready: () => Promise<unknown>) {
	const handled: number[] = [];
	let held = false;
	let connection: SyncConnection | null = null;
	const host: ConnectionHost = {
		name: 'doc',
		onSyncStep1: () => {},
		onUpdate(conn, update) {
			if (!held) {
				held = true;
				conn.holdUntil(ready(), () => host.onUpdate(conn, update, false));
				return;
			}
			handled.push(update[0]);
		},
		onAwareness: () => {},
		onQueryAwareness: () => {},
		detach: () => {}
	};
	const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
	servers.push(server);
	server.on('connection', (ws) => {
		connection = new SyncConnection(ws, identity, settings, new SyncMetrics());
		connection.attach(host);
	});
	await new Promise((resolve) => server.once('listening', resolve));
	const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
	await new Promise((resolve) => client.once('open', resolve));
	const closed = new Promise<number>((resolve) => client.once('close', (code) => resolve(code)));
	return { client, handled, closed, connection: () => connection };
}

const numbered = (n: number, size = 1) => updateMessage(new Uint8Array(size).fill(n));
const until = async (check: () => boolean) => {
	for (let waited = 0; !check(); waited += 10) {
		if (waited > 5_000) throw new Error('timed out');
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
};

describe('a connection held while its update waits', () => {
	it('handles the held message first, then every later one in the order sent', async () => {
		let release!: () => void;
		const { client, handled } = await holdingServer(() => new Promise<void>((resolve) => (release = resolve)));
		for (let n = 1; n <= 6; n++) client.send(numbered(n));
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(handled).toEqual([]);
		release();
		await until(() => handled.length === 6);
		expect(handled).toEqual([1, 2, 3, 4, 5, 6]);
		// Reading goes on after the hold.
		client.send(numbered(7));
		await until(() => handled.length === 7);
		expect(handled.at(-1)).toBe(7);
	});

	it('stops reading a held socket, and other connections go on meanwhile', async () => {
		const held = await holdingServer(() => new Promise<void>(() => {}));
		const other = await holdingServer(() => Promise.resolve());
		held.client.send(numbered(1));
		await until(() => held.connection()?.ws.isPaused === true);
		for (let n = 0; n < 20; n++) held.client.send(numbered(2, 8 * 1024));
		other.client.send(numbered(1));
		other.client.send(numbered(2));
		await until(() => other.handled.length === 2);
		expect(other.handled).toEqual([1, 2]);
		expect(held.handled).toEqual([]);
		expect(held.connection()?.open).toBe(true);
	});

	it('closes (try again) when what it waited for fails, handling nothing of it', async () => {
		const { client, handled, closed } = await holdingServer(() => Promise.reject(new Error('database down')));
		client.send(numbered(1));
		client.send(numbered(2));
		expect(await closed).toBe(closeCodes.unavailable);
		expect(handled).toEqual([]);
	});
});
