import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { countClose, countRefusal } from './incidents';
import { meteredWebSocket } from './metered-web-socket';
import type { ClientHandle, ClientTarget } from './target';
import * as wire from './wire';

// A reader that never writes has an empty document: state vector and state are constants.
const emptyStateVector = new Uint8Array([0]);
const emptyState = new Uint8Array([0, 0]);
// Hocuspocus drops sockets silent for 60 s; its provider keeps them alive with awareness.
const hocuspocusKeepAliveMs = 20_000;

/** A message, prefixed with the document name when the server is Hocuspocus. */
function frame(target: ClientTarget, write: (encoder: encoding.Encoder) => void): Uint8Array {
	const encoder = encoding.createEncoder();
	if (target.protocol === 'hocuspocus') encoding.writeVarString(encoder, target.docName);
	write(encoder);
	return encoding.toUint8Array(encoder);
}

function syncMessage(target: ClientTarget, step: number, payload: Uint8Array): Uint8Array {
	return frame(target, (encoder) => {
		encoding.writeVarUint(encoder, wire.messageSync);
		encoding.writeVarUint(encoder, step);
		encoding.writeVarUint8Array(encoder, payload);
	});
}

function hocuspocusTokenMessage(target: ClientTarget): Uint8Array {
	return frame(target, (encoder) => {
		encoding.writeVarUint(encoder, wire.hocuspocusAuth);
		encoding.writeVarUint(encoder, wire.hocuspocusToken);
		encoding.writeVarString(encoder, target.token);
	});
}

function hocuspocusKeepAliveMessage(target: ClientTarget): Uint8Array {
	return frame(target, (encoder) => {
		encoding.writeVarUint(encoder, wire.hocuspocusStateless);
		encoding.writeVarString(encoder, '');
	});
}

/**
 * A passive reader without a Y.Doc: it syncs from an empty state, answers the server's
 * sync step 1 with an empty state, hands every update it receives to `onUpdate`, and
 * ignores every other message type (awareness, ours "stored", Hocuspocus statuses).
 */
export function connectRawReader(target: ClientTarget, onUpdate: (update: Uint8Array) => void): ClientHandle {
	const hocuspocus = target.protocol === 'hocuspocus';
	const Socket = meteredWebSocket(target.headers);
	const socket = new Socket(hocuspocus ? target.serverUrl : `${target.serverUrl}/${target.docName}`);
	let keepAlive: ReturnType<typeof setInterval> | undefined;
	let resolveReady: () => void = () => {};
	let rejectReady: (error: Error) => void = () => {};
	const ready = new Promise<void>((resolve, reject) => {
		resolveReady = resolve;
		rejectReady = reject;
	});

	const onMessage = (data: Buffer) => {
		if (hocuspocus && data.length === 1 && data[0] === wire.hocuspocusPing) {
			socket.send(new Uint8Array([wire.hocuspocusPong]));
			return;
		}
		const decoder = decoding.createDecoder(data);
		if (hocuspocus) decoding.readVarString(decoder);
		const type = decoding.readVarUint(decoder);
		if (type === wire.messageSync || (hocuspocus && type === wire.hocuspocusSyncReply)) {
			const step = decoding.readVarUint(decoder);
			if (step === wire.syncStep1) {
				socket.send(syncMessage(target, wire.syncStep2, emptyState));
				return;
			}
			onUpdate(decoding.readVarUint8Array(decoder));
			if (step === wire.syncStep2) resolveReady();
		} else if (type === wire.messageAuth) {
			const kind = decoding.readVarUint(decoder);
			if (kind === (hocuspocus ? wire.hocuspocusDenied : wire.permissionDenied)) countRefusal(decoding.readVarString(decoder));
		}
	};

	socket.on('open', () => {
		if (hocuspocus) {
			socket.send(hocuspocusTokenMessage(target));
			const keepAliveMessage = hocuspocusKeepAliveMessage(target);
			keepAlive = setInterval(() => socket.send(keepAliveMessage), hocuspocusKeepAliveMs * (0.75 + Math.random() / 2));
		}
		socket.send(syncMessage(target, wire.syncStep1, emptyStateVector));
	});
	socket.on('message', onMessage);
	socket.on('close', (code, reason) => {
		clearInterval(keepAlive);
		countClose(code);
		rejectReady(new Error(`reader closed with ${code} ${reason}`.trim()));
	});
	socket.on('error', () => {}); // the close that follows is counted

	return { ready, close: () => socket.close() };
}
