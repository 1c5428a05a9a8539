import type { ChildProcess } from 'node:child_process';
import { instanceOfClient, splitDocs } from './client-spread';
import { decodeHistogram, percentilesMs } from './histograms';
import { mergeGeneratorResults } from './merge-results';
import type { GeneratorCommand, GeneratorConfig, GeneratorEvent, GeneratorResult, ServerName, Workload } from './plan';
import { cpuSeconds, machineBusySeconds, postgresBackendsOf, postgresPidsFor, redisServerPid, rssBytes } from './proc-stats';
import { pinToServerCore, startGenerator, startServer, stopProcess, type ServerProcess } from './processes';
import type { RedisScope } from './redis-scope';

/** One server process of the run (ours may have several). */
export type InstanceFigures = { pid: number; port: number; clients: number; cpuPct: number; peakRssMb: number };

/** One load generator process of the run. */
export type GeneratorFigures = {
	pid: number;
	docs: number;
	clients: number;
	cpuPct: number;
	peakRssMb: number;
	sendLagP99Ms: number | null;
};

export type RunMeasurement = {
	server: ServerName;
	round: number;
	/** Position in the round's order, from 1. */
	position: number;
	/** The generators' results, merged. */
	result: GeneratorResult | null;
	error: string | null;
	/** CPU over the measured window, 100 = one core busy; summed over instances and over generators. */
	serverCpuPct: number;
	generatorCpuPct: number;
	/** PostgreSQL processes, when ours runs on PostgreSQL; null otherwise. */
	databaseCpuPct: number | null;
	/** The local redis-server, when ours runs as several instances; null otherwise. */
	redisCpuPct: number | null;
	/** Everything else the machine ran meanwhile (other people's tests, a hypervisor's steal). */
	otherCpuPct: number;
	/** Summed over instances (each one's peak). */
	serverPeakRssMb: number;
	generatorPeakRssMb: number;
	instances: InstanceFigures[];
	generators: GeneratorFigures[];
	serverLogLines: number;
	serverLogTail: string[];
};

type CpuMark = {
	at: number;
	machine: number;
	servers: number[];
	generators: number[];
	database: Map<number, number> | null;
	redis: number | null;
};

function markCpu(servers: ServerProcess[], generators: ChildProcess[], database: string | null, redisPid: number | null): CpuMark {
	const databasePids = database ? postgresPidsFor(database) : null;
	return {
		at: performance.now(),
		machine: machineBusySeconds(),
		servers: servers.map((server) => cpuSeconds(server.pid)),
		generators: generators.map((generator) => cpuSeconds(generator.pid!)),
		database: databasePids && new Map(databasePids.map((pid) => [pid, cpuSeconds(pid)])),
		redis: redisPid === null ? null : cpuSeconds(redisPid)
	};
}

function databaseDelta(start: Map<number, number>): number {
	let sum = 0;
	for (const [pid, before] of start) sum += Math.max(0, cpuSeconds(pid) - before);
	return sum;
}

const total = (values: number[]) => values.reduce((a, b) => a + b, 0);

export type RunRequest = {
	server: ServerName;
	round: number;
	position: number;
	workload: Workload;
	serverEnv: Record<string, string>;
	/** Ours on PostgreSQL: the database whose backends share the server's core and CPU account. */
	database: string | null;
	/** Server processes: more than one only for ours, sharing `redis`. */
	instances: number;
	redis: RedisScope | null;
	generators: number;
	/** taskset -c list for the generators. */
	generatorCores: string;
	/** Node flags for the server processes (a CPU profile, `--server-flags`). */
	nodeFlags: string[];
	/** Where the servers' whole output goes, or null (`--server-log`). */
	logDir: string | null;
	/** taskset -c list for ours' PostgreSQL backends (the server's core, 0, unless asked). */
	databaseCores: string;
};

