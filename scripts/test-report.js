// Reads the JSON reports of Vitest and Playwright into the figures of `npm test`'s closing line.
// Errors outside tests (a failing beforeAll or import, a web server that did not start) count as
// failures, and so does a runner that wrote no report or exited non-zero with nothing failed.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * @typedef {{ passed: number; failed: number; skipped: number; skippedTitles: string[]; errors: string[] }} Summary
 */

/** @returns {Summary} */
const empty = () => ({ passed: 0, failed: 0, skipped: 0, skippedTitles: [], errors: [] });

/**
 * @param {any} report Vitest's `--reporter=json` output
 * @param {string} root paths in titles are shown relative to it
 * @returns {Summary}
 */
export function summarizeVitest(report, root = process.cwd()) {
	const summary = empty();
	summary.passed = report.numPassedTests;
	summary.failed = report.numFailedTests;
	summary.skipped = report.numPendingTests + report.numTodoTests;
	for (const file of report.testResults ?? []) {
		const name = path.relative(root, file.name);
		const assertions = file.assertionResults ?? [];
		for (const test of assertions) {
			if (['skipped', 'pending', 'todo', 'disabled'].includes(test.status)) {
				summary.skippedTitles.push([name, ...(test.ancestorTitles ?? []), test.title].join(' › '));
			}
		}
		if (file.status === 'failed' && !assertions.some((test) => test.status === 'failed')) {
			summary.errors.push(`${name}: ${firstLine(file.message) || 'failed outside any test'}`);
		}
	}
	summary.failed += summary.errors.length;
	return summary;
}

/**
 * @param {any} report Playwright's JSON reporter output
 * @returns {Summary}
 */
export function summarizePlaywright(report) {
	const summary = empty();
	const { stats } = report;
	summary.passed = stats.expected + stats.flaky;
	summary.failed = stats.unexpected;
	summary.skipped = stats.skipped;
	/** @param {any} suite @param {string[]} titles */
	const walk = (suite, titles) => {
		const here = suite.title ? [...titles, suite.title] : titles;
		for (const spec of suite.specs ?? []) {
			for (const test of spec.tests ?? []) {
				if (test.status !== 'skipped') continue;
				const reason = (test.annotations ?? []).find((a) => a.type === 'skip' || a.type === 'fixme')?.description;
				summary.skippedTitles.push(`[${test.projectName}] ${[...here, spec.title].join(' › ')}${reason ? ` (${reason})` : ''}`);
			}
		}
		for (const child of suite.suites ?? []) walk(child, here);
	};
	for (const suite of report.suites ?? []) walk(suite, []);
	for (const error of report.errors ?? []) summary.errors.push(firstLine(error.message) || 'an error outside any test');
	summary.failed += summary.errors.length;
	return summary;
}

/**
 * The summary of one runner's report file, with what its exit status says and the report does not.
 * @param {string} runner
 * @param {string} file
 * @param {number} exitStatus
 * @param {(report: any) => Summary} summarize
 * @returns {Summary}
 */
export function readRunnerReport(runner, file, exitStatus, summarize) {
	if (!existsSync(file)) {
		const summary = empty();
		summary.errors.push(`${runner} wrote no report (${file}): it crashed or never started`);
		summary.failed = 1;
		return summary;
	}
	const summary = summarize(JSON.parse(readFileSync(file, 'utf8')));
	if (exitStatus !== 0 && summary.failed === 0) {
		summary.errors.push(`${runner} exited with status ${exitStatus} but its report names no failure`);
		summary.failed = 1;
	}
	return summary;
}

/** @param {Summary[]} summaries @returns {Summary} */
export function combine(summaries) {
	const total = empty();
	for (const s of summaries) {
		total.passed += s.passed;
		total.failed += s.failed;
		total.skipped += s.skipped;
		total.skippedTitles.push(...s.skippedTitles);
		total.errors.push(...s.errors);
	}
	return total;
}

/** @param {unknown} text */
function firstLine(text) {
	return typeof text === 'string' ? (text.trim().split('\n')[0] ?? '').replace(/\u001b\[[0-9;]*m/g, '') : '';
}
