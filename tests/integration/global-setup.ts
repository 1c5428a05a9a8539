import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { closeDatabase, openDatabase } from '../../src/lib/server/db';

declare module 'vitest' {
	export interface ProvidedContext {
		/** An embedded database with every migration applied, for test files to start from a copy of. */
		pgliteTemplate: string;
	}
}

/**
 * Makes a fresh embedded database and applies the migrations once for the whole run: creating
 * and migrating one takes ~4 s on PGlite, and every integration file starts at least one
 * server. Each file then copies the directory (`createTestDatabase`), so runs still never share
 * data. A file that tests migrating from nothing asks for an empty database instead.
 */
export default async function setup(project: TestProject) {
	const dir = mkdtempSync(path.join(tmpdir(), 'grid-dispatch-template-'));
	try {
		await openDatabase({ kind: 'pglite', dataDir: dir }).migrate();
	} finally {
		await closeDatabase();
	}
	project.provide('pgliteTemplate', dir);
	return () => rmSync(dir, { recursive: true, force: true });
}
