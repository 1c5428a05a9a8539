import { writeResults } from '../board/results';
import type { CapacityStep } from './capacity';
import type { ServerName } from './plan';
import { generatorsTable, instancesTable } from './process-tables';
import type { RunContext } from './report';
import { summarize } from './summary';
import { fixed, markdownTable, ms } from './table';

type Outcome = {
	server: ServerName;
	/** The highest step that held (every lower one held too). */
	best: CapacityStep | null;
	/** The first step that did not hold; null when every step held. */
	stop: CapacityStep | null;
};

function outcomes(steps: CapacityStep[], servers: ServerName[]): Outcome[] {
	return servers.map((server) => {
		const own = steps.filter((step) => step.run.server === server);
		const best = own.filter((step) => step.verdict.sustained).at(-1) ?? null;
		// The last try of the step that stopped the climb (earlier tries of held steps do not count).
		const stop = own.filter((step) => !step.verdict.sustained && !own.some((o) => o.rate === step.rate && o.verdict.sustained)).at(-1) ?? null;
		return { server, best, stop };
	});
}

function genCpu(step: CapacityStep): string {
	const each = step.run.generators.map((g) => fixed(g.cpuPct));
	return each.length > 1 ? `${fixed(step.run.generatorCpuPct)} (${each.join(' + ')})` : fixed(step.run.generatorCpuPct);
}

function stoppedBy(outcome: Outcome, lastStep: number): string {
	if (!outcome.stop) return outcome.best?.rate === lastStep ? 'nothing: the last step held, add higher --steps' : '—';
	const { verdict } = outcome.stop;
	const why = verdict.failures.join('; ');
	if (verdict.rigLimits.length) return `the rig? ${why}, while ${verdict.rigLimits.join(', ')}`;
	return `the server: ${why}${verdict.busyMachine ? ` (busy machine: ${verdict.busyMachine})` : ''}`;
}

function capacityTable(results: Outcome[], lastStep: number, instances: boolean): string {
	const headers = ['server', 'highest held writes/s', 'p99 ms', 'sched p99 ms', 'server CPU %', 'db CPU %',
		...(instances ? ['Redis CPU %'] : []), 'gen CPU %', 'send lag p99 ms', 'stopped at', 'stopped by'];
	const rows = results.map((outcome) => {
		const best = outcome.best;
		const single = best ? summarize(best.run.server, [best.run]) : null;
		return [
			outcome.server,
			best ? String(best.rate) : 'none',
			ms(single?.propagation.p99),
			ms(single?.fromSchedule.p99),
			fixed(best?.run.serverCpuPct, 1),
			fixed(best?.run.databaseCpuPct, 1),
			...(instances ? [fixed(best?.run.redisCpuPct, 1)] : []),
			best ? genCpu(best) : '—',
			ms(single?.sendLag.p99),
			outcome.stop ? `${outcome.stop.rate}/s` : '—',
			stoppedBy(outcome, lastStep)
		];
	});
	return markdownTable(headers, rows, 1, true);
}

function stepsTable(steps: CapacityStep[], instances: boolean): string {
	const headers = ['rate', 'try', 'server', 'p50 ms', 'p99 ms', 'sched p99 ms', 'accepted/s', 'incomplete', 'unstored',
		'server CPU %', 'db CPU %', ...(instances ? ['Redis CPU %'] : []), 'gen CPU %', 'send lag p99 ms', 'other CPU %', 'verdict'];
	const rows = steps.map((step) => {
		const { run, verdict } = step;
		const single = run.result && !run.error ? summarize(run.server, [run]) : null;
		const unstored = run.server === 'ours' && run.result ? String(run.result.sent - run.result.stored) : '—';
		const notes = [...verdict.failures, ...verdict.rigLimits.map((limit) => `RIG: ${limit}`)];
		if (verdict.busyMachine) notes.push(`busy machine: ${verdict.busyMachine}`);
		return [
			String(step.rate), String(step.attempt), run.server, ms(single?.propagation.p50), ms(single?.propagation.p99), ms(single?.fromSchedule.p99),
			fixed(single?.acceptedPerSecond, 1), single ? String(single.incomplete) : '—', unstored,
			fixed(single?.serverCpuPct, 1), fixed(run.databaseCpuPct, 1), ...(instances ? [fixed(run.redisCpuPct, 1)] : []),
			genCpu(step), ms(single?.sendLag.p99), fixed(run.result ? run.otherCpuPct : null), `${verdict.sustained ? 'held' : 'NOT held'}${notes.length ? `: ${notes.join('; ')}` : ''}`
		];
	});
	return markdownTable(headers, rows, 3, true);
}

