/**
 * Summarises V8 CPU profiles (`node --cpu-prof`, as `npm run bench -- sync --profile DIR` writes
 * them): where the server spent its samples, by function (self time) and by file (self time
 * summed), so "where does the time go" is answered from a profile, not a guess.
 *
 *   npx tsx bench/sync/profile-top.ts DIR [--top N] [--from S] [--to S] [--stretches MS] [--stages]
 *
 * `--from`/`--to` keep the samples between those seconds of the profile (the measured window,
 * not start-up). `--stretches MS` adds what runs in busy stretches of at least MS: the time the
 * event loop could answer nobody, which is what a latency p99 sees (a garbage collection, a
 * database backend woken on the server's core) and an average hides. `--stages` adds the share of
 * a core each stage of a write took (`write-stages.ts`), to compare ours and plain stage by stage.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { stages, timeByStage, type Frame } from './write-stages';

type CallFrame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

type Sample = { id: number; at: number; micros: number };

/** The samples taken between `from` and `to` seconds after the profile started. */
function samplesWithin(profile: Profile, from: number, to: number): Sample[] {
	const samples: Sample[] = [];
	let at = profile.startTime;
	profile.samples.forEach((id, index) => {
		const micros = profile.timeDeltas[index] ?? 0;
		at += micros;
		const second = (at - profile.startTime) / 1e6;
		if (second >= from && second <= to) samples.push({ id, at, micros });
	});
	return samples;
}

/** Self time in microseconds per profile node id. */
function selfTimes(samples: readonly Sample[]): Map<number, number> {
	const times = new Map<number, number>();
	for (const { id, micros } of samples) times.set(id, (times.get(id) ?? 0) + micros);
	return times;
}

/** Runs of consecutive samples outside `(idle)` lasting at least `minMs`: when nothing else could run. */
function busyStretches(samples: readonly Sample[], isIdle: (id: number) => boolean, minMs: number): Sample[][] {
	const stretches: Sample[][] = [];
	let current: Sample[] = [];
	const close = () => {
		if (current.length > 0 && (current.at(-1)!.at - current[0].at + current[0].micros) / 1000 >= minMs) stretches.push(current);
		current = [];
	};
	for (const sample of samples) {
		if (isIdle(sample.id)) close();
		else current.push(sample);
	}
	close();
	return stretches;
}

/** A file's name short enough to read: the package, or the path under the project. */
function shortUrl(url: string): string {
	if (!url) return '(native)';
	const modules = url.lastIndexOf('node_modules/');
	if (modules >= 0) return url.slice(modules + 'node_modules/'.length);
	const project = url.indexOf(process.cwd());
	return project >= 0 ? url.slice(project + process.cwd().length + 1) : url.replace(/^file:\/\//, '');
}

/** Time in each node and everything it called, in microseconds. */
function inclusiveTimes(profile: Profile, nodes: Map<number, ProfileNode>, self: Map<number, number>): Map<number, number> {
	const totals = new Map<number, number>();
	const visit = (id: number): number => {
		const known = totals.get(id);
		if (known !== undefined) return known;
		let sum = self.get(id) ?? 0;
		for (const child of nodes.get(id)?.children ?? []) sum += visit(child);
		totals.set(id, sum);
		return sum;
	};
	for (const node of profile.nodes) visit(node.id);
	return totals;
}

function addTo(map: Map<string, number>, key: string, micros: number) {
	map.set(key, (map.get(key) ?? 0) + micros);
}

function table(title: string, rows: Map<string, number>, total: number, top: number): string {
	const lines = [`\n${title}`, '   ms      %  where'];
	for (const [key, micros] of [...rows].sort((a, b) => b[1] - a[1]).slice(0, top)) {
		lines.push(`${(micros / 1000).toFixed(0).padStart(6)} ${((100 * micros) / total).toFixed(1).padStart(6)}  ${key}`);
	}
	return lines.join('\n');
}

/** The stack of a profile node, leaf first. */
function stackOf(nodes: Map<number, ProfileNode>, parents: Map<number, number>, id: number): Frame[] {
	const stack: Frame[] = [];
	for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) stack.push(nodes.get(at)!.callFrame);
	return stack;
}

function stageTable(samples: readonly Sample[], nodes: Map<number, ProfileNode>, total: number): string {
	const parents = new Map<number, number>();
	for (const node of nodes.values()) for (const child of node.children ?? []) parents.set(child, node.id);
	const stacks = new Map<number, Frame[]>();
	const times = timeByStage(
		samples.map(({ id, micros }) => {
			if (!stacks.has(id)) stacks.set(id, stackOf(nodes, parents, id));
			return { stack: stacks.get(id)!, micros };
		})
	);
	const lines = ['\nshare of a core by stage of a write', '     %  stage'];
	for (const stage of stages) lines.push(`${((100 * times.get(stage)!) / total).toFixed(1).padStart(6)}  ${stage}`);
	return lines.join('\n');
}

function main() {
	const { values, positionals } = parseArgs({
		allowPositionals: true,
		options: { top: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, stretches: { type: 'string' }, stages: { type: 'boolean' } }
	});
	const dir = positionals[0];
	if (!dir) throw new Error('usage: npx tsx bench/sync/profile-top.ts DIR [--top N] [--from S] [--to S] [--stretches MS] [--stages]');
	const top = Number(values.top ?? 25);
	const from = Number(values.from ?? 0);
	const to = Number(values.to ?? Infinity);
	for (const file of readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'))) {
		const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Profile;
		const byFunction = new Map<string, number>();
		const byFile = new Map<string, number>();
		let total = 0;
		const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
		const label = (id: number) => {
			const { functionName, url, lineNumber } = nodes.get(id)!.callFrame;
			return `${functionName || '(anonymous)'}  ${shortUrl(url)}:${lineNumber + 1}`;
		};
		const samples = samplesWithin(profile, from, to);
		const self = selfTimes(samples);
		for (const [id, micros] of self) {
			total += micros;
			addTo(byFunction, label(id), micros);
			addTo(byFile, shortUrl(nodes.get(id)!.callFrame.url), micros);
		}
		// Inclusive: a function counted once per call path that reaches it (recursion counts twice).
		const inclusive = new Map<string, number>();
		for (const [id, micros] of inclusiveTimes(profile, nodes, self)) {
			if (!nodes.get(id)!.callFrame.url) continue;
			addTo(inclusive, label(id), micros);
		}
		const idle = byFunction.get('(idle)  (native):0') ?? 0;
		console.log(`\n# ${file}: ${(total / 1e6).toFixed(1)} s profiled, ${((100 * (total - idle)) / total).toFixed(1)} % busy`);
		console.log(table('self time by function', byFunction, total, top));
		console.log(table('self time by file', byFile, total, top));
		console.log(table('time including callees, by function', inclusive, total, top));
		if (values.stages) console.log(stageTable(samples, nodes, total));
		if (values.stretches === undefined) continue;
		const minMs = Number(values.stretches);
		const stretches = busyStretches(samples, (id) => nodes.get(id)!.callFrame.functionName === '(idle)', minMs);
		const inStretches = new Map<string, number>();
		let blocked = 0;
		for (const sample of stretches.flat()) {
			blocked += sample.micros;
			addTo(inStretches, label(sample.id), sample.micros);
		}
		console.log(`\n${stretches.length} busy stretches of ≥ ${minMs} ms (${(stretches.length / (total / 1e6)).toFixed(2)} per s), ${(blocked / 1000).toFixed(0)} ms in all`);
		console.log(table(`self time within them, by function (% of the ${(blocked / 1000).toFixed(0)} ms)`, inStretches, blocked, top));
	}
}

main();
