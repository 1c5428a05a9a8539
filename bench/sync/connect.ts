import { connectHocuspocusWriter } from './clients/hocuspocus-writer';
import { connectRawReader } from './clients/raw-reader';
import { clientTarget, type ClientHandle } from './clients/target';
import { connectYWebsocketWriter } from './clients/y-websocket-writer';
import type { DeliveryTracker } from './delivery-tracker';
import type { GeneratorConfig } from './plan';
import { ProgressWriter } from './writer';

const concurrentConnects = 50;
const readyTimeoutMs = 30_000;

export type Clients = { writers: ProgressWriter[][]; handles: ClientHandle[] };

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`${what} not ready after ${ms / 1000} s`)), ms);
		promise.then(resolve, reject).finally(() => clearTimeout(timer));
	});
}

/** Connects every client (writers first in each document) a few dozen at a time, until all synced. */
export async function connectAll(config: GeneratorConfig, tracker: DeliveryTracker): Promise<Clients> {
	const writers: ProgressWriter[][] = config.docs.map(() => []);
	const handles: ClientHandle[] = [];
	const starts: (() => Promise<void>)[] = [];
	config.docs.forEach((plan, docIndex) => {
		plan.tokens.forEach((token, slot) => {
			starts.push(() => {
				const target = clientTarget(config.server, config.ports[docIndex][slot], plan.name, token);
				let handle: ClientHandle;
				if (slot < config.writersPerDoc) {
					const writer = new ProgressWriter(plan, slot, tracker);
					writers[docIndex].push(writer);
					const connect = target.protocol === 'hocuspocus' ? connectHocuspocusWriter : connectYWebsocketWriter;
					handle = connect(writer, target);
				} else {
					handle = connectRawReader(target, (update) => tracker.scan(update, slot));
				}
				handles.push(handle);
				return withTimeout(handle.ready, readyTimeoutMs, `${plan.name} client ${slot}`);
			});
		});
	});
	let next = 0;
	const worker = async () => {
		while (next < starts.length) await starts[next++]();
	};
	await Promise.all(Array.from({ length: concurrentConnects }, worker));
	return { writers, handles };
}
