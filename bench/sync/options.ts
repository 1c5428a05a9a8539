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
};

export const usage = `Usage: npm run bench -- sync [options]
  --clients N      WebSocket clients in all (default 1000; --quick 100)
  --docs M         community documents they are split over (default 100; --quick 10)
  --writers W      writing clients per document, the rest only read (default 3)
  --rate R         progress writes per second over all writers (default 200; --quick 20)
  --seconds S      measured window per run (default 60; --quick 10)
  --warmup S       unmeasured warm-up before each window (default 5; --quick 3)
  --rounds K       rounds; the server order reverses every round (default 2; --quick 1)
  --servers LIST   comma-separated: plain,ours,hocuspocus (default all three)
  --no-build       do not rebuild our server when its sources are newer than the build
  --out DIR        where the tables go (default bench/results)
  --quick          a smoke run: 100 clients, 10 documents, 20 updates/s, 10 s, 1 round`;

const full = { clients: 1000, docs: 100, rate: 200, seconds: 60, warmup: 5, rounds: 2 };
const quick = { clients: 100, docs: 10, rate: 20, seconds: 10, warmup: 3, rounds: 1 };

function positive(name: string, raw: string | undefined, fallback: number, integer = true): number {
	if (raw === undefined) return fallback;
	const value = Number(raw);
	if (!(value > 0) || (integer && !Number.isInteger(value))) {
		throw new Error(`--${name} must be a positive ${integer ? 'integer' : 'number'} (got "${raw}")`);
	}
	return value;
}

function parseServers(raw: string | undefined): ServerName[] {
	if (!raw) return [...serverNames];
	const names = raw.split(',').map((name) => name.trim()).filter(Boolean);
	for (const name of names) {
		if (!serverNames.includes(name as ServerName)) {
			throw new Error(`--servers: unknown server "${name}" (known: ${serverNames.join(', ')})`);
		}
	}
	return [...new Set(names)] as ServerName[];
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
			'no-build': { type: 'boolean' },
			out: { type: 'string' },
			quick: { type: 'boolean' },
			help: { type: 'boolean', short: 'h' }
		}
	});
	if (values.help) return 'help';
	const base = values.quick ? quick : full;
	const options: BenchOptions = {
		clients: positive('clients', values.clients, base.clients),
		docs: positive('docs', values.docs, base.docs),
		writersPerDoc: positive('writers', values.writers, 3),
		rate: positive('rate', values.rate, base.rate, false),
		seconds: positive('seconds', values.seconds, base.seconds, false),
		warmupSeconds: positive('warmup', values.warmup, base.warmup, false),
		rounds: positive('rounds', values.rounds, base.rounds),
		servers: parseServers(values.servers),
		build: !values['no-build'],
		outDir: values.out ?? 'bench/results',
		quick: values.quick ?? false
	};
	if (Math.floor(options.clients / options.docs) < options.writersPerDoc + 1) {
		throw new Error(
			`--clients ${options.clients} over --docs ${options.docs} leaves fewer than --writers ${options.writersPerDoc} + 1 reader per document`
		);
	}
	return options;
}

/** Clients of document `index` when the clients do not split evenly. */
export function clientsOfDoc(options: Pick<BenchOptions, 'clients' | 'docs'>, index: number): number {
	const base = Math.floor(options.clients / options.docs);
	return base + (index < options.clients % options.docs ? 1 : 0);
}
