import { parseArgs } from 'node:util';
import { serverNames, type ServerName } from './plan';

export type BenchOptions = {
	clients: number;
	docs: number;
	writersPerDoc: number;
	rate: number;
	seconds: number;
	warmupSeconds: number;
	rounds: number;
	servers: ServerName[];
	build: boolean;
	outDir: string;
	quick: boolean;
	/** Load generator processes the documents are split over. */
	generators: number;
	/** `taskset -c` list for the generator processes. */
	generatorCores: string;
	/** Our server's processes, sharing one database and a Redis. */
	instances: number;
	/** Capacity mode: step the rate until p99 or losses stop each server. */
	capacity: boolean;
	steps: number[];
	p99LimitMs: number;
	/** Capacity: how often a step that did not hold is tried again before the server stops climbing. */
	retries: number;
	/** `taskset -c` list for ours' PostgreSQL backends. */
	databaseCores: string;
	/** Where ours writes a V8 CPU profile per server process (`--cpu-prof`), or null. */
	profileDir: string | null;
	/** Node/V8 flags for every server under test (`--trace-gc`, a heap size), the same for all. */
	serverFlags: string[];
	/** Where each server process's output goes in full (`<server>-<pid>.log`), or null. */
	serverLogDir: string | null;
};

export const usage = `Usage: npm run bench -- sync [options]
  --clients N      WebSocket clients in all (default 1000; --quick 100)
  --docs M         community documents they are split over (default 100; --quick 10)
  --writers W      writing clients per document, the rest only read (default 3)
  --rate R         progress writes per second over all writers (default 200; --quick 20)
  --seconds S      measured window per run (default 60; --quick 10; --capacity 20, with --quick 5)
  --warmup S       unmeasured warm-up before each window (default 5; --quick 3; --capacity --quick 2)
  --rounds K       rounds; the server order reverses every round (default 2; --quick 1)
  --servers LIST   comma-separated: plain,ours,hocuspocus (default all three; --capacity plain,ours)
  --generators N   load generator processes; the documents are split over them, each document's
                   clients stay in one process (default 1)
  --generator-cores LIST
                   cores of the generator processes, as taskset -c takes them (default 1;
                   0,1 lets them share the server's core)
  --instances K    our server's processes, sharing the database and a Redis (BENCH_REDIS_URL,
                   default redis://127.0.0.1:6379); each document's writers on one, its
                   readers on the others (default 1)
  --capacity       step the rate per server until p99 ≥ --p99-limit or a write is lost
                   (writes bench/results/sync-capacity-<date>; --rate and --rounds do not apply)
  --steps LIST     the rates --capacity tries (default 200,400,800,1200,1600,2400,3200,4800,6400;
                   --quick 20,40,80)
  --p99-limit MS   the p99 a capacity step must stay under (default 100)
  --retries N      capacity: try a step that did not hold up to N more times (default 0)
  --database-cores LIST
                   cores of ours' PostgreSQL backends (default 0, the server's core; 1 puts
                   them beside the generators, to see what sharing the server's core costs)
  --profile DIR    ours runs under node --cpu-prof (sampled every 100 µs) and writes one
                   .cpuprofile per server process into DIR (summarise with
                   npx tsx bench/sync/profile-top.ts DIR; --stretches shows what blocks the loop)
  --server-flags="FLAGS"
                   Node/V8 flags for every server under test, e.g. "--trace-gc" or
                   "--max-semi-space-size=2" (the same for all servers, so the comparison stays fair)
  --server-log DIR each server process's whole output goes to DIR/<server>-<pid>.log
  --no-build       do not rebuild our server when its sources are newer than the build
  --out DIR        where the tables go (default bench/results)
  --quick          a smoke run: 100 clients, 10 documents, 20 updates/s, 10 s, 1 round`;

const full = { clients: 1000, docs: 100, rate: 200, seconds: 60, warmup: 5, rounds: 2 };
const quick = { clients: 100, docs: 10, rate: 20, seconds: 10, warmup: 3, rounds: 1 };
const capacityWindows = { full: { seconds: 20, warmup: 5 }, quick: { seconds: 5, warmup: 2 } };
const capacitySteps = { full: [200, 400, 800, 1200, 1600, 2400, 3200, 4800, 6400], quick: [20, 40, 80] };

function positive(name: string, raw: string | undefined, fallback: number, integer = true): number {
	if (raw === undefined) return fallback;
	const value = Number(raw);
	if (!(value > 0) || (integer && !Number.isInteger(value))) {
		throw new Error(`--${name} must be a positive ${integer ? 'integer' : 'number'} (got "${raw}")`);
	}
	return value;
}