async function startInstances(request: RunRequest, redisPrefix: string | null): Promise<ServerProcess[]> {
	const env = redisPrefix && request.redis ? { ...request.serverEnv, REDIS_URL: request.redis.url, REDIS_PREFIX: redisPrefix } : request.serverEnv;
	const started: ServerProcess[] = [];
	try {
		for (let i = 0; i < request.instances; i++) started.push(await startServer(request.server, env, request.nodeFlags, request.logDir));
	} catch (error) {
		await Promise.all(started.map((server) => server.stop()));
		throw error;
	}
	return started;
}

/** Each generator's share: its documents, their ports, and the rate in proportion. */
function generatorConfigs(request: RunRequest, servers: ServerProcess[]): GeneratorConfig[] {
	const { docs, writersPerDoc, rate } = request.workload;
	const ports = docs.map((doc, docIndex) =>
		doc.tokens.map((_, slot) => servers[instanceOfClient(docIndex, slot, writersPerDoc, servers.length)].port)
	);
	return splitDocs(docs.length, request.generators).map((group) => ({
		...request.workload,
		docs: group.map((index) => docs[index]),
		rate: (rate * group.length) / docs.length,
		server: request.server,
		ports: group.map((index) => ports[index])
	}));
}

/** One server, one round: fresh server process(es), fresh generators, one measured window. */
export async function runOne(request: RunRequest): Promise<RunMeasurement> {
	const measurement: RunMeasurement = {
		server: request.server,
		round: request.round,
		position: request.position,
		result: null,
		error: null,
		serverCpuPct: 0,
		generatorCpuPct: 0,
		databaseCpuPct: null,
		redisCpuPct: null,
		otherCpuPct: 0,
		serverPeakRssMb: 0,
		generatorPeakRssMb: 0,
		instances: [],
		generators: [],
		serverLogLines: 0,
		serverLogTail: []
	};
	const redisPrefix = request.instances > 1 && request.redis ? request.redis.nextPrefix() : null;
	let servers: ServerProcess[];
	try {
		servers = await startInstances(request, redisPrefix);
	} catch (error) {
		measurement.error = error instanceof Error ? error.message : String(error);
		if (redisPrefix) await request.redis!.clear(redisPrefix);
		return measurement;
	}
	// Lines printed while starting up are not news; anything later (warnings, errors) is.
	const startupLines = servers.map((server) => server.logLines);
	const configs = generatorConfigs(request, servers);
	const generators = configs.map(() => startGenerator(request.generatorCores));
	const redisPid = redisPrefix ? redisServerPid() : null;
	const peaks = { servers: servers.map(() => 0), generators: generators.map(() => 0) };
	const results: (GeneratorResult | null)[] = generators.map(() => null);
	const errors: string[] = [];
	const { warmupMs, measureMs, drainMs } = request.workload;
	const budgetMs = warmupMs + measureMs + drainMs + 120_000;
	let start: CpuMark | null = null;
	let sampler: ReturnType<typeof setInterval> | undefined;
	const samplePeaks = () => {
		servers.forEach((server, i) => (peaks.servers[i] = Math.max(peaks.servers[i], rssBytes(server.pid) / 2 ** 20)));
		generators.forEach((generator, i) => (peaks.generators[i] = Math.max(peaks.generators[i], rssBytes(generator.pid!) / 2 ** 20)));
	};
	const stopGenerators = () => generators.forEach((generator) => void stopProcess(generator, 1000));
	let ready = 0;
	let windowsEnded = 0;

	const onEvent = (index: number, event: GeneratorEvent) => {
		if (request.database && (event.type === 'connected' || event.type === 'window-start')) {
			pinToServerCore(postgresBackendsOf(request.database), request.databaseCores);
		}
		if (event.type === 'ready' && ++ready === generators.length) {
			// One wall-clock start for every schedule, so the windows coincide.
			const go: GeneratorCommand = { type: 'go', at: Date.now() + 200 };
			for (const generator of generators) generator.send(go);
		} else if (event.type === 'window-start' && !start) {
			start = markCpu(servers, generators, request.database, redisPid);
			sampler = setInterval(samplePeaks, 500);
		} else if (event.type === 'window-end' && ++windowsEnded === generators.length && start) {
			clearInterval(sampler);
			samplePeaks();
			const end = markCpu(servers, generators, null, redisPid);
			const seconds = (end.at - start.at) / 1000;
			const pct = (cpu: number) => (100 * cpu) / seconds;
			const serverCpu = end.servers.map((cpu, i) => cpu - start!.servers[i]);
			const generatorCpu = end.generators.map((cpu, i) => cpu - start!.generators[i]);
			const database = start.database ? databaseDelta(start.database) : 0;
			const redis = start.redis !== null && end.redis !== null ? Math.max(0, end.redis - start.redis) : 0;
			const other = end.machine - start.machine - total(serverCpu) - total(generatorCpu) - database - redis;
			measurement.serverCpuPct = pct(total(serverCpu));
			measurement.generatorCpuPct = pct(total(generatorCpu));
			if (start.database) measurement.databaseCpuPct = pct(database);
			if (start.redis !== null) measurement.redisCpuPct = pct(redis);
			measurement.otherCpuPct = Math.max(0, pct(other));
			measurement.instances = servers.map((server, i) => ({
				pid: server.pid,
				port: server.port,
				clients: configs.reduce((n, config) => n + config.ports.flat().filter((port) => port === server.port).length, 0),
				cpuPct: pct(serverCpu[i]),
				peakRssMb: peaks.servers[i]
			}));
			measurement.generators = generators.map((generator, i) => ({
				pid: generator.pid!,
				docs: configs[i].docs.length,
				clients: configs[i].docs.reduce((n, doc) => n + doc.tokens.length, 0),
				cpuPct: pct(generatorCpu[i]),
				peakRssMb: peaks.generators[i],
				sendLagP99Ms: null
			}));
		} else if (event.type === 'result') {
			results[index] = event.result;
		} else if (event.type === 'failed') {
			errors.push(generators.length > 1 ? `generator ${index + 1}: ${event.error}` : event.error);
		}
	};

	const exits = generators.map(
		(generator, index) =>
			new Promise<void>((resolve) => {
				generator.on('message', (event: GeneratorEvent) => onEvent(index, event));
				generator.once('exit', (code) => {
					if (!results[index]) {
						if (!errors.length) errors.push(`generator${generators.length > 1 ? ` ${index + 1}` : ''} exited with code ${code} and no result`);
						// The others may be waiting for a start that will not come.
						stopGenerators();
					}
					resolve();
				});
			})
	);
	const timeout = setTimeout(() => {
		errors.push(`no result after ${budgetMs / 1000} s`);
		stopGenerators();
	}, budgetMs);
	generators.forEach((generator, i) => generator.send(configs[i]));
	await Promise.all(exits);
	clearTimeout(timeout);
	clearInterval(sampler);

	measurement.generatorPeakRssMb = total(peaks.generators);
	measurement.serverPeakRssMb = total(peaks.servers);
	if (errors.length) measurement.error = errors.join('; ');
	else if (results.every((result) => result !== null)) {
		const done = results as GeneratorResult[];
		measurement.result = mergeGeneratorResults(done);
		measurement.generators.forEach((figures, i) => {
			figures.sendLagP99Ms = percentilesMs(decodeHistogram(done[i].histograms.sendLag)).p99;
		});
	}
	const label = (i: number) => (servers.length > 1 ? `[instance ${i + 1}] ` : '');
	servers.forEach((server, i) => {
		const lines = server.logLines - startupLines[i];
		measurement.serverLogLines += lines;
		const tail = server.logTail.slice(server.logTail.length - Math.min(10, lines));
		measurement.serverLogTail.push(...tail.map((line) => label(i) + line));
	});
	await Promise.all(servers.map((server) => server.stop()));
	if (redisPrefix) await request.redis!.clear(redisPrefix);
	return measurement;
}
