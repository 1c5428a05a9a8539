import { writeResults } from '../board/results';
import type { BenchOptions } from './options';
import type { ServerName } from './plan';
import { generatorsTable, instancesTable } from './process-tables';
import type { RunMeasurement } from './run-one';
import { summarize, type ServerSummary } from './summary';
import { fixed, markdownTable, ms, ratio } from './table';

export type RunContext = {
	startedAt: Date;
	options: BenchOptions;
	environment: string[];
	/** Servers that were skipped, with the reason. */
	skipped: Partial<Record<ServerName, string>>;
};

/** Issue 18's target: p99 at most 1.1× the plain server (1.25× in the sync-server issue), and below Hocuspocus. */
const plainTarget = 1.1;

function summaryTable(summaries: ServerSummary[]): string {
	const headers = ['server', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'accepted/s', 'incomplete', 'B/update',
		'server CPU %', 'server RSS MB', 'db CPU %', 'gen CPU %', 'send lag p99 ms', 'stored p99 ms'];
	const rows = summaries.map((s) => [
		s.server, ms(s.propagation.p50), ms(s.propagation.p95), ms(s.propagation.p99), ms(s.propagation.max),
		fixed(s.acceptedPerSecond, 1), String(s.incomplete), fixed(s.bytesPerUpdate), fixed(s.serverCpuPct, 1),
		fixed(s.serverPeakRssMb), fixed(s.databaseCpuPct, 1), fixed(s.generatorCpuPct, 1), ms(s.sendLag.p99),
		ms(s.stored?.p99)
	]);
	return markdownTable(headers, rows);
}

function ratioLines(summaries: ServerSummary[]): string[] {
	const find = (name: ServerName) => summaries.find((s) => s.server === name);
	const ours = find('ours');
	if (!ours) return ['No ratios: our server has no successful run.'];
	const lines: string[] = [];
	for (const [name, limit, label] of [['plain', plainTarget, `≤ ${plainTarget}×`], ['hocuspocus', 1, '< 1×']] as const) {
		const other = find(name);
		if (!other) continue;
		const p99 = ours.propagation.p99 / other.propagation.p99;
		const met = name === 'plain' ? p99 <= limit : p99 < limit;
		lines.push(
			`- ours / ${name}: p50 ${ratio(ours.propagation.p50, other.propagation.p50)}, ` +
				`p95 ${ratio(ours.propagation.p95, other.propagation.p95)}, p99 ${ratio(ours.propagation.p99, other.propagation.p99)} ` +
				`(target p99 ${label}: ${met ? 'met' : 'NOT met'})`
		);
	}
	return lines;
}

function incidentsOf(run: RunMeasurement): string {
	const notes: string[] = [];
	if (run.error) notes.push(`FAILED: ${run.error.split('\n')[0]}`);
	const result = run.result;
	if (result) {
		for (const [code, n] of Object.entries(result.closeCodes)) notes.push(`${n}× closed ${code}`);
		for (const [code, n] of Object.entries(result.refusals)) notes.push(`${n}× refused ${code}`);
	}
	if (run.serverLogLines > 0) notes.push(`${run.serverLogLines} server log lines`);
	return notes.join('; ') || '—';
}

function roundsTable(measurements: RunMeasurement[]): string {
	const headers = ['round', 'order', 'server', 'p50 ms', 'p99 ms', 'accepted/s', 'server CPU %', 'gen CPU %', 'other CPU %', 'send lag p99 ms', 'stored p99 ms', 'connect s', 'incidents'];
	const rows = measurements.map((run) => {
		const single = run.result && !run.error ? summarize(run.server, [run]) : null;
		return [
			String(run.round), String(run.position), run.server, ms(single?.propagation.p50), ms(single?.propagation.p99),
			fixed(single?.acceptedPerSecond, 1), fixed(single?.serverCpuPct, 1), fixed(single?.generatorCpuPct, 1),
			fixed(run.result ? run.otherCpuPct : null, 1), ms(single?.sendLag.p99), ms(single?.stored?.p99), fixed(run.result ? run.result.connectMs / 1000 : null, 1), incidentsOf(run)
		];
	});
	return markdownTable(headers, rows, 3, true);
}

function details(measurements: RunMeasurement[], context: RunContext): string[] {
	const lines: string[] = [];
	for (const [server, reason] of Object.entries(context.skipped)) lines.push(`- ${server} skipped: ${reason}`);
	for (const run of measurements) {
		const examples = run.result?.refusalExamples ?? [];
		if (examples.length) lines.push(`- ${run.server} round ${run.round} refusals, e.g.: ${examples.map((e) => `\`${e}\``).join(', ')}`);
		if (run.error) lines.push(`- ${run.server} round ${run.round} failed: ${run.error}`);
		if (run.serverLogTail.length) {
			lines.push(`- ${run.server} round ${run.round} server output (last lines):`, '', '```', ...run.serverLogTail, '```', '');
		}
	}
	return lines;
}

/** Above this, other processes competed for the two cores and the figures say little. */
const quietLimitPct = 15;

function quietnessLines(measurements: RunMeasurement[]): string[] {
	const busiest = Math.max(0, ...measurements.filter((run) => run.result).map((run) => run.otherCpuPct));
	if (busiest <= quietLimitPct) return [];
	return [
		`**The machine was not quiet:** other processes used up to ${busiest.toFixed(0)} % CPU during a measured window ` +
			'(see "other CPU %" under Rounds). Their load lands on the pinned cores too; rerun on an idle machine before trusting the tails.',
		''
	];
}

export function renderReport(measurements: RunMeasurement[], context: RunContext): string {
	const summaries = context.options.servers
		.map((server) => summarize(server, measurements))
		.filter((s): s is ServerSummary => s !== null);
	const o = context.options;
	const extra = details(measurements, context);
	const runs = measurements.map((run) => ({ run, rate: o.rate }));
	const split = [
		...(o.generators > 1 ? [`${o.generators} generator processes (documents split round robin; server and gen CPU are sums over processes)`] : []),
		...(o.instances > 1 ? [`ours as ${o.instances} instances sharing the database and Redis (server CPU and RSS summed over instances)`] : [])
	];
	return [
		`# Sync benchmark, ${context.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
		'',
		`${o.clients} clients over ${o.docs} documents (${o.writersPerDoc} writers each, the rest read), ` +
			`${o.rate} progress writes/s in all, ${o.seconds} s measured after ${o.warmupSeconds} s warm-up, ` +
			`${o.rounds} round(s), order reversed every round.`,
		...(split.length ? ['', `${split.join('; ')}.`] : []),
		'',
		...context.environment.map((line) => `- ${line}`),
		'',
		'Latency: writer send → every other client of the document has the update (HDR, all rounds pooled).',
		'',
		summaryTable(summaries),
		'',
		...ratioLines(summaries),
		'',
		...quietnessLines(measurements),
		'## Rounds',
		'',
		roundsTable(measurements),
		...(o.instances > 1 ? ['', '## Our instances', '', instancesTable(runs, false)] : []),
		...(o.generators > 1 ? ['', '## Generator processes', '', generatorsTable(runs, false)] : []),
		...(extra.length ? ['', '## Incidents', '', ...extra] : []),
		''
	].join('\n');
}

/** Writes `sync-<date>.md` and `.json` and returns the Markdown path. */
export function writeReport(markdown: string, measurements: RunMeasurement[], context: RunContext): string {
	const summaries = context.options.servers.map((server) => summarize(server, measurements));
	return writeResults(context.options.outDir, 'sync', context.startedAt, markdown, { ...context, summaries, measurements })[0];
}
