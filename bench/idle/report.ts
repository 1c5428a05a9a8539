import type { ServerName } from '../sync/plan';
import { fixed, markdownTable, ratio } from '../sync/table';
import type { HeapFigures } from './inspector';
import type { IdleOptions } from './options';
import type { ServerRun, StepResult } from './run-server';

/** The target for our server's memory per idle connection (RSS). */
export const targetKbPerConnection = 25;

export type IdleContext = { startedAt: Date; options: IdleOptions; environment: string[] };

const mb = (bytes: number | null | undefined) => (bytes === null || bytes === undefined ? '—' : (bytes / 2 ** 20).toFixed(1));

export type PerConnection = { rss: number | null; rssAfterGc: number | null; heapUsed: number | null; external: number | null };

/**
 * KB (KiB) per connection between the first and the last step: the difference removes what the
 * process and its loaded documents cost whatever the number of clients.
 */
export function perConnection(run: ServerRun, steps: number[]): PerConnection {
	const first = run.steps.find((step) => step.clients === steps[0]);
	const last = run.steps.find((step) => step.clients === steps[steps.length - 1]);
	if (!first || !last) return { rss: null, rssAfterGc: null, heapUsed: null, external: null };
	const kb = (read: (step: StepResult) => number | undefined) => {
		const a = read(first);
		const b = read(last);
		return a === undefined || b === undefined ? null : (b - a) / (last.clients - first.clients) / 1024;
	};
	const afterGc = (key: keyof HeapFigures) => (step: StepResult) => step.heapAfterGc?.[key];
	return { rss: kb((step) => step.rss), rssAfterGc: kb(afterGc('rss')), heapUsed: kb(afterGc('heapUsed')), external: kb(afterGc('external')) };
}

function summaryTable(runs: ServerRun[], steps: number[]): string {
	const headers = ['server', ...[0, ...steps].map((n) => `RSS MB @${n.toLocaleString('en-US')}`), 'KB/conn RSS', 'KB/conn RSS after GC', 'KB/conn heap', 'KB/conn external', 'all quiet'];
	const rows = runs.map((run) => {
		const cost = perConnection(run, steps);
		const rssAt = (n: number) => mb(run.steps.find((step) => step.clients === n)?.rss);
		const quiet = run.steps.length === steps.length + 1 && run.steps.every((step) => step.settled);
		return [run.server, ...[0, ...steps].map(rssAt), fixed(cost.rss, 1), fixed(cost.rssAfterGc, 1), fixed(cost.heapUsed, 1), fixed(cost.external, 1), run.error ? 'failed' : quiet ? 'yes' : 'no'];
	});
	return markdownTable(headers, rows);
}

function ratioLines(runs: ServerRun[], steps: number[]): string[] {
	const cost = (name: ServerName) => {
		const run = runs.find((r) => r.server === name && !r.error);
		return run ? perConnection(run, steps) : null;
	};
	const ours = cost('ours');
	if (!ours || ours.rss === null) return ['No ratios: our server has no complete run.'];
	const lines: string[] = [];
	for (const name of ['plain', 'hocuspocus'] as const) {
		const other = cost(name);
		if (!other || other.rss === null) continue;
		const heap = ours.heapUsed !== null && other.heapUsed !== null ? `, heap ${ratio(ours.heapUsed, other.heapUsed)}` : '';
		lines.push(`- ours / ${name}: RSS per connection ${ratio(ours.rss, other.rss)}${heap}`);
	}
	const met = ours.rss <= targetKbPerConnection;
	const afterGc = ours.rssAfterGc === null ? '' : ` (after a full collection: ${fixed(ours.rssAfterGc, 1)} KB)`;
	lines.push(`- target ours ≤ ${targetKbPerConnection} KB per connection (RSS): ${fixed(ours.rss, 1)} KB, ${met ? 'met' : 'NOT met'}${afterGc}`);
	return lines;
}

function incidents(step: StepResult): string {
	const notes: string[] = [];
	for (const [code, n] of Object.entries(step.closeCodes)) notes.push(`${n}× closed ${code}`);
	for (const [code, n] of Object.entries(step.refusals)) notes.push(`${n}× refused ${code}`);
	return notes.join('; ') || '—';
}

function stepsTable(runs: ServerRun[]): string {
	const headers = ['server', 'clients', 'open', 'synced in s', 'quiet after s', 'RSS MB', 'heap used MB', 'heap after GC MB', 'external after GC MB', 'RSS after GC MB', 'db backends', 'db PSS MB', 'incidents'];
	const rows = runs.flatMap((run) =>
		run.steps.map((step) => [
			run.server,
			String(step.clients),
			String(step.open),
			fixed(step.connectSeconds, 1),
			`${fixed(step.settleSeconds, 0)}${step.settled ? '' : ' (not quiet)'}`,
			mb(step.rss),
			mb(step.heap?.heapUsed),
			mb(step.heapAfterGc?.heapUsed),
			mb(step.heapAfterGc?.external),
			mb(step.heapAfterGc?.rss),
			step.database ? String(step.database.backends) : '—',
			mb(step.database?.pss),
			incidents(step)
		])
	);
	return markdownTable(headers, rows, 1, true);
}

function failures(runs: ServerRun[]): string[] {
	return runs
		.filter((run) => run.error)
		.flatMap((run) => [`- ${run.server} failed: ${run.error}`, '', '```', ...run.serverLogTail, '```', '']);
}

export function renderReport(runs: ServerRun[], context: IdleContext): string {
	const { steps, docs } = context.options;
	const problems = failures(runs);
	const oursDb = runs.find((run) => run.server === 'ours')?.steps.some((step) => step.database);
	return [
		`# Idle connections benchmark, ${context.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
		'',
		`Idle clients in steps of ${steps.map((n) => n.toLocaleString('en-US')).join(', ')} over ${docs} documents, each synced and then silent; ` +
			`memory read once the server was quiet (${context.options.waitSeconds} s, then until its RSS moved less than max(1 MiB, 0.5 %) over 5 s).`,
		'',
		...context.environment.map((line) => `- ${line}`),
		'',
		`KB = KiB per connection, from the first step to the last: (value at ${steps[steps.length - 1]} − value at ${steps[0]}) / ${steps[steps.length - 1] - steps[0]}. ` +
			'RSS is read first, as the quiet server has it; then, through the inspector, a full collection and `process.memoryUsage()` ' +
			'(RSS after GC, heap used, external): what the connections hold alive, without the garbage the connecting left behind.',
		'',
		...(context.options.snapshots
			? ['**Heap snapshots were taken at every step** (`--snapshots`): each inflates the RSS of the steps after it, so compare heap figures only.', '']
			: []),
		summaryTable(runs, steps),
		'',
		...ratioLines(runs, steps),
		'',
		...(oursDb ? ["Ours' PostgreSQL backends are separate processes and are **not** counted above; their PSS is under Steps (db PSS MB).", ''] : []),
		'## Steps',
		'',
		stepsTable(runs),
		...(problems.length ? ['', '## Failures', '', ...problems] : []),
		''
	].join('\n');
}
