import { sveltekit } from '@sveltejs/kit/vite';
import tailwindcss from '@tailwindcss/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { defineConfig } from 'vitest/config';
import { devServerPlugin } from './server/vite-plugin.ts';
import { layoutChunk } from './scripts/layout-chunk.ts';

const integrationFiles = ['tests/integration/**/*.test.ts'];

/**
 * With PostgreSQL at hand (TEST_DATABASE_URL, as on CI) every integration file runs on it, and
 * on the embedded database only the files about what PGlite does differently: starting, migrating
 * and seeding in a data directory, surviving a crash, one session for every transaction, and
 * the numbers its driver hands back. The end-to-end suite runs on PGlite too. Running all of
 * them twice took 40 % of CI's time; `TEST_PGLITE=all` asks for it anyway. Without PostgreSQL
 * every file runs on PGlite.
 */
const embeddedDatabaseFiles = [
	'tests/integration/setup.test.ts',
	'tests/integration/seed.test.ts',
	'tests/integration/demo/**/*.test.ts',
	'tests/integration/sync/persistence.test.ts',
	'tests/integration/sync/crash-*.test.ts',
	'tests/integration/sync/converge.test.ts',
	'tests/integration/notify/outbox.test.ts',
	'tests/integration/tasks/task-archive-load.test.ts',
	'tests/integration/structure/imports.test.ts',
	'tests/integration/oversight/coverage-figures.test.ts'
];
const pgliteFiles = process.env.TEST_DATABASE_URL && process.env.TEST_PGLITE !== 'all' ? embeddedDatabaseFiles : integrationFiles;

const integrationProject = (kind: 'pglite' | 'postgres') => ({
	extends: true as const,
	test: {
		name: `integration-${kind}`,
		include: kind === 'pglite' ? pgliteFiles : integrationFiles,
		env: { TEST_DB_KIND: kind },
		globalSetup: kind === 'pglite' ? ['tests/integration/global-setup.ts'] : [],
		// The built SvelteKit server runs as Node loads it, not through Vite's transforms.
		server: { deps: { external: [/\/build\//] } },
		testTimeout: 60_000,
		hookTimeout: 120_000
	}
});

export default defineConfig({
	plugins: [
		tailwindcss(),
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			strategy: ['cookie', 'baseLocale']
		}),
		sveltekit(),
		devServerPlugin(),
		layoutChunk()
	],
	test: {
		expect: { requireAssertions: true },
		// Vitest's default on 2 cores is one file at a time. Integration files spend most of their
		// time waiting on a server process and the database, so two at a time keep both cores busy.
		maxWorkers: 2,
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['src/**/*.test.ts', 'server/**/*.test.ts', 'scripts/**/*.test.ts', 'tests/unit/**/*.test.ts'],
					environment: 'node',
					// Pure functions and in-memory classes: one thread imports the modules once for
					// all files (50 s → 17 s on 2 cores). Each integration file keeps a fresh process.
					pool: 'threads',
					isolate: false
				}
			},
			integrationProject('pglite'),
			...(process.env.TEST_DATABASE_URL ? [integrationProject('postgres')] : [])
		]
	}
});
