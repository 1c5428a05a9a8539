// The reconnect storm: the built server (`node dist-server/index.js`, DEMO=0) with the year's
// community, N signed-in clients (y-websocket providers, each with a real Y.Doc), then a
// restart (SIGTERM, start) and every client reconnecting at once.
import { spawn, type ChildProcess } from 'node:child_process';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { meteredWebSocket } from '../sync/clients/metered-web-socket';
import { clientTarget } from '../sync/clients/target';
import { messageStored } from '../sync/clients/wire';
import { stopProcess } from '../sync/processes';
import { rssBytes } from '../sync/proc-stats';
import { summarize, type Timing } from '../board/results';

export type RunningServer = { child: ChildProcess; pid: number; listeningAt: number; startMs: number; log: string[] };

/** Starts the server and resolves when it prints that it is listening (the moment clients may come). */
export function startOurServer(port: number, env: Record<string, string>): Promise<RunningServer> {
	const started = performance.now();
	const child = spawn(process.execPath, ['dist-server/index.js'], {
		env: { ...process.env, NODE_ENV: 'production', DEMO: '0', ...env, PORT: String(port), HOST: '127.0.0.1' },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const log: string[] = [];
	return new Promise((resolve, reject) => {
		const timeout = setTimeout(() => fail(new Error('not listening after 60 s')), 60_000);
		const fail = (error: Error) => {
			clearTimeout(timeout);
			void stopProcess(child).then(() => reject(new Error(`${error.message}:\n  ${log.slice(-20).join('\n  ')}`)));
		};
		const onLine = (chunk: Buffer) => {
			for (const line of chunk.toString().split('\n').filter(Boolean)) {
				log.push(line);
				if (log.length > 200) log.shift();
				if (line.includes('is running at')) {
					clearTimeout(timeout);
					const listeningAt = performance.now();
					resolve({ child, pid: child.pid!, listeningAt, startMs: listeningAt - started, log });
				}
			}
		};
		child.stdout!.on('data', onLine);
		child.stderr!.on('data', onLine);
		child.once('exit', (code) => fail(new Error(`exited with code ${code} before listening`)));
	});
}

type Client = { doc: Y.Doc; provider: WebsocketProvider };

function newClient(port: number, docName: string, token: string): Client {
	const target = clientTarget('ours', port, docName, token);
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(target.serverUrl, target.docName, doc, {
		WebSocketPolyfill: meteredWebSocket(target.headers) as unknown as typeof WebSocket,
		disableBc: true,
		connect: false,
		// The benchmark reconnects every client itself, all at once, once the new server listens.
		shouldReconnect: () => false
	});
	// Ours sends "stored" confirmations (7); the stock provider has no handler and would log each.
	provider.messageHandlers[messageStored] = () => {};
	return { doc, provider };
}

/** Connects every client at once; resolves with each one's time from `since` until synced. */
function connectAll(clients: readonly Client[], since: number, timeoutMs: number): Promise<number[]> {
	return Promise.all(
		clients.map(
			({ provider }) =>
				new Promise<number>((resolve, reject) => {
					const timer = setTimeout(() => reject(new Error(`a client was not synced after ${timeoutMs / 1000} s`)), timeoutMs);
					const onSync = (synced: boolean) => {
						if (!synced) return;
						provider.off('sync', onSync);
						clearTimeout(timer);
						resolve(performance.now() - since);
					};
					provider.on('sync', onSync);
					provider.on('connection-close', (event) => {
						if (event && event.code >= 4400 && event.code < 4500) reject(new Error(`a client was refused: ${event.code} ${event.reason}`));
					});
					provider.connect();
				})
		)
	);
}

function stateVectorOf(doc: Y.Doc): Map<number, number> {
	return Y.decodeStateVector(Y.encodeStateVector(doc));
}

/** Clients whose document lacks something of `reference` (a state vector of the stored document). */
function behind(clients: readonly Client[], reference: Map<number, number>): number {
	return clients.filter(({ doc }) => {
		const own = stateVectorOf(doc);
		for (const [client, clock] of reference) if ((own.get(client) ?? 0) < clock) return true;
		return false;
	}).length;
}

export type StormRun = {
	kind: 'warm' | 'cold';
	round: number;
	/** SIGTERM until the old server exited. */
	stopMs: number;
	/** Spawn until the new server printed that it listens. */
	startMs: number;
	perClient: Timing;
	/** Listening until the last client was synced. */
	allSyncedMs: number;
	behind: number;
	serverRssBeforeBytes: number;
	serverRssAfterBytes: number;
};

export type StormOptions = {
	port: number;
	env: Record<string, string>;
	docName: string;
	tokens: string[];
	rounds: number;
	/** A state vector of the stored document, read when the clients are synced. */
	reference: () => Promise<Map<number, number>>;
	progress: (line: string) => void;
};

/**
 * First connection, then per round two restarts: a warm storm (the clients keep their
 * documents, as phones keep theirs in IndexedDB: the server sends what they lack) and a cold
 * one (every client starts from an empty Y.Doc and gets the whole document).
 */
export async function runStorms(options: StormOptions): Promise<{ first: StormRun; runs: StormRun[] }> {
	const { port, env, docName, tokens } = options;
	let clients = tokens.map((token) => newClient(port, docName, token));
	let server = await startOurServer(port, env);
	const runs: StormRun[] = [];
	const measure = async (kind: 'warm' | 'cold', round: number, stopMs: number): Promise<StormRun> => {
		const rssBefore = rssBytes(server.pid);
		const times = await connectAll(clients, server.listeningAt, 120_000);
		const allSyncedMs = Math.max(...times);
		const run: StormRun = {
			kind,
			round,
			stopMs,
			startMs: server.startMs,
			perClient: summarize(times),
			allSyncedMs,
			behind: behind(clients, await options.reference()),
			serverRssBeforeBytes: rssBefore,
			serverRssAfterBytes: rssBytes(server.pid)
		};
		options.progress(
			`  ${kind === 'warm' ? 'warm' : 'cold'} ${round === 0 ? 'first connection' : `storm ${round}`}: all ${clients.length} synced ${allSyncedMs.toFixed(0)} ms after listening (p50 ${run.perClient.median.toFixed(0)} ms), ${run.behind} behind`
		);
		return run;
	};
	const restart = async (): Promise<number> => {
		const stopping = performance.now();
		await stopProcess(server.child);
		const stopMs = performance.now() - stopping;
		for (const { provider } of clients) provider.disconnect();
		return stopMs;
	};
	try {
		const first = await measure('cold', 0, 0);
		for (let round = 1; round <= options.rounds; round++) {
			let stopMs = await restart();
			server = await startOurServer(port, env);
			runs.push(await measure('warm', round, stopMs));
			stopMs = await restart();
			for (const client of clients) {
				client.provider.destroy();
				client.doc.destroy();
			}
			clients = tokens.map((token) => newClient(port, docName, token));
			server = await startOurServer(port, env);
			runs.push(await measure('cold', round, stopMs));
		}
		return { first, runs };
	} finally {
		for (const { provider, doc } of clients) {
			provider.destroy();
			doc.destroy();
		}
		await stopProcess(server.child);
	}
}
