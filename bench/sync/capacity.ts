import type { ServerName } from './plan';
import type { RunMeasurement } from './run-one';
import { summarize } from './summary';
import { fixed, ms } from './table';

/** A generator process this busy cannot keep its schedule: its figures describe the rig. */
const generatorBusyPct = 90;
/** Send lag p99 at or above this share of the p99 limit means the generator's loop stalls, not the server. */
const rigLagShare = 0.2;
/** Above this, other processes used the machine during the window (see report.ts). */
const busyMachinePct = 15;

export type StepVerdict = {
	sustained: boolean;
	/** Why the step failed (p99, losses, a failed run). */
	failures: string[];
	/** Why the rig, not the server, may have set the figures. */
	rigLimits: string[];
	/** Other processes on the machine. */
	busyMachine: string | null;
};

export type CapacityStep = {
	rate: number;
	/** 1 for the first try of this step, 2 for its first retry… */
	attempt: number;
	run: RunMeasurement;
	verdict: StepVerdict;
};

/** How many cores a taskset -c list names. */
export function coreCount(list: string): number {
	let count = 0;
	for (const part of list.split(',')) {
		const [low, high] = part.split('-').map(Number);
		count += high === undefined ? 1 : high - low + 1;
	}
	return count;
}

/** Whether one step held: p99 under the limit, every write delivered (and for ours stored), no refusals or drops. */
export function judgeStep(run: RunMeasurement, p99LimitMs: number, generatorCores: string): StepVerdict {
	const failures: string[] = [];
	const rigLimits: string[] = [];
	const single = run.result && !run.error ? summarize(run.server, [run]) : null;
	if (!single || !run.result) {
		failures.push(`run failed: ${(run.error ?? 'no result').split('\n')[0]}`);
		return { sustained: false, failures, rigLimits, busyMachine: null };
	}
	if (single.propagation.p99 >= p99LimitMs) failures.push(`p99 ${ms(single.propagation.p99)} ms ≥ ${p99LimitMs}`);
	if (single.incomplete > 0) failures.push(`${single.incomplete} of ${single.sent} writes incomplete`);
	if (run.server === 'ours') {
		const unstored = run.result.sent - run.result.stored;
		if (unstored > 0) failures.push(`${unstored} writes never confirmed stored`);
	}
	for (const [code, n] of Object.entries(run.result.closeCodes)) failures.push(`${n}× closed ${code}`);
	for (const [code, n] of Object.entries(run.result.refusals)) failures.push(`${n}× refused ${code}`);

	const lagLimit = p99LimitMs * rigLagShare;
	if (single.sendLag.p99 >= lagLimit) rigLimits.push(`send lag p99 ${ms(single.sendLag.p99)} ms ≥ ${lagLimit}`);
	run.generators.forEach((generator, i) => {
		if (generator.cpuPct >= generatorBusyPct) rigLimits.push(`generator ${i + 1} at ${fixed(generator.cpuPct)} % CPU`);
	});
	const cores = coreCount(generatorCores);
	if (run.generators.length > 1 && run.generatorCpuPct >= generatorBusyPct * cores) {
		rigLimits.push(`generators together at ${fixed(run.generatorCpuPct)} % of ${cores} core(s)`);
	}
	const busyMachine = run.otherCpuPct > busyMachinePct ? `other CPU ${fixed(run.otherCpuPct)} %` : null;
	return { sustained: failures.length === 0, failures, rigLimits, busyMachine };
}

export type Measure = (server: ServerName, step: number, position: number, rate: number) => Promise<RunMeasurement>;

/**
 * Steps the rate up. At each step every server still climbing gets a fresh run (the order
 * reverses from step to step), tried up to `retries` more times when it does not hold; a
 * server leaves at its first step that does not hold.
 */
export async function climb(
	servers: ServerName[],
	steps: number[],
	retries: number,
	measure: Measure,
	judge: (run: RunMeasurement) => StepVerdict,
	log: (line: string) => void
): Promise<CapacityStep[]> {
	const done: CapacityStep[] = [];
	let climbing = [...servers];
	for (const [stepIndex, rate] of steps.entries()) {
		if (climbing.length === 0) break;
		const order = stepIndex % 2 === 0 ? climbing : [...climbing].reverse();
		for (const [position, server] of order.entries()) {
			let held = false;
			for (let attempt = 1; attempt <= 1 + retries && !held; attempt++) {
				log(`${rate} writes/s: ${server}${attempt > 1 ? ` (try ${attempt})` : ''}…`);
				const run = await measure(server, stepIndex + 1, position + 1, rate);
				const verdict = judge(run);
				done.push({ rate, attempt, run, verdict });
				log(`  ${verdictLine(run, verdict)}`);
				held = verdict.sustained;
			}
			if (!held) climbing = climbing.filter((name) => name !== server);
		}
	}
	return done;
}

function verdictLine(run: RunMeasurement, verdict: StepVerdict): string {
	const single = run.result && !run.error ? summarize(run.server, [run]) : null;
	const figures = single
		? `p99 ${ms(single.propagation.p99)} ms, server CPU ${fixed(single.serverCpuPct)} %, ` +
			`gen CPU ${run.generators.map((g) => fixed(g.cpuPct)).join('+')} %, send lag p99 ${ms(single.sendLag.p99)} ms, other CPU ${fixed(run.otherCpuPct)} %: `
		: '';
	const notes = [...verdict.failures, ...verdict.rigLimits.map((limit) => `rig: ${limit}`)];
	if (verdict.busyMachine) notes.push(`busy machine: ${verdict.busyMachine}`);
	return `${figures}${verdict.sustained ? 'held' : 'NOT held'}${notes.length ? ` (${notes.join('; ')})` : ''}`;
}
