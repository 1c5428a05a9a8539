import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Plugin } from 'vite';

type UpgradeModule = typeof import('./upgrade.ts');
type Handler = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * Attaches the same sync server as `server/index.ts` to `vite dev`. The server code is
 * loaded through Vite's SSR module graph on first use (not imported by the config), so it
 * shares modules with the SvelteKit pages.
 */
export function devServerPlugin(): Plugin {
	return {
		name: 'grid-dispatch-upgrade',
		configureServer(server) {
			let handler: Promise<Handler> | null = null;
			// Started with the dev server, so pages can send signals before anyone has connected.
			const start = () =>
				(handler ??= (server.ssrLoadModule('/server/upgrade.ts') as Promise<UpgradeModule>).then((module) =>
					module.upgradeHandler({ origin: process.env.ORIGIN, redisUrl: process.env.REDIS_URL })
				));
			server.httpServer?.once('listening', () => void start().catch(() => {}));
			server.httpServer?.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
				// Vite's own HMR socket shares this server; leave every other path to it.
				if (!request.url?.startsWith('/sync/')) return;
				start().then(
					(handle) => handle(request, socket, head),
					(error: Error) => {
						console.error('[sync] could not start in vite dev:', error.message);
						socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
					}
				);
			});
		}
	};
}
