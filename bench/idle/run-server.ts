// One server of the idle benchmark: a fresh process, idle clients added step by step, and its
// memory read once it is quiet after each step (and once before any client, as a baseline).
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { clientsOfDoc } from '../sync/options';
import type { DocPlan, ServerName } from '../sync/plan';
import { postgresBackendsOf, pssBytes, rssBytes } from '../sync/proc-stats';
import { freePort, pinToServerCore, startGenerator, startServer, stopProcess, type ServerProcess } from '../sync/processes';
import { InspectorProbe, type HeapFigures } from './inspector';
import type { ClientCount, FromGenerator, IdleClient } from './plan';
import { waitUntilQuiet } from './settle';

export type DatabaseMemory = { backends: number; pss: number; rss: number };

export type StepResult = {
	clients: number;
	/** Clients synced and still open when the memory was read. */
	open: number;
	connectSeconds: number;
	settleSeconds: number;
	settled: boolean;
	/** Server RSS once quiet, before anything else touched it. */
	rss: number;
	/** process.memoryUsage() as found, then after a full collection (null without the inspector). */
	heap: HeapFigures | null;
	heapAfterGc: HeapFigures | null;
	/** Ours on PostgreSQL: the backends of its database (not part of `rss`). */
	database: DatabaseMemory | null;
	closeCodes: Record<string, number>;
	refusals: Record<string, number>;
};

export type ServerRun = { server: ServerName; steps: StepResult[]; error: string | null; serverLogTail: string[] };

export type RunSettings = {
	server: ServerName;
	docs: DocPlan[];
	steps: number[];
	perGenerator: number;
	waitSeconds: number;
	settleSeconds: number;
	heap: boolean;
	snapshots: string | null;
	serverEnv: Record<string, string>;
	/** Ours on PostgreSQL: the database whose backends are pinned beside the server and measured. */
	database: string | null;
};

/** The clients that join at each step: each document gets its even share, its first tokens first. */
export function clientsToAdd(docs: DocPlan[], steps: number[]): IdleClient[][] {
	return steps.map((step, index) => {
		const before = index === 0 ? 0 : steps[index - 1];
		return docs.flatMap((doc, docIndex) => {
			const from = clientsOfDoc({ clients: before, docs: docs.length }, docIndex);
			const to = clientsOfDoc({ clients: step, docs: docs.length }, docIndex);
			return doc.tokens.slice(from, to).map((token) => ({ docName: doc.name, token }));
		});
	});
}

class Generator {
	readonly #child: ChildProcess;
	readonly #exited: Promise<void>;
	#listener: ((message: FromGenerator) => void) | null = null;

	constructor() {
		this.#child = startGenerator('1', 'bench/idle/generator.ts');
		this.#child.on('message', (message: FromGenerator) => this.#listener?.(message));
		this.#exited = new Promise((resolve) => this.#child.once('exit', () => resolve()));
	}

	#ask<T extends FromGenerator['type']>(send: object, expect: T): Promise<Extract<FromGenerator, { type: T }>> {
		return new Promise((resolve, reject) => {
			const gone = () => reject(new Error('a generator exited'));
			void this.#exited.then(gone);
			this.#listener = (message) => {
				this.#listener = null;
				if (message.type === 'failed') reject(new Error(message.error));
				else if (message.type === expect) resolve(message as Extract<FromGenerator, { type: T }>);
			};
			this.#child.send(send);
		});
	}

	connect(server: ServerName, port: number, clients: IdleClient[]): Promise<void> {
		if (clients.length === 0) return Promise.resolve();
		return this.#ask({ type: 'connect', server, port, clients }, 'connected').then(() => {});
	}

	count(): Promise<ClientCount> {
		return this.#ask({ type: 'count' }, 'count');
	}

	stop(): Promise<void> {
		this.#child.disconnect();
		return stopProcess(this.#child, 5000);
	}
}

function databaseMemory(database: string | null): DatabaseMemory | null {
	if (!database) return null;
	const pids = postgresBackendsOf(database);
	const sum = (read: (pid: number) => number) => pids.reduce((total, pid) => total + read(pid), 0);
	return { backends: pids.length, pss: sum(pssBytes), rss: sum(rssBytes) };
}

