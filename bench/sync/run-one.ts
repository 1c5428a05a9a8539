import type { GeneratorEvent, GeneratorResult, ServerName, Workload } from './plan';
import { cpuSeconds, machineBusySeconds, postgresBackendsOf, postgresPidsFor, rssBytes } from './proc-stats';
import { pinToServerCore, startGenerator, startServer, stopProcess, type ServerProcess } from './processes';

export type RunMeasurement = {
	server: ServerName;
	round: number;
	/** Position in the round's order, from 1. */
	position: number;
	result: GeneratorResult | null;
	error: string | null;
	/** CPU over the measured window, 100 = one core busy. */
	serverCpuPct: number;
	generatorCpuPct: number;
	/** PostgreSQL processes, when ours runs on PostgreSQL; null otherwise. */
	databaseCpuPct: number | null;
	/** Everything else the machine ran meanwhile (other people's tests, a hypervisor's steal). */
	otherCpuPct: number;
	serverPeakRssMb: number;
	generatorPeakRssMb: number;
	serverLogLines: number;
	serverLogTail: string[];
};

type CpuMark = { at: number; machine: number; server: number; generator: number; database: Map<number, number> | null };

function markCpu(server: ServerProcess, generatorPid: number, database: string | null): CpuMark {
	const databasePids = database ? postgresPidsFor(database) : null;
	return {
		at: performance.now(),
		machine: machineBusySeconds(),
		server: cpuSeconds(server.pid),
		generator: cpuSeconds(generatorPid),
		database: databasePids && new Map(databasePids.map((pid) => [pid, cpuSeconds(pid)]))
	};
}

function databaseDelta(start: Map<number, number>): number {
	let sum = 0;
	for (const [pid, before] of start) sum += Math.max(0, cpuSeconds(pid) - before);
	return sum;
}

export type RunRequest = {
	server: ServerName;
	round: number;
	position: number;
	workload: Workload;
	serverEnv: Record<string, string>;
	/** Ours on PostgreSQL: the database whose backends share the server's core and CPU account. */
	database: string | null;
};

/** One server, one round: fresh server process, fresh generator, one measured window. */
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
		otherCpuPct: 0,
		serverPeakRssMb: 0,
		generatorPeakRssMb: 0,
		serverLogLines: 0,
		serverLogTail: []
	};
	let server: ServerProcess;
	try {
		server = await startServer(request.server, request.serverEnv);
	} catch (error) {
		measurement.error = error instanceof Error ? error.message : String(error);
		return measurement;
	}
	// Lines printed while starting up are not news; anything later (warnings, errors) is.
	const startupLines = server.logLines;
	const generator = startGenerator();
	const { warmupMs, measureMs, drainMs } = request.workload;
	const budgetMs = warmupMs + measureMs + drainMs + 120_000;
	let start: CpuMark | null = null;
	let sampler: ReturnType<typeof setInterval> | undefined;
	const samplePeaks = () => {
		measurement.serverPeakRssMb = Math.max(measurement.serverPeakRssMb, rssBytes(server.pid) / 2 ** 20);
		measurement.generatorPeakRssMb = Math.max(measurement.generatorPeakRssMb, rssBytes(generator.pid!) / 2 ** 20);
	};

	const finished = new Promise<void>((resolve) => {
		const timeout = setTimeout(() => {
			measurement.error ??= `no result after ${budgetMs / 1000} s`;
			void stopProcess(generator, 1000);
		}, budgetMs);
		generator.on('message', (event: GeneratorEvent) => {
			if (request.database && (event.type === 'connected' || event.type === 'window-start')) {
				pinToServerCore(postgresBackendsOf(request.database));
			}
			if (event.type === 'window-start') {
				start = markCpu(server, generator.pid!, request.database);
				sampler = setInterval(samplePeaks, 500);
			} else if (event.type === 'window-end' && start) {
				clearInterval(sampler);
				samplePeaks();
				const end = markCpu(server, generator.pid!, null);
				const seconds = (end.at - start.at) / 1000;
				const used = { server: end.server - start.server, generator: end.generator - start.generator };
				const database = start.database ? databaseDelta(start.database) : 0;
				const other = end.machine - start.machine - used.server - used.generator - database;
				measurement.serverCpuPct = (100 * used.server) / seconds;
				measurement.generatorCpuPct = (100 * used.generator) / seconds;
				if (start.database) measurement.databaseCpuPct = (100 * database) / seconds;
				measurement.otherCpuPct = Math.max(0, (100 * other) / seconds);
			} else if (event.type === 'result') {
				measurement.result = event.result;
			} else if (event.type === 'failed') {
				measurement.error = event.error;
			}
		});
		generator.once('exit', (code) => {
			clearTimeout(timeout);
			clearInterval(sampler);
			if (!measurement.result) measurement.error ??= `generator exited with code ${code} and no result`;
			resolve();
		});
	});
	generator.send({ ...request.workload, server: request.server, port: server.port });
	await finished;
	measurement.serverLogLines = server.logLines - startupLines;
	measurement.serverLogTail = server.logTail.slice(server.logTail.length - Math.min(10, measurement.serverLogLines));
	await server.stop();
	return measurement;
}
