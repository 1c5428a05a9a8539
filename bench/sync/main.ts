// The sync benchmark's orchestrator: prepares our server's data, then for every round
// starts each server under test and a fresh load generator, and prints the report.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { buildOursIfNeeded } from './build';
import { createBenchDatabase, type BenchDatabase } from './ours-database';
import { probeOurSync } from './ours-probe';
import { clientsOfDoc, parseOptions, usage, type BenchOptions } from './options';
import type { DocPlan, ServerName, Workload } from './plan';
import { pinning } from './processes';
import { renderReport, writeReport, type RunContext } from './report';
import { runOne, type RunMeasurement } from './run-one';
import { summarize } from './summary';
import { fixed, ms } from './table';

const drainMs = 5000;

function randomId(): string {
	return randomBytes(10).toString('hex');
}

/** Plain and Hocuspocus check nothing, so made-up names and tokens do. */
function syntheticPlan(options: BenchOptions): DocPlan[] {
	return Array.from({ length: options.docs }, (_, index) => ({
		name: `community:${randomId()}`,
		userId: randomId(),
		buildingIds: Array.from({ length: options.writersPerDoc }, randomId),
		tokens: Array.from({ length: clientsOfDoc(options, index) }, randomId)
	}));
}

function setUpOurData(options: BenchOptions, database: BenchDatabase): DocPlan[] {
	const dir = mkdtempSync(path.join(tmpdir(), 'grid-bench-plan-'));
	const out = path.join(dir, 'plan.json');
	try {
		const args = ['--clients', options.clients, '--docs', options.docs, '--writers', options.writersPerDoc, '--out', out];
		const result = spawnSync(process.execPath, ['--import', 'tsx', 'bench/sync/ours-setup.ts', ...args.map(String)], {
			env: { ...process.env, ...database.env, DEMO: '0' },
			stdio: 'inherit'
		});
		if (result.status !== 0) throw new Error(`preparing our data failed (exit ${result.status})`);
		return JSON.parse(readFileSync(out, 'utf8')) as DocPlan[];
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

function runLine(run: RunMeasurement): string {
	const single = run.result && !run.error ? summarize(run.server, [run]) : null;
	if (!single) return `failed: ${run.error}`;
	const p = single.propagation;
	return `p50 ${ms(p.p50)} ms, p99 ${ms(p.p99)} ms, ${fixed(single.acceptedPerSecond, 1)} accepted/s, ` +
		`server CPU ${fixed(single.serverCpuPct)} %, generator CPU ${fixed(single.generatorCpuPct)} %, ` +
		`other CPU ${fixed(run.otherCpuPct)} %, send lag p99 ${ms(single.sendLag.p99)} ms`;
}

function environment(database: BenchDatabase | null): string[] {
	let commit = 'unknown';
	try {
		const describe = execFileSync('git', ['describe', '--always', '--dirty'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
		commit = describe.trim();
	} catch {
		// not a git checkout
	}
	return [
		`Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, commit ${commit}`,
		`Pinning: ${pinning}`,
		`Ours: \`node dist-server/index.js\` on ${database ? database.label : '—'}`,
		'Plain: `@y/websocket-server` 0.1.1 `setupWSConnection`; Hocuspocus: `@hocuspocus/server` 4.7.0, no extensions'
	];
}

async function main(options: BenchOptions): Promise<void> {
	const context: RunContext = { startedAt: new Date(), options, environment: [], skipped: {} };
	let database: BenchDatabase | null = null;
	let plan: DocPlan[];
	const servers = [...options.servers];
	process.once('SIGINT', () => void database?.drop().finally(() => process.exit(130)));

	if (servers.includes('ours')) {
		if (options.build) buildOursIfNeeded();
		database = await createBenchDatabase();
		console.log(`Database for our server: ${database.label}`);
		console.log(`Preparing ${options.docs} communities and ${options.clients} sessions…`);
		plan = setUpOurData(options, database);
	} else {
		plan = syntheticPlan(options);
	}
	context.environment = environment(database);

	const workload: Workload = {
		docs: plan,
		writersPerDoc: options.writersPerDoc,
		rate: options.rate,
		warmupMs: options.warmupSeconds * 1000,
		measureMs: options.seconds * 1000,
		drainMs
	};
	const measurements: RunMeasurement[] = [];
	try {
		if (database && servers.includes('ours')) {
			const problem = await probeOurSync(plan[0], database.env);
			if (problem) {
				context.skipped.ours = problem;
				servers.splice(servers.indexOf('ours'), 1);
				console.log(`Skipping our server: ${problem}`);
			}
		}
		for (let round = 1; round <= options.rounds; round++) {
			const order: ServerName[] = round % 2 === 1 ? servers : [...servers].reverse();
			for (const [index, server] of order.entries()) {
				console.log(`Round ${round}/${options.rounds}: ${server}…`);
				// The others start every run with empty documents; so does ours (loading stored state is tested elsewhere).
				if (server === 'ours' && database) await database.clearDocuments();
				const run = await runOne({
					server,
					round,
					position: index + 1,
					workload,
					serverEnv: server === 'ours' && database ? { ...database.env, DEMO: '0' } : {},
					database: server === 'ours' ? (database?.name ?? null) : null
				});
				measurements.push(run);
				console.log(`  ${runLine(run)}`);
			}
		}
	} finally {
		await database?.drop();
	}
	const markdown = renderReport(measurements, context);
	console.log(`\n${markdown}`);
	const minutes = (Date.now() - context.startedAt.getTime()) / 60_000;
	console.log(`Written to ${writeReport(markdown, measurements, context)} (and .json) after ${minutes.toFixed(1)} min`);
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
