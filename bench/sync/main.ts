// The sync benchmark's orchestrator: prepares our server's data, then for every round
// (or, with --capacity, every rate step) starts each server under test and fresh load
// generators, and prints the report.
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { buildOursIfNeeded } from './build';
import { setUpOurData, syntheticPlan } from './doc-plans';
import { createBenchDatabase, type BenchDatabase } from './ours-database';
import { probeOurSync } from './ours-probe';
import { parseOptions, usage, type BenchOptions } from './options';
import type { DocPlan, ServerName, Workload } from './plan';
import { climb, judgeStep } from './capacity';
import { renderCapacityReport, writeCapacityReport } from './capacity-report';
import { describePinning } from './processes';
import { openRedisScope, type RedisScope } from './redis-scope';
import { renderReport, writeReport, type RunContext } from './report';
import { runOne, type RunMeasurement } from './run-one';
import { summarize } from './summary';
import { fixed, ms } from './table';

const drainMs = 5000;

function runLine(run: RunMeasurement): string {
	const single = run.result && !run.error ? summarize(run.server, [run]) : null;
	if (!single) return `failed: ${run.error}`;
	const p = single.propagation;
	return `p50 ${ms(p.p50)} ms, p99 ${ms(p.p99)} ms, ${fixed(single.acceptedPerSecond, 1)} accepted/s, ` +
		`server CPU ${fixed(single.serverCpuPct)} %, generator CPU ${fixed(single.generatorCpuPct)} %, ` +
		`other CPU ${fixed(run.otherCpuPct)} %, send lag p99 ${ms(single.sendLag.p99)} ms`;
}

function environment(database: BenchDatabase | null, options: BenchOptions, redis: RedisScope | null): string[] {
	let commit = 'unknown';
	try {
		const describe = execFileSync('git', ['describe', '--always', '--dirty'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
		commit = describe.trim();
	} catch {
		// not a git checkout
	}
	return [
		`Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, commit ${commit}`,
		`Pinning: ${describePinning(options.generators, options.generatorCores, redis ? options.instances : 1)}${options.databaseCores === '0' ? '' : `; ours' PostgreSQL backends on cores ${options.databaseCores}, not the server's`}`,
		`Ours: \`node dist-server/index.js\`${redis ? ` × ${options.instances} instances, Redis ${redis.url} (a fresh REDIS_PREFIX per run, deleted after)` : ''} on ${database ? database.label : '—'}`,
		'Plain: `@y/websocket-server` 0.1.1 `setupWSConnection`; Hocuspocus: `@hocuspocus/server` 4.7.0, no extensions'
	];
}

async function main(options: BenchOptions): Promise<void> {
	const context: RunContext = { startedAt: new Date(), options, environment: [], skipped: {} };
	let database: BenchDatabase | null = null;
	let redis: RedisScope | null = null;
	let plan: DocPlan[];
	const servers = [...options.servers];
	process.once('SIGINT', () => void database?.drop().finally(() => process.exit(130)));

	if (servers.includes('ours')) {
		if (options.build) buildOursIfNeeded();
		if (options.instances > 1) redis = await openRedisScope();
		database = await createBenchDatabase();
		console.log(`Database for our server: ${database.label}`);
		console.log(`Preparing ${options.docs} communities and ${options.clients} sessions…`);
		plan = setUpOurData(options, database);
	} else {
		plan = syntheticPlan(options);
	}
	context.environment = environment(database, options, redis);

	const workload: Workload = {
		docs: plan,
		writersPerDoc: options.writersPerDoc,
		rate: options.rate,
		warmupMs: options.warmupSeconds * 1000,
		measureMs: options.seconds * 1000,
		drainMs
	};
	const measure = async (server: ServerName, round: number, position: number, rate: number) => {
		// The others start every run with empty documents; so does ours (loading stored state is tested elsewhere).
		if (server === 'ours' && database) await database.clearDocuments();
		return runOne({
			server,
			round,
			position,
			workload: { ...workload, rate },
			serverEnv: server === 'ours' && database ? { ...database.env, DEMO: '0' } : {},
			database: server === 'ours' ? (database?.name ?? null) : null,
			instances: server === 'ours' ? options.instances : 1,
			redis: server === 'ours' ? redis : null,
			generators: options.generators,
			generatorCores: options.generatorCores,
			databaseCores: options.databaseCores,
			nodeFlags: [
				...options.serverFlags,
				...(server === 'ours' && options.profileDir ? ['--cpu-prof', '--cpu-prof-interval=100', `--cpu-prof-dir=${options.profileDir}`] : [])
			],
			logDir: options.serverLogDir
		});
	};
	const measurements: RunMeasurement[] = [];
	let markdown: string;
	let written: () => string;
	try {
		if (database && servers.includes('ours')) {
			const problem = await probeOurSync(plan[0], database.env);
			if (problem) {
				context.skipped.ours = problem;
				servers.splice(servers.indexOf('ours'), 1);
				console.log(`Skipping our server: ${problem}`);
			}
		}
		if (options.capacity) {
			const judge = (run: RunMeasurement) => judgeStep(run, options.p99LimitMs, options.generatorCores);
			const steps = await climb(servers, options.steps, options.retries, measure, judge, (line) => console.log(line));
			markdown = renderCapacityReport(steps, context);
			written = () => writeCapacityReport(markdown, steps, context);
		} else {
			for (let round = 1; round <= options.rounds; round++) {
				const order: ServerName[] = round % 2 === 1 ? servers : [...servers].reverse();
				for (const [index, server] of order.entries()) {
					console.log(`Round ${round}/${options.rounds}: ${server}…`);
					const run = await measure(server, round, index + 1, options.rate);
					measurements.push(run);
					console.log(`  ${runLine(run)}`);
				}
			}
			markdown = renderReport(measurements, context);
			written = () => writeReport(markdown, measurements, context);
		}
	} finally {
		await database?.drop();
		await redis?.close();
	}
	console.log(`\n${markdown}`);
	const minutes = (Date.now() - context.startedAt.getTime()) / 60_000;
	console.log(`Written to ${written()} (and .json) after ${minutes.toFixed(1)} min`);
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
