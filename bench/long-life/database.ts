// The benchmark's PostgreSQL database, `bench_life_n<nights>_h<households>_a<archive age in minutes>`, seeded once and
// optionally kept (--keep) so a later run of the same size skips the minutes of seeding.
import postgres from 'postgres';

const defaultAdminUrl = 'postgres://postgres@127.0.0.1:5432/test';

export type LifeDatabase = {
	name: string;
	url: string;
	/** True when a kept database of this size was found with its seed finished. */
	reused: boolean;
	/** What the seed recorded when it finished (see `markSeeded`), when reused. */
	seed: SeedRecord | null;
	drop(): Promise<void>;
};

export type SeedRecord = {
	communityId: string;
	docName: string;
	secretaryId: string;
	seededAt: string;
	seedSeconds: number;
	nights: number;
	households: number;
	/** Share of app loads that wrote on a fresh client id. */
	freshLoads: number;
	buildings: number;
	liaisons: number;
	archivedTasks: number;
	liveTasks: number;
	compactAfterRows: number;
	archiveAfterMs: number;
	/** Log rows of the day after the year, left unfolded: the longest tail the compaction setting allows. */
	tailRows: number;
};

async function admin<T>(url: string, run: (sql: postgres.Sql) => Promise<T>): Promise<T> {
	const sql = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
	try {
		return await run(sql);
	} finally {
		await sql.end({ timeout: 2 });
	}
}

export async function openLifeDatabase(
	nights: number,
	households: number,
	freshLoads: number,
	archiveAfterMs: number,
	reseed: boolean
): Promise<LifeDatabase> {
	const adminUrl = process.env.BENCH_DATABASE_URL?.trim() || defaultAdminUrl;
	// The archive age and the phones' client ids shape the stored year, so another of either is another database.
	const name = `bench_life_n${nights}_h${households}_a${Math.round(archiveAfterMs / 60_000)}_f${Math.round(freshLoads * 100)}`;
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	const drop = () => admin(adminUrl, (sql) => sql.unsafe(`drop database if exists ${name} with (force)`)).then(() => {});
	const exists = await admin(adminUrl, (sql) => sql`select 1 from pg_database where datname = ${name}`);
	let seed: SeedRecord | null = null;
	if (exists.length > 0 && !reseed) seed = await readSeedRecord(url.href);
	if (!seed) {
		await drop();
		await admin(adminUrl, (sql) => sql.unsafe(`create database ${name}`));
	}
	return { name, url: url.href, reused: seed !== null, seed, drop };
}

async function readSeedRecord(url: string): Promise<SeedRecord | null> {
	return admin(url, async (sql) => {
		const table = await sql`select to_regclass('bench_life_seed') as t`;
		if (!table[0]?.t) return null;
		const rows = await sql`select record from bench_life_seed`;
		return rows.length > 0 ? (JSON.parse(rows[0].record as string) as SeedRecord) : null;
	});
}

/** Written last: a seed that stopped halfway leaves no record, and the next run seeds again. */
export async function markSeeded(url: string, record: SeedRecord): Promise<void> {
	await admin(url, async (sql) => {
		await sql`create table if not exists bench_life_seed (record text not null)`;
		await sql`delete from bench_life_seed`;
		await sql`insert into bench_life_seed (record) values (${JSON.stringify(record)})`;
	});
}
