import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { benchNamePrefix } from './bench-names';

export type BenchDatabase = {
	kind: 'postgres' | 'pglite';
	/** The PostgreSQL database name; null for PGlite. */
	name: string | null;
	label: string;
	/** Environment for our server and the setup script. */
	env: Record<string, string>;
	/** Empties the live-document tables, so every run of every server starts from empty documents. */
	clearDocuments(): Promise<void>;
	drop(): Promise<void>;
};

const documentTables = 'yjs_updates, yjs_snapshots, yjs_client_ids, progress_events, tasks';

const defaultAdminUrl = 'postgres://postgres@127.0.0.1:5432/test';

async function withAdmin(url: string, query: string): Promise<void> {
	const admin = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
	try {
		await admin.unsafe(query);
	} finally {
		await admin.end({ timeout: 2 });
	}
}

/**
 * A fresh database for one bench run: `grid_bench_<pid>` (BENCH_NAME_PREFIX changes the prefix; or `name`) on the PostgreSQL server of
 * BENCH_DATABASE_URL (default: the local test server), else PGlite in a temporary folder.
 */
export async function createBenchDatabase(name = `${benchNamePrefix()}${process.pid}`): Promise<BenchDatabase> {
	const adminUrl = process.env.BENCH_DATABASE_URL?.trim() || defaultAdminUrl;
	try {
		await withAdmin(adminUrl, `create database ${name}`);
		const url = new URL(adminUrl);
		url.pathname = `/${name}`;
		return {
			kind: 'postgres',
			name,
			label: `PostgreSQL, database ${name} on ${url.host}`,
			env: { DATABASE_URL: url.href, DATA_DIR: '' },
			clearDocuments: () => withAdmin(url.href, `truncate ${documentTables}`),
			drop: () => withAdmin(adminUrl, `drop database if exists ${name} with (force)`)
		};
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		const dir = mkdtempSync(path.join(tmpdir(), 'grid-bench-'));
		return {
			kind: 'pglite',
			name: null,
			label: `PGlite in ${dir} (PostgreSQL at ${new URL(adminUrl).host} unusable: ${reason})`,
			env: { DATABASE_URL: '', DATA_DIR: dir },
			clearDocuments: async () => {
				const { PGlite } = await import('@electric-sql/pglite');
				const client = new PGlite(path.join(dir, 'pglite'));
				try {
					await client.exec(`truncate ${documentTables}`);
				} finally {
					await client.close();
				}
			},
			drop: async () => rmSync(dir, { recursive: true, force: true })
		};
	}
}
