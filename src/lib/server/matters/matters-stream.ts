import { watchSignal } from '../live-hub';
import { refusal } from '../refusal';

/** Streams per user on this instance; a browser needs one per open tab. */
const maxStreamsPerUser = 6;
const heartbeatMs = 25_000;
/** Streams end after a while and the browser reconnects, which checks the session again. */
const streamLifetimeMs = 10 * 60_000;

const open = new Map<string, number>();

/**
 * `signals.mattersVersion` of a community as server-sent events, for those who may see some of
 * its matters but have no live document (property companies). Each event's data is the version.
 */
export function mattersVersionStream(userId: string, communityId: string): Response {
	const count = open.get(userId) ?? 0;
	if (count >= maxStreamsPerUser) throw refusal(429, 'error_too_many_streams');
	open.set(userId, count + 1);
	const encoder = new TextEncoder();
	let finish = () => {};
	const body = new ReadableStream<Uint8Array>({
		async start(controller) {
			let ended = false;
			let stop = () => {};
			const send = (text: string) => {
				if (!ended) controller.enqueue(encoder.encode(text));
			};
			const heartbeat = setInterval(() => send(': ping\n\n'), heartbeatMs);
			const lifetime = setTimeout(() => finish(), streamLifetimeMs);
			finish = () => {
				if (ended) return;
				ended = true;
				clearInterval(heartbeat);
				clearTimeout(lifetime);
				stop();
				const left = (open.get(userId) ?? 1) - 1;
				if (left > 0) open.set(userId, left);
				else open.delete(userId);
				try {
					controller.close();
				} catch {
					// Already closed by the client going away.
				}
			};
			send('retry: 3000\n\n');
			try {
				stop = await watchSignal(communityId, 'mattersVersion', (version) => send(`data: ${version}\n\n`));
				if (ended) stop();
			} catch (caught) {
				console.error(`matters stream of community ${communityId} could not start`, caught);
				finish();
			}
		},
		cancel() {
			finish();
		}
	});
	return new Response(body, {
		headers: { 'content-type': 'text/event-stream', 'cache-control': 'private, no-store', 'x-accel-buffering': 'no' }
	});
}
