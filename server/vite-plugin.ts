import type { Plugin } from 'vite';
import { handleUpgrade } from './upgrade.ts';

/** Attaches the same WebSocket upgrade handling as `server/index.ts` to `vite dev`. */
export function devServerPlugin(): Plugin {
	return {
		name: 'grid-dispatch-upgrade',
		configureServer(server) {
			server.httpServer?.on('upgrade', (request, socket, head) => {
				// Vite's own HMR socket shares this server; leave every other path to it.
				if (request.url?.startsWith('/sync/')) handleUpgrade(request, socket, head);
			});
		}
	};
}
