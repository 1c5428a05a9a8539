import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import type { ProgressWriter } from '../writer';
import { countRefusal } from './incidents';
import { meteredWebSocket } from './metered-web-socket';
import type { ClientHandle, ClientTarget } from './target';

/** Hocuspocus frames differ (a document name before every message), so it brings its own provider. */
export function connectHocuspocusWriter(writer: ProgressWriter, target: ClientTarget): ClientHandle {
	const socket = new HocuspocusProviderWebsocket({
		url: target.serverUrl,
		WebSocketPolyfill: meteredWebSocket(target.headers)
	});
	let resolveReady: () => void = () => {};
	let rejectReady: (error: Error) => void = () => {};
	const ready = new Promise<void>((resolve, reject) => ((resolveReady = resolve), (rejectReady = reject)));
	const provider = new HocuspocusProvider({
		websocketProvider: socket,
		name: target.docName,
		document: writer.doc,
		token: target.token,
		onSynced: ({ state }) => state && resolveReady(),
		onAuthenticationFailed: ({ reason }) => {
			countRefusal(reason);
			rejectReady(new Error(`writer refused: ${reason}`));
		}
	});
	provider.attach();
	return {
		ready,
		close: () => {
			provider.destroy();
			socket.destroy();
		}
	};
}
