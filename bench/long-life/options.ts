import { parseArgs } from 'node:util';

export const usage = `Usage: npm run bench -- long-life [options]
  --nights N          nights of tasks, one task over every building each (default 365)
  --households N      households of the community, 48 a building (default 3000)
  --fresh-loads F     share of app loads that write on a fresh Yjs client id, as a load offline
                      does; the others take up the phone's id of the load before, as the app
                      does after its first sync (default 0.1; 1 is a new id every load)
  --load-runs N       timed loads of the document per state (default 100)
  --clients N         signed-in clients in the reconnect storm (default 100)
  --storms N          restarts of the server, each with a warm and a cold storm (default 3)
  --port N            the server's port, kept across restarts (default 5210)
  --keep              keep the seeded database; a later run with the same --nights and
                      --households reuses it instead of seeding again
  --reseed            seed again even when a kept database exists
  --no-build          do not run \`npm run build\` when the build is missing or stale
  --out DIR           where the tables go (default bench/results)
  --quick             a smoke run: 40 nights × 600 households (10 archived), 30 loads, 20 clients, 1 storm`;

export type LongLifeOptions = {
	nights: number;
	households: number;
	freshLoads: number;
	loadRuns: number;
	clients: number;
	storms: number;
	port: number;
	keep: boolean;
	reseed: boolean;
	build: boolean;
	out: string;
	quick: boolean;
};

export function readOptions(argv: string[]): LongLifeOptions {
	const { values } = parseArgs({
		args: argv,
		options: {
			nights: { type: 'string' },
			households: { type: 'string' },
			'fresh-loads': { type: 'string' },
			'load-runs': { type: 'string' },
			clients: { type: 'string' },
			storms: { type: 'string' },
			port: { type: 'string', default: '5210' },
			keep: { type: 'boolean', default: false },
			reseed: { type: 'boolean', default: false },
			'no-build': { type: 'boolean', default: false },
			out: { type: 'string', default: 'bench/results' },
			quick: { type: 'boolean', default: false },
			help: { type: 'boolean', default: false }
		}
	});
	if (values.help) {
		console.log(usage);
		process.exit(0);
	}
	const quick = values.quick;
	const number = (name: string, given: string | undefined, fallback: number, quickValue: number, max: number) => {
		const value = given === undefined ? (quick ? quickValue : fallback) : Number(given);
		if (!Number.isInteger(value) || value < 1 || value > max) throw new Error(`--${name} must be a whole number from 1 to ${max} (got "${given}")`);
		return value;
	};
	const share = (name: string, given: string | undefined, fallback: number) => {
		const value = given === undefined ? fallback : Number(given);
		if (!Number.isFinite(value) || value < 0 || value > 1) throw new Error(`--${name} must be a share from 0 to 1 (got "${given}")`);
		return value;
	};
	return {
		nights: number('nights', values.nights, 365, 40, 3650),
		households: number('households', values.households, 3000, 600, 100_000),
		freshLoads: share('fresh-loads', values['fresh-loads'], 0.1),
		loadRuns: number('load-runs', values['load-runs'], 100, 30, 100_000),
		clients: number('clients', values.clients, 100, 20, 2000),
		storms: number('storms', values.storms, 3, 1, 100),
		port: number('port', values.port, 5210, 5210, 65_535),
		keep: values.keep,
		reseed: values.reseed,
		build: !values['no-build'],
		out: String(values.out),
		quick
	};
}
