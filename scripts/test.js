// `npm test`: build, then unit + integration tests (Vitest) and end-to-end tests (Playwright),
// each writing a JSON report into test-reports/. Ends with every skipped test by name and one
// closing line, `tests: N passed, N failed, N skipped`, where failed includes errors outside
// tests and a runner that wrote no report.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { combine, readRunnerReport, summarizePlaywright, summarizeVitest } from './test-report.js';

const run = (command, args, env = {}) =>
	spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;

function notice(text) {
	console.log(`\n[npm test] ${text}`);
}

if (!process.env.TEST_DATABASE_URL) {
	notice('TEST_DATABASE_URL is not set: integration tests run on PGlite only; the PostgreSQL run is skipped (optional; CI sets it).');
} else if (process.env.TEST_PGLITE !== 'all') {
	notice(
		'TEST_DATABASE_URL is set: every integration file runs on PostgreSQL, and on PGlite only the embedded-database files (vite.config.ts, embeddedDatabaseFiles); TEST_PGLITE=all runs them all on both.'
	);
}
if (!process.env.REDIS_URL) {
	notice('REDIS_URL is not set: the two-instance Redis scale-out tests are skipped (optional; CI sets it).');
}
if (!process.env.TEST_DATABASE_URL || !process.env.REDIS_URL) {
	notice(
		'TEST_DATABASE_URL and REDIS_URL are not both set: the end-to-end pass on PostgreSQL + Redis (project chromium-pg-redis) is skipped (optional; CI sets both).'
	);
}

// A crashed runner must not leave the previous run's report to be counted.
rmSync('test-reports', { recursive: true, force: true });
mkdirSync('test-reports', { recursive: true });

notice('Building the app…');
if (run('npm', ['run', 'build']) !== 0) {
	console.log('\ntests: 0 passed, 1 failed, 0 skipped (the build failed)');
	process.exit(1);
}

notice('Unit and integration tests (Vitest)…');
const vitestStatus = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-reports/vitest.json']);

notice('End-to-end tests (Playwright; the Chromium is chosen in tests/e2e/chromium.ts)…');
const playwrightStatus = run('npx', ['playwright', 'test']);

const total = combine([
	readRunnerReport('Vitest', 'test-reports/vitest.json', vitestStatus, summarizeVitest),
	readRunnerReport('Playwright', 'test-reports/playwright.json', playwrightStatus, summarizePlaywright)
]);

if (total.skippedTitles.length > 0) {
	console.log(`\nSkipped (${total.skippedTitles.length}):`);
	for (const title of total.skippedTitles) console.log(`  - ${title}`);
}
if (total.errors.length > 0) {
	console.log(`\nErrors outside tests (${total.errors.length}):`);
	for (const error of total.errors) console.log(`  - ${error}`);
}
console.log(`\ntests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed === 0 && total.passed > 0 ? 0 : 1);
