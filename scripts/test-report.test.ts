import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { combine, readRunnerReport, summarizePlaywright, summarizeVitest } from './test-report.js';

// Shapes as Vitest 4.1 and Playwright 1.65 write them (trimmed from real runs).
const vitestReport = {
	numPassedTests: 1,
	numFailedTests: 1,
	numPendingTests: 3,
	numTodoTests: 1,
	testResults: [
		{
			name: '/repo/a.test.ts',
			status: 'failed',
			message: '',
			// beforeAll threw: its test is reported skipped, the file failed, no test failed.
			assertionResults: [{ ancestorTitles: ['group'], title: 'one', status: 'skipped' }]
		},
		{ name: '/repo/b.test.ts', status: 'failed', message: "Cannot find module './missing'\n  at …", assertionResults: [] },
		{
			name: '/repo/c.test.ts',
			status: 'failed',
			message: '',
			assertionResults: [
				{ ancestorTitles: [], title: 'ok', status: 'passed' },
				{ ancestorTitles: [], title: 'skipped one', status: 'skipped' },
				{ ancestorTitles: [], title: 'todo one', status: 'todo' },
				{ ancestorTitles: ['needs redis'], title: 'scale', status: 'skipped' },
				{ ancestorTitles: [], title: 'fails', status: 'failed' }
			]
		}
	]
};

const playwrightReport = {
	stats: { expected: 1, skipped: 2, unexpected: 1, flaky: 1 },
	errors: [],
	suites: [
		{
			title: 'a.spec.ts',
			specs: [
				{ title: 'ok', tests: [{ projectName: 'chromium', status: 'expected', annotations: [] }] },
				{ title: 'flaky', tests: [{ projectName: 'chromium', status: 'flaky', annotations: [] }] },
				{ title: 'needs it', tests: [{ projectName: 'chromium', status: 'skipped', annotations: [{ type: 'skip', description: 'needs Redis' }] }] }
			],
			suites: [
				{
					title: 'group',
					specs: [
						{ title: 'one', tests: [{ projectName: 'chromium', status: 'unexpected', annotations: [] }] },
						{ title: 'later', tests: [{ projectName: 'chromium-pg-redis', status: 'skipped', annotations: [{ type: 'fixme' }] }] }
					]
				}
			]
		}
	]
};

describe('summarizeVitest', () => {
	it('counts skipped and todo tests, names each, and counts files failing outside tests as failures', () => {
		const summary = summarizeVitest(vitestReport, '/repo');
		expect(summary).toMatchObject({ passed: 1, skipped: 4 });
		expect(summary.skippedTitles).toEqual([
			'a.test.ts › group › one',
			'c.test.ts › skipped one',
			'c.test.ts › todo one',
			'c.test.ts › needs redis › scale'
		]);
		expect(summary.errors).toEqual(['a.test.ts: failed outside any test', "b.test.ts: Cannot find module './missing'"]);
		expect(summary.failed, 'one failed test and two files failing outside tests').toBe(3);
	});
});

describe('summarizePlaywright', () => {
	it('counts flaky as passed, names skipped tests with project and reason', () => {
		const summary = summarizePlaywright(playwrightReport);
		expect(summary).toMatchObject({ passed: 2, failed: 1, skipped: 2, errors: [] });
		expect(summary.skippedTitles).toEqual(['[chromium] a.spec.ts › needs it (needs Redis)', '[chromium-pg-redis] a.spec.ts › group › later']);
	});

	it('counts errors outside tests, such as a web server that did not start', () => {
		const summary = summarizePlaywright({
			stats: { expected: 0, skipped: 0, unexpected: 0, flaky: 0 },
			errors: [{ message: 'Error: Process from config.webServer was not able to start. Exit code: 3' }],
			suites: []
		});
		expect(summary.failed).toBe(1);
		expect(summary.errors).toEqual(['Error: Process from config.webServer was not able to start. Exit code: 3']);
	});
});

describe('readRunnerReport', () => {
	const dir = mkdtempSync(path.join(tmpdir(), 'grid-test-report-'));
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('counts a runner without a report as a failure', () => {
		const summary = readRunnerReport('Playwright', path.join(dir, 'missing.json'), 1, summarizePlaywright);
		expect(summary.failed).toBe(1);
		expect(summary.errors[0]).toContain('wrote no report');
	});

	it('counts a non-zero exit with a clean report as a failure, and a clean exit as none', () => {
		const file = path.join(dir, 'clean.json');
		writeFileSync(file, JSON.stringify({ stats: { expected: 3, skipped: 0, unexpected: 0, flaky: 0 }, errors: [], suites: [] }));
		expect(readRunnerReport('Playwright', file, 1, summarizePlaywright)).toMatchObject({ passed: 3, failed: 1 });
		expect(readRunnerReport('Playwright', file, 0, summarizePlaywright)).toMatchObject({ passed: 3, failed: 0 });
	});
});

describe('combine', () => {
	it('adds the runners up', () => {
		const total = combine([summarizeVitest(vitestReport, '/repo'), summarizePlaywright(playwrightReport)]);
		expect(total).toMatchObject({ passed: 3, failed: 4, skipped: 6 });
		expect(total.skippedTitles).toHaveLength(6);
		expect(total.errors).toHaveLength(2);
	});
});
