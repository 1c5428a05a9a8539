import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema';

export { schema };
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction or the database itself: services accept either. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

export type DatabaseConfig =
	| { kind: 'pglite'; dataDir: string | null }
	| { kind: 'postgres'; url: string };

export type Database = {
	kind: DatabaseConfig['kind'];
	db: Db;
	migrate(): Promise<void>;
	ping(): Promise<void>;
	close(): Promise<void>;
};

export function readDatabaseConfig(env: NodeJS.ProcessEnv): DatabaseConfig {
	const url = env.DATABASE_URL?.trim();
	if (url) {
		if (!/^postgres(ql)?:\/\//.test(url)) {
			throw new Error(`DATABASE_URL must start with postgres:// (got "${url.slice(0, 20)}…")`);
		}
		return { kind: 'postgres', url };
	}
	return { kind: 'pglite', dataDir: path.resolve(env.DATA_DIR?.trim() || 'data', 'pglite') };
}

function migrationsFolder(): string {
	return path.resolve(process.env.MIGRATIONS_DIR ?? 'drizzle');
}

function openPglite(dataDir: string | null): Database {
	if (dataDir) mkdirSync(dataDir, { recursive: true });
	const client = dataDir ? new PGlite(dataDir) : new PGlite();
	const db = drizzlePglite({ client, schema });
	return {
		kind: 'pglite',
		db: db as unknown as Db,
		migrate: () => migratePglite(db, { migrationsFolder: migrationsFolder() }),
		ping: async () => void (await client.query('select 1')),
		close: () => client.close()
	};
}

function openPostgres(url: string): Database {
	const client = postgres(url, { max: 10, onnotice: () => {}, connect_timeout: 10 });
	const db = drizzlePostgres({ client, schema });
	return {
		kind: 'postgres',
		db: db as unknown as Db,
		migrate: () => migratePostgres(db, { migrationsFolder: migrationsFolder() }),
		ping: async () => void (await db.execute(sql`select 1`)),
		close: () => client.end({ timeout: 5 })
	};
}

// The SvelteKit bundle and `server/` each carry a copy of this module; the handle
// lives on globalThis so both share one pool (PGlite must never open a directory twice).
const slot = Symbol.for('grid-dispatch.database');
type Slot = { [slot]?: Database };

export function openDatabase(config: DatabaseConfig): Database {
	const holder = globalThis as Slot;
	if (holder[slot]) throw new Error('The database is already open in this process');
	holder[slot] = config.kind === 'pglite' ? openPglite(config.dataDir) : openPostgres(config.url);
	return holder[slot];
}

/** The process-wide database, opened from the environment on first use. */
export function database(): Database {
	return (globalThis as Slot)[slot] ?? openDatabase(readDatabaseConfig(process.env));
}

export function db(): Db {
	return database().db;
}

export async function closeDatabase(): Promise<void> {
	const holder = globalThis as Slot;
	const open = holder[slot];
	delete holder[slot];
	await open?.close();
}
