// `npm run bench -- matters`: what the matters list and the map's pins cost against a plain
// select of the same rows, in a community with 10,000 matters. Runs in Node against a fresh
// database (PGlite in a temporary folder; PostgreSQL when BENCH_DATABASE_URL or
// TEST_DATABASE_URL names a server, where a database of its own is created and dropped).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { eq, sql } from 'drizzle-orm';
import { standingIn, type Standing } from '../../src/lib/domain/permissions';
import { loadMemberships } from '../../src/lib/server/auth';
import { getCommunity } from '../../src/lib/server/community';
import { closeDatabase, db, openDatabase, readDatabaseConfig } from '../../src/lib/server/db';
import { communities, users } from '../../src/lib/server/db/schema';
import { communityCategories } from '../../src/lib/server/matters/matter-categories';
import { listMatters, matterPins } from '../../src/lib/server/matters/matter-records';
import { prepareApp } from '../../src/lib/server/startup';
import { machine, summarize, writeResults, type Timing } from '../board/results';
import { createBenchDatabase } from '../sync/ours-database';
import { markdownTable, ms, ratio } from '../sync/table';
import { plainList, plainPins, type PlainScope } from './plain-queries';
import { seedMatters } from './seed-matters';

const usage = `Usage: npm run bench -- matters [options]
  --matters N   matters in the community (default 10000)
  --runs N      timed runs of each case, after 3 warm-up runs (default 30)
  --seed N      random seed of the matters (default 14)
  --pglite      PGlite even when BENCH_DATABASE_URL or TEST_DATABASE_URL is set
  --out DIR     where the tables go (default bench/results)
  --quick       a smoke run: 1,000 matters, 10 runs`;