/** The issue's capacity target: ours sustains at least plain's rate. */
function targetLine(results: Outcome[]): string {
	const ours = results.find((o) => o.server === 'ours');
	const plain = results.find((o) => o.server === 'plain');
	if (!ours || !plain) return 'No capacity ratio: it needs both ours and plain.';
	const oursRate = ours.best?.rate ?? 0;
	const plainRate = plain.best?.rate ?? 0;
	const rateOf = (rate: number) => (rate > 0 ? `${rate} writes/s` : 'no step');
	const rig = (o: Outcome) => (o.stop ? o.stop.verdict.rigLimits.length > 0 : true);
	let verdict: string;
	if (oursRate >= plainRate) {
		verdict = rig(ours) && rig(plain) ? 'met, but the rig (or the last step) stopped both: it shows no server limit' : 'met';
	} else {
		verdict = rig(ours) ? 'inconclusive: the rig was at its limit when ours stopped' : 'NOT met';
	}
	return `- ours held ${rateOf(oursRate)} against plain's ${rateOf(plainRate)} (target ours ≥ plain: ${verdict})`;
}

export function renderCapacityReport(steps: CapacityStep[], context: RunContext): string {
	const o = context.options;
	const results = outcomes(steps, o.servers);
	const instances = o.instances > 1;
	const last = o.steps.at(-1) ?? 0;
	const runs = steps.map((step) => ({ run: step.run, rate: step.rate }));
	const busiest = Math.max(0, ...steps.map((step) => (step.run.result ? step.run.otherCpuPct : 0)));
	return [
		`# Sync capacity, ${context.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
		'',
		`${o.clients} clients over ${o.docs} documents (${o.writersPerDoc} writers each, the rest read); ` +
			`steps ${o.steps.join(', ')} writes/s, ${o.seconds} s measured after ${o.warmupSeconds} s warm-up per step, ` +
			`a fresh server and fresh generators per step${o.retries ? `, a step that did not hold tried up to ${o.retries} more time(s)` : ''}. A step holds when p99 < ${o.p99LimitMs} ms and every write ` +
			'reached every other client (for ours, was also confirmed stored), with no refusal or dropped socket.',
		'',
		...context.environment.map((line) => `- ${line}`),
		'',
		'## Capacity',
		'',
		capacityTable(results, last, instances),
		'',
		targetLine(results),
		'',
		'"the rig?" means the step failed while a generator process was near a full core or its send lag p99 was ' +
			`≥ ${o.p99LimitMs * 0.2} ms: the server's limit is then at least the highest rate that held, and may be higher. ` +
			'sched p99 counts from the scheduled send time, so it includes send lag.',
		'',
		...(busiest > 15
			? [`**The machine was not quiet:** other processes used up to ${busiest.toFixed(0)} % CPU during a step. Rerun on an idle machine before trusting the rates.`, '']
			: []),
		'## Steps',
		'',
		stepsTable(steps, instances),
		...(instances ? ['', '## Our instances', '', instancesTable(runs, true)] : []),
		...(o.generators > 1 ? ['', '## Generator processes', '', generatorsTable(runs, true)] : []),
		''
	].join('\n');
}

/** Writes `sync-capacity-<date>.md` and `.json` and returns the Markdown path. */
export function writeCapacityReport(markdown: string, steps: CapacityStep[], context: RunContext): string {
	return writeResults(context.options.outDir, 'sync-capacity', context.startedAt, markdown, { ...context, steps })[0];
}
