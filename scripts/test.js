// `npm test`: build, then unit + integration tests (Vitest) and end-to-end tests
// (Playwright, system Chromium). Prints one closing line with the totals.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';

const run = (command, args, env = {}) =>
	spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;

function notice(text) {
	console.log(`\n[npm test] ${text}`);
}

if (!process.env.TEST_DATABASE_URL) {
	notice('TEST_DATABASE_URL is not set: integration tests run on PGlite only; the PostgreSQL run is skipped (optional; CI sets it).');
}
if (!process.env.REDIS_URL) {
	notice('REDIS_URL is not set: the two-instance Redis scale-out tests are skipped (optional; CI sets it).');
}

mkdirSync('test-reports', { recursive: true });
notice('Building the app…');
if (run('npm', ['run', 'build']) !== 0) process.exit(1);

notice('Unit and integration tests (Vitest)…');
const vitestStatus = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-reports/vitest.json']);

notice('End-to-end tests (Playwright, system Chromium)…');
const playwrightStatus = run('npx', ['playwright', 'test']);

function totals() {
	let passed = 0;
	let failed = 0;
	if (existsSync('test-reports/vitest.json')) {
		const report = JSON.parse(readFileSync('test-reports/vitest.json', 'utf8'));
		passed += report.numPassedTests;
		failed += report.numFailedTests;
	}
	if (existsSync('test-reports/playwright.json')) {
		const { stats } = JSON.parse(readFileSync('test-reports/playwright.json', 'utf8'));
		passed += stats.expected + stats.flaky;
		failed += stats.unexpected;
	}
	return { passed, failed };
}

const { passed, failed } = totals();
const ok = vitestStatus === 0 && playwrightStatus === 0 && passed > 0;
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(ok ? 0 : 1);
