import * as decoding from 'lib0/decoding';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { ProgressWriter } from '../writer';
import { countRefusal } from './incidents';
import { meteredWebSocket } from './metered-web-socket';
import type { ClientHandle, ClientTarget } from './target';
import { messageAuth, messageStored, permissionDenied } from './wire';

/** The stock y-websocket 3 provider, as the browser uses it, plus our "stored" message. */
export function connectYWebsocketWriter(writer: ProgressWriter, target: ClientTarget): ClientHandle {
	const provider = new WebsocketProvider(target.serverUrl, target.docName, writer.doc, {
		WebSocketPolyfill: meteredWebSocket(target.headers) as unknown as typeof WebSocket,
		disableBc: true
	});
	provider.messageHandlers[messageStored] = (_encoder, decoder) => {
		writer.onStored(Y.decodeStateVector(decoding.readVarUint8Array(decoder)));
	};
	// Counted instead of the provider's console warning.
	provider.messageHandlers[messageAuth] = (_encoder, decoder) => {
		if (decoding.readVarUint(decoder) === permissionDenied) countRefusal(decoding.readVarString(decoder));
	};
	const ready = new Promise<void>((resolve, reject) => {
		const onSync = (synced: boolean) => {
			if (!synced) return;
			provider.off('sync', onSync);
			resolve();
		};
		provider.on('sync', onSync);
		// The provider gives up on 4400–4499 closes (ours: unauthenticated, forbidden…).
		provider.on('closed', ({ code, reason }) => reject(new Error(`writer closed with ${code} ${reason}`.trim())));
	});
	return { ready, close: () => provider.destroy() };
}
