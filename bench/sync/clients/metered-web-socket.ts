import WebSocket from 'ws';

/** Payload bytes all clients of one generator sent and received (framing not counted). */
export const traffic = { bytesIn: 0, bytesOut: 0 };

type SendData = Parameters<WebSocket['send']>[0];
export type MeteredWebSocketClass = new (url: string | URL, protocols?: string | string[]) => WebSocket;

function byteLength(data: SendData): number {
	if (typeof data === 'string') return Buffer.byteLength(data);
	if (ArrayBuffer.isView(data) || data instanceof ArrayBuffer) return data.byteLength;
	return 0;
}

/**
 * A `ws` client that sends our sign-in headers and counts its traffic. The providers
 * construct their socket as `new WebSocketPolyfill(url, protocols)`, so the headers
 * must come from the class itself.
 */
export function meteredWebSocket(headers: Record<string, string>): MeteredWebSocketClass {
	return class MeteredWebSocket extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols ?? [], { headers });
			this.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
				traffic.bytesIn += Array.isArray(data) ? data.reduce((n, part) => n + part.byteLength, 0) : data.byteLength;
			});
			const send = this.send.bind(this) as (...args: unknown[]) => void;
			this.send = ((data: SendData, ...rest: unknown[]) => {
				traffic.bytesOut += byteLength(data);
				send(data, ...rest);
			}) as WebSocket['send'];
		}
	};
}
