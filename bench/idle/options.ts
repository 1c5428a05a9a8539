import { parseArgs } from 'node:util';
import { serverNames, type ServerName } from '../sync/plan';

export type IdleOptions = {
	/** Connected clients at each measurement, rising. */
	steps: number[];
	docs: number;
	servers: ServerName[];
	/** Wait at least this long after a step has synced before reading memory. */
	waitSeconds: number;
	/** Longest wait, after that, for the server's RSS to stop moving. */
	settleSeconds: number;
	perGenerator: number;
	/** Read heap figures through the inspector (`--inspect` on every server). */
	heap: boolean;
	/** Folder for heap snapshots of each server at each step, or null. */
	snapshots: string | null;
	build: boolean;
	outDir: string;
	quick: boolean;
};

export const usage = `Usage: npm run bench -- idle [options]
  --steps LIST        idle clients at each measurement, rising (default 1000,5000; --quick 200,1000)
  --docs M            community documents the clients are spread over evenly (default 100; --quick 10)
  --servers LIST      comma-separated: plain,ours,hocuspocus (default all three)
  --wait S            wait at least S seconds after each step has synced (default 5)
  --settle S          then at most S more for the server's RSS to stop moving (default 60)
  --per-generator N   clients per generator process (default 5000)
  --no-heap           RSS only: do not start the servers with --inspect to read their heap
  --snapshots DIR     also write a heap snapshot of each server at each step into DIR (large)
  --no-build          do not rebuild our server when its sources are newer than the build
  --out DIR           where the tables go (default bench/results)
  --quick             a smoke run: 200 then 1,000 clients over 10 documents`;

const full = { steps: '1000,5000', docs: 100 };
const quick = { steps: '200,1000', docs: 10 };

function positive(name: string, raw: string | undefined, fallback: number): number {
	if (raw === undefined) return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer (got "${raw}")`);
	return value;
}

function parseSteps(raw: string): number[] {
	const steps = raw.split(',').map((part) => positive('steps', part.trim(), 0));
	if (steps.length < 2) throw new Error('--steps needs at least two counts: the per-connection cost is their difference');
	if (steps.some((step, index) => index > 0 && step <= steps[index - 1])) throw new Error('--steps must rise');
	return steps;
}

function parseServers(raw: string | undefined): ServerName[] {
	if (!raw) return [...serverNames];
	const names = raw.split(',').map((name) => name.trim()).filter(Boolean);
	for (const name of names) {
		if (!serverNames.includes(name as ServerName)) throw new Error(`--servers: unknown server "${name}" (known: ${serverNames.join(', ')})`);
	}
	return [...new Set(names)] as ServerName[];
}

export function parseOptions(argv: string[]): IdleOptions | 'help' {
	const { values } = parseArgs({
		args: argv,
		options: {
			steps: { type: 'string' },
			docs: { type: 'string' },
			servers: { type: 'string' },
			wait: { type: 'string' },
			settle: { type: 'string' },
			'per-generator': { type: 'string' },
			'no-heap': { type: 'boolean' },
			snapshots: { type: 'string' },
			'no-build': { type: 'boolean' },
			out: { type: 'string' },
			quick: { type: 'boolean' },
			help: { type: 'boolean', short: 'h' }
		}
	});
	if (values.help) return 'help';
	const base = values.quick ? quick : full;
	const options: IdleOptions = {
		steps: parseSteps(values.steps ?? base.steps),
		docs: positive('docs', values.docs, base.docs),
		servers: parseServers(values.servers),
		waitSeconds: positive('wait', values.wait, 5),
		settleSeconds: positive('settle', values.settle, 60),
		perGenerator: positive('per-generator', values['per-generator'], 5000),
		heap: !values['no-heap'],
		snapshots: values.snapshots ?? null,
		build: !values['no-build'],
		outDir: values.out ?? 'bench/results',
		quick: values.quick ?? false
	};
	if (options.snapshots && !options.heap) throw new Error('--snapshots needs the inspector: drop --no-heap');
	if (options.steps[0] < options.docs) throw new Error(`--steps ${options.steps[0]} leaves documents of --docs ${options.docs} without a client`);
	return options;
}
