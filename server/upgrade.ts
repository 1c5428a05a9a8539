import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Owner of the HTTP `upgrade` event for `/sync/<doc>`. The live-document sync
 * server attaches here; until then every upgrade is answered 404 so clients
 * fail fast instead of hanging.
 */
export function handleUpgrade(request: IncomingMessage, socket: Duplex, _head: Buffer): void {
	void request;
	socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
}