function merge(counts: ClientCount[]): ClientCount {
	const total: ClientCount = { open: 0, closeCodes: {}, refusals: {} };
	for (const count of counts) {
		total.open += count.open;
		for (const [code, n] of Object.entries(count.closeCodes)) total.closeCodes[code] = (total.closeCodes[code] ?? 0) + n;
		for (const [code, n] of Object.entries(count.refusals)) total.refusals[code] = (total.refusals[code] ?? 0) + n;
	}
	return total;
}

async function measure(
	settings: RunSettings,
	server: ServerProcess,
	probe: InspectorProbe | null,
	clients: number,
	connectSeconds: number,
	countClients: () => Promise<ClientCount>
): Promise<StepResult> {
	if (settings.database) pinToServerCore(postgresBackendsOf(settings.database));
	const settling = await waitUntilQuiet(server.pid, settings.waitSeconds, settings.settleSeconds);
	const rss = rssBytes(server.pid);
	const database = databaseMemory(settings.database);
	const count = await countClients();
	let heap: HeapFigures | null = null;
	let heapAfterGc: HeapFigures | null = null;
	if (probe) {
		heap = await probe.memoryUsage();
		await probe.collectGarbage();
		heapAfterGc = await probe.memoryUsage();
		if (settings.snapshots) await probe.writeSnapshot(path.join(settings.snapshots, `${settings.server}-${clients}.heapsnapshot`));
	}
	return {
		clients,
		open: count.open,
		connectSeconds,
		settleSeconds: settling.seconds,
		settled: settling.settled,
		rss,
		heap,
		heapAfterGc,
		database,
		closeCodes: count.closeCodes,
		refusals: count.refusals
	};
}

export async function runServer(settings: RunSettings, log: (line: string) => void): Promise<ServerRun> {
	const run: ServerRun = { server: settings.server, steps: [], error: null, serverLogTail: [] };
	const inspectPort = settings.heap ? await freePort() : null;
	const flags = inspectPort ? [`--inspect=127.0.0.1:${inspectPort}`] : [];
	let server: ServerProcess;
	try {
		server = await startServer(settings.server, settings.serverEnv, flags);
	} catch (error) {
		run.error = error instanceof Error ? error.message : String(error);
		return run;
	}
	const generatorCount = Math.ceil(settings.steps[settings.steps.length - 1] / settings.perGenerator);
	const generators: Generator[] = [];
	let probe: InspectorProbe | null = null;
	try {
		probe = inspectPort ? await InspectorProbe.open(inspectPort) : null;
		for (let i = 0; i < generatorCount; i++) generators.push(new Generator());
		const countClients = async () => merge(await Promise.all(generators.map((generator) => generator.count())));
		run.steps.push(await measure(settings, server, probe, 0, 0, countClients));
		log(`  0 clients: RSS ${(run.steps[0].rss / 2 ** 20).toFixed(1)} MB`);
		const additions = clientsToAdd(settings.docs, settings.steps);
		for (const [index, step] of settings.steps.entries()) {
			const start = performance.now();
			// Round robin, so no generator holds more than its share of the largest step.
			await Promise.all(
				generators.map((generator, g) =>
					generator.connect(settings.server, server.port, additions[index].filter((_, i) => i % generatorCount === g))
				)
			);
			const connectSeconds = (performance.now() - start) / 1000;
			const result = await measure(settings, server, probe, step, connectSeconds, countClients);
			run.steps.push(result);
			log(
				`  ${step} clients: synced in ${connectSeconds.toFixed(1)} s, ${result.settled ? 'quiet' : 'NOT quiet'} after ${result.settleSeconds.toFixed(0)} s, ` +
					`RSS ${(result.rss / 2 ** 20).toFixed(1)} MB, ${result.open} open`
			);
		}
	} catch (error) {
		run.error = error instanceof Error ? error.message : String(error);
	} finally {
		probe?.close();
		await Promise.all(generators.map((generator) => generator.stop()));
		run.serverLogTail = server.logTail.slice(-10);
		await server.stop();
	}
	return run;
}
