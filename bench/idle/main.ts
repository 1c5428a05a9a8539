// `npm run bench -- idle`: the memory one idle WebSocket connection costs on our sync server
// (signed-in sessions, PostgreSQL), the stock y-websocket server and Hocuspocus. Each server
// gets idle clients in steps; its RSS (and heap, through the inspector) is read once it is quiet.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { machine, writeResults } from '../board/results';
import { buildOursIfNeeded } from '../sync/build';
import { setUpOurData, syntheticPlan } from '../sync/doc-plans';
import { createBenchDatabase, type BenchDatabase } from '../sync/ours-database';
import type { DocPlan } from '../sync/plan';
import { pinning } from '../sync/processes';
import { parseOptions, usage, type IdleOptions } from './options';
import { perConnection, renderReport, type IdleContext } from './report';
import { runServer, type ServerRun } from './run-server';

function commit(): string {
	try {
		return execFileSync('git', ['describe', '--always', '--dirty'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
	} catch {
		return 'unknown';
	}
}

function environment(database: BenchDatabase | null): string[] {
	return [
		...machine(),
		`commit ${commit()}`,
		`Pinning: ${pinning} (the idle clients' generators on core 1)`,
		`Ours: \`node dist-server/index.js\`, DEMO=0, no Redis, every client signed in with a session of its own, on ${database ? database.label : '—'}`,
		'Plain: `@y/websocket-server` 0.1.1 `setupWSConnection`; Hocuspocus: `@hocuspocus/server` 4.7.0, no extensions',
		'Every server runs with `--inspect` on a loopback port (a fixed cost, the same for all) unless --no-heap'
	];
}

async function main(options: IdleOptions): Promise<void> {
	const context: IdleContext = { startedAt: new Date(), options, environment: [] };
	const largest = options.steps[options.steps.length - 1];
	// One building per document: ours-setup needs a writer's building; the clients never write.
	const size = { clients: largest, docs: options.docs, writersPerDoc: 1 };
	let database: BenchDatabase | null = null;
	process.once('SIGINT', () => void database?.drop().finally(() => process.exit(130)));
	if (options.snapshots) mkdirSync(options.snapshots, { recursive: true });

	const runs: ServerRun[] = [];
	try {
		let oursPlan: DocPlan[] | null = null;
		if (options.servers.includes('ours')) {
			if (options.build) buildOursIfNeeded();
			database = await createBenchDatabase(`bench_idle_${process.pid}`);
			console.log(`Database for our server: ${database.label}`);
			console.log(`Preparing ${options.docs} communities and ${largest} sessions…`);
			oursPlan = setUpOurData(size, database);
		}
		context.environment = environment(database);
		for (const server of options.servers) {
			console.log(`${server}…`);
			const ours = server === 'ours' && database;
			const run = await runServer(
				{
					server,
					docs: ours && oursPlan ? oursPlan : syntheticPlan(size),
					steps: options.steps,
					perGenerator: options.perGenerator,
					waitSeconds: options.waitSeconds,
					settleSeconds: options.settleSeconds,
					heap: options.heap,
					snapshots: options.snapshots,
					serverEnv: ours ? { ...database!.env, DEMO: '0', REDIS_URL: '' } : {},
					database: ours ? database!.name : null
				},
				(line) => console.log(line)
			);
			runs.push(run);
			const cost = perConnection(run, options.steps);
			console.log(run.error ? `  failed: ${run.error}` : `  ${cost.rss?.toFixed(1) ?? '—'} KB per connection (RSS)`);
		}
	} finally {
		await database?.drop();
	}
	const markdown = renderReport(runs, context);
	console.log(`\n${markdown}`);
	const data = { ...context, runs, perConnection: Object.fromEntries(runs.map((run) => [run.server, perConnection(run, options.steps)])) };
	const [written] = writeResults(options.outDir, 'idle', context.startedAt, markdown, data);
	const minutes = (Date.now() - context.startedAt.getTime()) / 60_000;
	console.log(`Written to ${written} (and .json) after ${minutes.toFixed(1)} min`);
	if (runs.some((run) => run.error)) process.exitCode = 1;
}

let options: ReturnType<typeof parseOptions>;
try {
	options = parseOptions(process.argv.slice(2));
} catch (error) {
	console.error(error instanceof Error ? error.message : error);
	console.error(usage);
	process.exit(2);
}
if (options === 'help') {
	console.log(usage);
} else {
	main(options).catch((error) => {
		console.error(error instanceof Error ? error.message : error);
		process.exit(1);
	});
}