function options() {
	const { values } = parseArgs({
		options: {
			matters: { type: 'string', default: '10000' },
			runs: { type: 'string', default: '30' },
			seed: { type: 'string', default: '14' },
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
	if (values.quick) Object.assign(values, { matters: '1000', runs: '10' });
	const number = (name: 'matters' | 'runs' | 'seed') => {
		const value = Number(values[name]);
		if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive whole number (got "${values[name]}")`);
		return value;
	};
	return { matters: number('matters'), runs: number('runs'), seed: number('seed'), pglite: values.pglite, out: String(values.out) };
}

type BenchDb = { label: string; env: Record<string, string>; drop(): Promise<void> };

async function benchDatabase(forcePglite: boolean): Promise<BenchDb> {
	const url = process.env.BENCH_DATABASE_URL?.trim() || process.env.TEST_DATABASE_URL?.trim();
	if (url && !forcePglite) {
		process.env.BENCH_DATABASE_URL = url;
		return createBenchDatabase();
	}
	const dir = mkdtempSync(path.join(tmpdir(), 'grid-bench-matters-'));
	return { label: `PGlite in ${dir}`, env: { DATABASE_URL: '', DATA_DIR: dir }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

async function standingOf(username: string, communityId: string): Promise<Standing> {
	const [user] = await db().select({ id: users.id }).from(users).where(eq(users.username, username));
	const community = await getCommunity(communityId);
	return standingIn({ userId: user.id, memberships: await loadMemberships(user.id) }, community!);
}

type Case = {
	name: string;
	/** Our answer, as the endpoint would send it. */
	ours: () => Promise<{ rows: number; answer: unknown }>;
	plain: () => Promise<unknown[]>;
};

type Measured = { name: string; rows: number; plainRows: number; ours: Timing; plain: Timing; oursBytes: number; plainBytes: number };

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

/** Ours and plain take turns, swapping who goes first each run, so neither always gets a warm cache. */
async function measure(c: Case, runs: number): Promise<Measured> {
	const ours: number[] = [];
	const plain: number[] = [];
	let last: { rows: number; answer: unknown } = { rows: 0, answer: null };
	let lastPlain: unknown[] = [];
	for (let run = -3; run < runs; run++) {
		for (const which of run % 2 ? (['plain', 'ours'] as const) : (['ours', 'plain'] as const)) {
			const start = performance.now();
			if (which === 'ours') last = await c.ours();
			else lastPlain = await c.plain();
			if (run >= 0) (which === 'ours' ? ours : plain).push(performance.now() - start);
		}
	}
	return {
		name: c.name,
		rows: last.rows,
		plainRows: lastPlain.length,
		ours: summarize(ours),
		plain: summarize(plain),
		oursBytes: bytes(last.answer),
		plainBytes: bytes(lastPlain)
	};
}

const kb = (n: number) => `${(n / 1024).toFixed(n < 10_240 ? 1 : 0)} KB`;

function report(measured: Measured[], header: string[]): string {
	const rows = measured.map((m) => [
		m.name,
		String(m.rows),
		`${ms(m.ours.median)} / ${ms(m.ours.p95)}`,
		`${ms(m.plain.median)} / ${ms(m.plain.p95)}`,
		ratio(m.ours.median, m.plain.median),
		ratio(m.ours.p95, m.plain.p95),
		kb(m.oursBytes),
		kb(m.plainBytes)
	]);
	const table = markdownTable(['case', 'rows', 'ours ms median / p95', 'plain ms median / p95', 'ratio median', 'ratio p95', 'ours JSON', 'plain JSON'], rows);
	const bad = measured.filter((m) => m.ours.median > 3 * m.plain.median);
	const verdict = bad.length ? `Over 3× plain (median): ${bad.map((m) => m.name).join(', ')}` : 'Every case within 3× plain (median).';
	return [...header.map((line) => `- ${line}`), '', table, '', verdict].join('\n');
}

async function main() {
	const opts = options();
	const startedAt = new Date();
	const machineLines = machine();
	const database = await benchDatabase(opts.pglite);
	process.env.DEMO = '1';
	openDatabase(readDatabaseConfig({ ...process.env, ...database.env }));
	try {
		await prepareApp();
		const [{ id: communityId }] = await db().select({ id: communities.id }).from(communities).limit(1);
		const categories = (await communityCategories(communityId)).map((c) => c.id);
		const now = Date.now();
		const seeded = await seedMatters(opts.matters, categories, opts.seed, now);
		// Fresh statistics, as PostgreSQL's autovacuum would gather after a bulk insert (PGlite has none).
		await db().execute(sql`analyze`);
		console.log(`Seeded ${seeded.matters} matters and ${seeded.photos} photos into ${database.label}`);

		const roles = {
			secretary: await standingOf('secretary', communityId),
			chief1: await standingOf('chief1', communityId),
			liaison01: await standingOf('liaison01', communityId),
			property1: await standingOf('property1', communityId)
		};
		const scope = (s: Standing): PlainScope => ({ communityId, standing: s });
		const listCase = (who: keyof typeof roles, limit: number): Case => ({
			name: `listMatters · ${who} · limit ${limit.toLocaleString('en-US')}`,
			ours: async () => {
				const answer = await listMatters(roles[who], { limit }, now);
				return { rows: answer.matters.length, answer };
			},
			plain: () => plainList(scope(roles[who]), limit)
		});
		const cases: Case[] = [
			listCase('secretary', 10_000),
			listCase('secretary', 1_000),
			listCase('chief1', 1_000),
			listCase('liaison01', 1_000),
			listCase('property1', 1_000),
			{
				name: 'matterPins · secretary',
				ours: async () => {
					const pins = await matterPins(roles.secretary, now);
					return { rows: pins.length, answer: { pins } };
				},
				plain: () => plainPins(scope(roles.secretary), now)
			},
			{
				name: 'matterPins · chief1',
				ours: async () => {
					const pins = await matterPins(roles.chief1, now);
					return { rows: pins.length, answer: { pins } };
				},
				plain: () => plainPins(scope(roles.chief1), now)
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
			`${seeded.matters.toLocaleString('en-US')} matters (${Object.entries(seeded.byStatus).map(([s, n]) => `${s} ${n}`).join(', ')}), ${seeded.photos.toLocaleString('en-US')} photos`,
			`${opts.runs} timed runs per case after 3 warm-up runs; ours and plain alternate`
		];
		const markdown = `# matters bench, ${startedAt.toISOString()}\n\n${report(measured, header)}\n`;
		console.log(`\n${markdown}`);
		for (const file of writeResults(opts.out, 'matters', startedAt, markdown, { options: opts, header, seeded, measured })) console.log(`wrote ${file}`);
	} finally {
		await closeDatabase();
		await database.drop();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
