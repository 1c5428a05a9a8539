import { createWriteStream, mkdirSync } from 'node:fs';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { ServerName } from './plan';

const canPin = availableParallelism() >= 2 && spawnSync('taskset', ['-V']).status === 0;
export const pinning = canPin
	? 'server on core 0, generator on core 1 (taskset)'
	: 'not pinned (needs taskset and 2 cores)';

/** The pinning line of the report, for N generator processes and K instances of ours. */
export function describePinning(generators: number, generatorCores: string, instances: number): string {
	if (!canPin) return pinning;
	if (generators === 1 && generatorCores === '1' && instances === 1) return pinning;
	const server = instances > 1 ? `every server on core 0, ours as ${instances} instances sharing it` : 'server on core 0';
	const plural = generators > 1 ? `${generators} generator processes` : 'generator';
	const cores = generatorCores.includes(',') || generatorCores.includes('-') ? `cores ${generatorCores}` : `core ${generatorCores}`;
	const shared = generatorCoresInclude0(generatorCores) ? ', sharing the server\'s core' : '';
	return `${server}, ${plural} on ${cores}${shared} (taskset)${instances > 1 ? '; Redis not pinned (a shared service)' : ''}`;
}

function generatorCoresInclude0(cores: string): boolean {
	return cores.split(',').some((part) => {
		const [low] = part.split('-').map(Number);
		return low === 0;
	});
}

/** Runs `argv` on the given cores (a taskset -c list) when the machine allows it. */
function pinned(cores: number | string, argv: string[]): [string, string[]] {
	return canPin ? ['taskset', ['-c', String(cores), ...argv]] : [argv[0], argv.slice(1)];
}

const serverArgs: Record<ServerName, string[]> = {
	plain: ['--import', 'tsx', 'bench/sync/plain-server.ts'],
	hocuspocus: ['--import', 'tsx', 'bench/sync/hocuspocus-server.ts'],
	ours: ['dist-server/index.js']
};

/**
 * Moves running processes onto the server's core (or `cores`). Our server's PostgreSQL backends go
 * there, so ours gets one core for everything, like the others, and the generator's core stays its own.
 */
export function pinToServerCore(pids: number[], cores = '0'): void {
	if (!canPin) return;
	for (const pid of pids) spawnSync('taskset', ['-p', '-c', cores, String(pid)], { stdio: 'ignore' });
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const { port } = probe.address() as { port: number };
			probe.close(() => resolve(port));
		});
	});
}

export type ServerProcess = {
	name: ServerName;
	pid: number;
	port: number;
	/** The last lines the server printed, for failure reports. */
	logTail: string[];
	logLines: number;
	stop(): Promise<void>;
};

function keepTail(child: ChildProcess, server: Pick<ServerProcess, 'logTail' | 'logLines'>): void {
	const onData = (chunk: Buffer) => {
		for (const line of chunk.toString().split('\n').filter(Boolean)) {
			server.logLines++;
			server.logTail.push(line);
			if (server.logTail.length > 30) server.logTail.shift();
		}
	};
	child.stdout?.on('data', onData);
	child.stderr?.on('data', onData);
}

export function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return new Promise((resolve) => {
		const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
		child.once('exit', () => {
			clearTimeout(kill);
			resolve();
		});
		child.kill('SIGTERM');
	});
}

async function waitForHttp(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode} before listening`);
		try {
			await fetch(`http://127.0.0.1:${port}/`, { redirect: 'manual' });
			return;
		} catch {
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
	}
	throw new Error(`not listening after ${timeoutMs / 1000} s`);
}

/**
 * Starts one server under test on core 0 and waits until it answers HTTP. `nodeFlags` go before
 * its script; with `logDir` its whole output is also written to `<logDir>/<name>-<pid>.log`.
 */
export async function startServer(name: ServerName, env: Record<string, string>, nodeFlags: string[] = [], logDir: string | null = null): Promise<ServerProcess> {
	const port = await freePort();
	const [command, args] = pinned(0, [process.execPath, ...nodeFlags, ...serverArgs[name]]);
	const child = spawn(command, args, {
		env: { ...process.env, NODE_ENV: 'production', ...env, PORT: String(port), HOST: '127.0.0.1' },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const server: ServerProcess = { name, pid: child.pid!, port, logTail: [], logLines: 0, stop: () => stopProcess(child) };
	keepTail(child, server);
	if (logDir) {
		mkdirSync(logDir, { recursive: true });
		const log = createWriteStream(path.join(logDir, `${name}-${child.pid}.log`));
		child.stdout?.pipe(log);
		child.stderr?.pipe(log);
	}
	try {
		await waitForHttp(port, child, 30_000);
	} catch (error) {
		await server.stop();
		const message = error instanceof Error ? error.message : String(error);
		throw new Error(`${name} server ${message}:\n  ${server.logTail.join('\n  ')}`);
	}
	return server;
}

/** Starts a load generator on `cores` (core 1 by default) with an IPC channel (taskset execs node, so it carries over). */
export function startGenerator(cores = '1', script = 'bench/sync/generator.ts'): ChildProcess {
	const [command, args] = pinned(cores, [process.execPath, '--max-semi-space-size=64', '--import', 'tsx', script]);
	return spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}
