// `npm run bench -- coverage`: the oversight dashboard's coverage queries for a street of 20
// communities × 3,000 households with a year of marks, against a plain count(distinct) over the
// same rows. PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL names a server (a database
// of its own is created and dropped), else PGlite in a temporary folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { recentWeeks } from '../../src/lib/domain/coverage-weeks';
import type { Period } from '../../src/lib/domain/matter-figures';
import { closeDatabase, db, openDatabase, readDatabaseConfig } from '../../src/lib/server/db';
import { buildings, microGrids } from '../../src/lib/server/db/schema';
import { communityCoverage, communityCoverageByWeek, wholeCommunityCoverage } from '../../src/lib/server/oversight/community-coverage';
import { prepareApp } from '../../src/lib/server/startup';
import { machine, summarize, writeResults, type Timing } from '../board/results';
import { createBenchDatabase } from '../sync/ours-database';
import { markdownTable, ms, ratio } from '../sync/table';
import { plainByBuilding, plainByWeek, plainStreet } from './plain-queries';
import { seedStreet } from './seed-street';

const usage = `Usage: npm run bench -- coverage [options]
  --communities N   communities of the street, 3,000 households each (default 20)
  --weeks N         weeks of marks (default 52)
  --runs N          timed runs of each case, after 3 warm-up runs (default 30)
  --pglite          PGlite even when BENCH_DATABASE_URL or TEST_DATABASE_URL is set
  --out DIR         where the tables go (default bench/results)
  --quick           a smoke run: 3 communities, 8 weeks, 5 runs`;

function options() {
	const { values } = parseArgs({
		options: {
			communities: { type: 'string', default: '20' },
			weeks: { type: 'string', default: '52' },
			runs: { type: 'string', default: '30' },
			pglite: { type: 'boolean', default: false },
			out: { type: 'string', default: 'bench/results' },
			quick: { type: 'boolean', default: false },
			help: { type: 'boolean', default: false }
		}
	});
	if (values.help) {
		console.log(usage);
		process.exit(0);
	}
	if (values.quick) Object.assign(values, { communities: '3', weeks: '8', runs: '5' });
	const number = (name: 'communities' | 'weeks' | 'runs', max: number) => {
		const value = Number(values[name]);
		if (!Number.isInteger(value) || value < 1 || value > max) throw new Error(`--${name} must be a whole number from 1 to ${max} (got "${values[name]}")`);
		return value;
	};
	return { communities: number('communities', 99), weeks: number('weeks', 104), runs: number('runs', 10_000), pglite: values.pglite, out: String(values.out) };
}

type BenchDb = { label: string; env: Record<string, string>; drop(): Promise<void> };

