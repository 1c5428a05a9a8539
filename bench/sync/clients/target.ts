import type { ServerName } from '../plan';

/** Where and how one client connects. */
export type ClientTarget = {
	protocol: 'y-websocket' | 'hocuspocus';
	/** y-websocket: base URL the provider appends `/<doc>` to; Hocuspocus: the server URL. */
	serverUrl: string;
	docName: string;
	token: string;
	headers: Record<string, string>;
};

export type ClientHandle = { ready: Promise<void>; close(): void };

export function clientTarget(server: ServerName, port: number, docName: string, token: string): ClientTarget {
	const origin = `http://127.0.0.1:${port}`;
	return {
		protocol: server === 'hocuspocus' ? 'hocuspocus' : 'y-websocket',
		serverUrl: server === 'hocuspocus' ? `ws://127.0.0.1:${port}` : `ws://127.0.0.1:${port}/sync`,
		docName,
		token,
		// The same headers go to every server; only ours reads them.
		headers: { Cookie: `grid-session=${token}`, Origin: origin }
	};
}