function parseServers(raw: string | undefined, fallback: readonly ServerName[]): ServerName[] {
	if (!raw) return [...fallback];
	const names = raw.split(',').map((name) => name.trim()).filter(Boolean);
	for (const name of names) {
		if (!serverNames.includes(name as ServerName)) {
			throw new Error(`--servers: unknown server "${name}" (known: ${serverNames.join(', ')})`);
		}
	}
	return [...new Set(names)] as ServerName[];
}

function parseSteps(raw: string | undefined, fallback: number[]): number[] {
	if (!raw) return fallback;
	const steps = raw.split(',').map((step) => positive('steps', step.trim(), 0, false));
	return [...new Set(steps)].sort((a, b) => a - b);
}

function parseCores(raw: string | undefined, name = 'generator-cores', fallback = '1'): string {
	if (raw === undefined) return fallback;
	if (!/^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(raw)) throw new Error(`--${name} must be a taskset core list such as 1 or 0,1 (got "${raw}")`);
	return raw;
}

/** Reads the command line once and fails fast, naming the option that is wrong. */
export function parseOptions(argv: string[]): BenchOptions | 'help' {
	const { values } = parseArgs({
		args: argv,
		options: {
			clients: { type: 'string' },
			docs: { type: 'string' },
			writers: { type: 'string' },
			rate: { type: 'string' },
			seconds: { type: 'string' },
			warmup: { type: 'string' },
			rounds: { type: 'string' },
			servers: { type: 'string' },
			generators: { type: 'string' },
			'generator-cores': { type: 'string' },
			instances: { type: 'string' },
			capacity: { type: 'boolean' },
			steps: { type: 'string' },
			'p99-limit': { type: 'string' },
			retries: { type: 'string' },
			profile: { type: 'string' },
			'server-flags': { type: 'string' },
			'server-log': { type: 'string' },
			'database-cores': { type: 'string' },
			'no-build': { type: 'boolean' },
			out: { type: 'string' },
			quick: { type: 'boolean' },
			help: { type: 'boolean', short: 'h' }
		}
	});
	if (values.help) return 'help';
	const size = values.quick ? 'quick' : 'full';
	const base = values.quick ? quick : full;
	const capacity = values.capacity ?? false;
	const windows = capacity ? capacityWindows[size] : base;
	const options: BenchOptions = {
		clients: positive('clients', values.clients, base.clients),
		docs: positive('docs', values.docs, base.docs),
		writersPerDoc: positive('writers', values.writers, 3),
		rate: positive('rate', values.rate, base.rate, false),
		seconds: positive('seconds', values.seconds, windows.seconds, false),
		warmupSeconds: positive('warmup', values.warmup, windows.warmup, false),
		rounds: positive('rounds', values.rounds, base.rounds),
		servers: parseServers(values.servers, capacity ? ['plain', 'ours'] : serverNames),
		build: !values['no-build'],
		outDir: values.out ?? 'bench/results',
		quick: values.quick ?? false,
		generators: positive('generators', values.generators, 1),
		generatorCores: parseCores(values['generator-cores']),
		instances: positive('instances', values.instances, 1),
		capacity,
		steps: parseSteps(values.steps, capacitySteps[size]),
		p99LimitMs: positive('p99-limit', values['p99-limit'], 100, false),
		retries: values.retries === '0' ? 0 : positive('retries', values.retries, 0),
		profileDir: values.profile ?? null,
		serverFlags: (values['server-flags'] ?? '').split(/\s+/).filter(Boolean),
		serverLogDir: values['server-log'] ?? null,
		databaseCores: parseCores(values['database-cores'], 'database-cores', '0')
	};
	if (Math.floor(options.clients / options.docs) < options.writersPerDoc + 1) {
		throw new Error(
			`--clients ${options.clients} over --docs ${options.docs} leaves fewer than --writers ${options.writersPerDoc} + 1 reader per document`
		);
	}
	if (options.generators > options.docs) {
		throw new Error(`--generators ${options.generators} is more than --docs ${options.docs}: a document's clients stay in one process`);
	}
	if (options.instances > 1 && !options.servers.includes('ours')) {
		throw new Error('--instances applies to our server only; add ours to --servers');
	}
	return options;
}

/** Clients of document `index` when the clients do not split evenly. */
export function clientsOfDoc(options: Pick<BenchOptions, 'clients' | 'docs'>, index: number): number {
	const base = Math.floor(options.clients / options.docs);
	return base + (index < options.clients % options.docs ? 1 : 0);
}