async function benchDatabase(forcePglite: boolean): Promise<BenchDb> {
	const url = process.env.BENCH_DATABASE_URL?.trim() || process.env.TEST_DATABASE_URL?.trim();
	if (url && !forcePglite) {
		process.env.BENCH_DATABASE_URL = url;
		return createBenchDatabase();
	}
	const dir = mkdtempSync(path.join(tmpdir(), 'grid-bench-coverage-'));
	return { label: `PGlite in ${dir}`, env: { DATABASE_URL: '', DATA_DIR: dir }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

type Case = { name: string; ours: () => Promise<unknown>; plain: () => Promise<unknown> };
type Measured = { name: string; ours: Timing; plain: Timing };

/** Ours and plain take turns, swapping who goes first each run, so neither always gets a warm cache. */
async function measure(c: Case, runs: number): Promise<Measured> {
	const ours: number[] = [];
	const plain: number[] = [];
	for (let run = -3; run < runs; run++) {
		for (const which of run % 2 ? (['plain', 'ours'] as const) : (['ours', 'plain'] as const)) {
			const start = performance.now();
			await (which === 'ours' ? c.ours() : c.plain());
			if (run >= 0) (which === 'ours' ? ours : plain).push(performance.now() - start);
		}
	}
	return { name: c.name, ours: summarize(ours), plain: summarize(plain) };
}

function report(measured: Measured[], header: string[]): string {
	const rows = measured.map((m) => [
		m.name,
		`${ms(m.ours.median)} / ${ms(m.ours.p95)}`,
		`${ms(m.plain.median)} / ${ms(m.plain.p95)}`,
		ratio(m.ours.median, m.plain.median),
		ratio(m.ours.p95, m.plain.p95)
	]);
	const table = markdownTable(['case', 'ours ms p50 / p95', 'plain ms p50 / p95', 'ratio p50', 'ratio p95'], rows);
	return [...header.map((line) => `- ${line}`), '', table].join('\n');
}

const day = 86_400_000;

async function main() {
	const opts = options();
	const startedAt = new Date();
	const machineLines = machine();
	const database = await benchDatabase(opts.pglite);
	process.env.DEMO = '0';
	openDatabase(readDatabaseConfig({ ...process.env, ...database.env }));
	try {
		await prepareApp();
		const seedStart = performance.now();
		const seeded = await seedStreet({ communities: opts.communities, weeks: opts.weeks });
		const seedSeconds = (performance.now() - seedStart) / 1000;
		console.log(`Seeded ${seeded.households.toLocaleString('en-US')} households, ${seeded.marks.toLocaleString('en-US')} marks in ${seedSeconds.toFixed(0)} s into ${database.label}`);

		const now = seeded.now;
		const community = seeded.communityIds[Math.floor(seeded.communityIds.length / 2)];
		const all = { all: true, gridIds: [] };
		const grid = `${community}-g1`;
		const chief = { all: false, gridIds: [grid] };
		const ids = async (where: ReturnType<typeof eq>) => (await db().select({ id: buildings.id }).from(buildings).innerJoin(microGrids, eq(microGrids.id, buildings.microGridId)).where(where)).map((b) => b.id);
		const communityBuildings = await ids(eq(buildings.communityId, community));
		const gridBuildings = await ids(eq(microGrids.gridId, grid));
		const streetBuildings = new Map<string, string[]>();
		for (const id of seeded.communityIds) streetBuildings.set(id, await ids(eq(buildings.communityId, id)));
		const last = (days: number): Period => ({ from: now - days * day, to: now });
		const weeks = recentWeeks(now, 12);
		const cases: Case[] = [
			{ name: 'community · secretary · 7 days', ours: () => communityCoverage(community, last(7), all), plain: () => plainByBuilding(community, communityBuildings, last(7)) },
			{ name: 'community · secretary · 30 days', ours: () => communityCoverage(community, last(30), all), plain: () => plainByBuilding(community, communityBuildings, last(30)) },
			{ name: 'community · chief (1 grid) · 7 days', ours: () => communityCoverage(community, last(7), chief), plain: () => plainByBuilding(community, gridBuildings, last(7)) },
			{ name: 'community · secretary · 365 days', ours: () => communityCoverage(community, last(365), all), plain: () => plainByBuilding(community, communityBuildings, last(365)) },
			{ name: 'trend · 12 weeks', ours: () => communityCoverageByWeek(community, weeks, all), plain: () => plainByWeek(community, communityBuildings, weeks) },
			{
				name: `street · ${seeded.communityIds.length} communities · 7 days`,
				ours: () => Promise.all(seeded.communityIds.map((id) => wholeCommunityCoverage(id, last(7)))),
				plain: () => plainStreet(streetBuildings, last(7))
			}
		];
		const measured: Measured[] = [];
		for (const c of cases) {
			const result = await measure(c, opts.runs);
			measured.push(result);
			console.log(`${c.name}: ours ${ms(result.ours.median)} ms, plain ${ms(result.plain.median)} ms (${ratio(result.ours.median, result.plain.median)})`);
		}
		const header = [
			...machineLines,
			`database: ${database.label}`,
			`${seeded.communityIds.length} communities, ${seeded.households.toLocaleString('en-US')} households, ${opts.weeks} weeks: ${seeded.marks.toLocaleString('en-US')} marks, ${seeded.acks.toLocaleString('en-US')} acknowledgements (generated in ${seedSeconds.toFixed(0)} s)`,
			`measured community ${community} (3,000 households, 40 buildings, 30 liaisons); chief: grid ${grid}`,
			`${opts.runs} timed runs per case after 3 warm-up runs; ours and plain alternate`
		];
		const markdown = `# coverage bench, ${startedAt.toISOString()}\n\n${report(measured, header)}\n`;
		console.log(`\n${markdown}`);
		for (const file of writeResults(opts.out, 'coverage', startedAt, markdown, { options: opts, header, measured })) console.log(`wrote ${file}`);
	} finally {
		await closeDatabase();
		await database.drop();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
