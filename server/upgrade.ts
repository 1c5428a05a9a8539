import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { readSyncSettings } from './sync/settings';
import { SyncServer } from './sync/sync-server';

const serverKey = Symbol.for('grid-dispatch.sync-server');
type WithSyncServer = typeof globalThis & { [serverKey]?: Promise<SyncServer> };

/**
 * The one sync server of this process, started on first use. `vite dev` loads this file
 * through its config and the production entry through its bundle; globalThis is shared.
 */
export function syncServer(options: { origin: string | undefined; redisUrl: string | undefined }): Promise<SyncServer> {
	const scope = globalThis as WithSyncServer;
	scope[serverKey] ??= SyncServer.start({ ...options, settings: readSyncSettings(process.env) });
	return scope[serverKey];
}

export async function stopSyncServer(): Promise<void> {
	const scope = globalThis as WithSyncServer;
	const running = scope[serverKey];
	scope[serverKey] = undefined;
	if (running) await (await running).close();
}

/** Owner of the HTTP `upgrade` event: `/sync/<doc>` goes to the sync server, anything else gets 404. */
export function upgradeHandler(options: { origin: string | undefined; redisUrl: string | undefined }) {
	const started = syncServer(options);
	return (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
		started.then(
			(server) => server.handleUpgrade(request, socket, head),
			() => socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
		);
	};
}
