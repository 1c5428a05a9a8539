import type { RunMeasurement } from './run-one';
import { summarize } from './summary';
import { fixed, markdownTable, ms } from './table';

/** Per-process figures of each run, for reports with several instances or generators. */

function storedP99(run: RunMeasurement): number | null {
	return run.result && !run.error ? (summarize(run.server, [run])?.stored?.p99 ?? null) : null;
}

function runLabel(run: RunMeasurement, rateLabel: boolean, rate: number): string {
	return rateLabel ? `${rate}/s` : `round ${run.round}`;
}

/** Our instances: CPU and RSS each, with Redis and PostgreSQL beside them. */
export function instancesTable(runs: { run: RunMeasurement; rate: number }[], byRate: boolean): string {
	const headers = [byRate ? 'rate' : 'round', 'instance', 'pid', 'clients', 'CPU %', 'peak RSS MB', 'Redis CPU %', 'db CPU %', 'stored p99 ms'];
	const rows: string[][] = [];
	for (const { run, rate } of runs) {
		if (run.server !== 'ours' || run.instances.length === 0) continue;
		run.instances.forEach((instance, i) => {
			const first = i === 0;
			rows.push([
				first ? runLabel(run, byRate, rate) : '',
				String(i + 1),
				String(instance.pid),
				String(instance.clients),
				fixed(instance.cpuPct, 1),
				fixed(instance.peakRssMb),
				first ? fixed(run.redisCpuPct, 1) : '',
				first ? fixed(run.databaseCpuPct, 1) : '',
				first ? ms(storedP99(run)) : ''
			]);
		});
		rows.push(['', 'all', '', String(run.instances.reduce((n, i) => n + i.clients, 0)), fixed(run.serverCpuPct, 1), fixed(run.serverPeakRssMb), '', '', '']);
	}
	return markdownTable(headers, rows, 2);
}

/** The generator processes: how busy and how late each was. */
export function generatorsTable(runs: { run: RunMeasurement; rate: number }[], byRate: boolean): string {
	const headers = [byRate ? 'rate' : 'round', 'server', 'generator', 'docs', 'clients', 'CPU %', 'send lag p99 ms', 'peak RSS MB'];
	const rows: string[][] = [];
	for (const { run, rate } of runs) {
		run.generators.forEach((generator, i) => {
			rows.push([
				i === 0 ? runLabel(run, byRate, rate) : '',
				i === 0 ? run.server : '',
				String(i + 1),
				String(generator.docs),
				String(generator.clients),
				fixed(generator.cpuPct, 1),
				ms(generator.sendLagP99Ms),
				fixed(generator.peakRssMb)
			]);
		});
	}
	return markdownTable(headers, rows, 3);
}
