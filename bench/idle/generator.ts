// An idle-client generator: holds raw readers that complete the sync handshake (on Hocuspocus
// also its token message and keep-alive) and then say nothing. Run only by bench/idle/main.ts,
// which tells it over IPC whom to connect and asks how many are still open.
import { incidents } from '../sync/clients/incidents';
import { connectRawReader } from '../sync/clients/raw-reader';
import { clientTarget, type ClientHandle } from '../sync/clients/target';
import type { FromGenerator, IdleClient, ToGenerator } from './plan';
import type { ServerName } from '../sync/plan';

// Under ours' limit of pending (not yet authenticated) upgrades, as in the sync benchmark.
const concurrentConnects = 50;
const readyTimeoutMs = 60_000;
const handles: ClientHandle[] = [];
let ready = 0;

function send(message: FromGenerator): void {
	process.send!(message);
}

function withTimeout(promise: Promise<void>, what: string): Promise<void> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`${what} not synced after ${readyTimeoutMs / 1000} s`)), readyTimeoutMs);
		promise.then(resolve, reject).finally(() => clearTimeout(timer));
	});
}

async function connect(server: ServerName, port: number, clients: IdleClient[]): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < clients.length) {
			const { docName, token } = clients[next++];
			const handle = connectRawReader(clientTarget(server, port, docName, token), () => {});
			handles.push(handle);
			await withTimeout(handle.ready, `${docName} client`);
			ready++;
		}
	};
	await Promise.all(Array.from({ length: concurrentConnects }, worker));
}

function closed(): number {
	return Object.values(incidents.closeCodes).reduce((sum, n) => sum + n, 0);
}

process.on('message', (message: ToGenerator) => {
	if (message.type === 'count') {
		send({ type: 'count', open: ready - closed(), closeCodes: incidents.closeCodes, refusals: incidents.refusals });
		return;
	}
	const start = performance.now();
	connect(message.server, message.port, message.clients).then(
		() => send({ type: 'connected', ms: performance.now() - start }),
		(error: unknown) => {
			const detail = Object.entries(incidents.closeCodes).map(([code, n]) => `${n}× close ${code}`);
			send({ type: 'failed', error: [error instanceof Error ? error.message : String(error), ...detail].join('; ') });
		}
	);
});
process.on('disconnect', () => {
	incidents.closing = true;
	for (const handle of handles) handle.close();
	process.exit(0);
});
