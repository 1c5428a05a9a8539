import * as decoding from 'lib0/decoding';
import * as authProtocol from 'y-protocols/auth';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { messageAuth, messageStored, parseRefusal, type Refusal } from '$lib/domain/sync-protocol';
import type { Clocks } from './clocks';

/** The part of a `WebsocketProvider` this module touches: its per-instance handler table. */
export type HandlerTable = Pick<WebsocketProvider, 'messageHandlers'>;

export type ProtocolListeners = {
	/** The server stored these clocks durably (message type 7). */
	onStored(clocks: Clocks): void;
	/** The server refused a change (auth message, permission denied). */
	onRefusal(refusal: Refusal): void;
};

export function readStoredClocks(decoder: decoding.Decoder): Clocks {
	return Y.decodeStateVector(decoding.readVarUint8Array(decoder));
}

/**
 * Teaches one provider our additions to the y-websocket protocol. Replacing the stock auth
 * handler also keeps refusals out of the console (it would `console.warn` them), and without
 * a handler for type 7 the provider would `console.error` on every stored notice.
 */
export function installProtocolHandlers(provider: HandlerTable, listeners: ProtocolListeners): void {
	provider.messageHandlers[messageStored] = (_encoder, decoder) => listeners.onStored(readStoredClocks(decoder));
	provider.messageHandlers[messageAuth] = (_encoder, decoder, target) =>
		authProtocol.readAuthMessage(decoder, target.doc, (_doc, reason) => listeners.onRefusal(parseRefusal(reason)));
}
