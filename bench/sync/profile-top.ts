/**
 * Summarises V8 CPU profiles (`node --cpu-prof`, as `npm run bench -- sync --profile DIR` writes
 * them): where the server spent its samples, by function (self time) and by file (self time
 * summed), so "where does the time go" is answered from a profile, not a guess.
 *
 *   npx tsx bench/sync/profile-top.ts DIR [--top N]
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

type CallFrame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

/** Self time in microseconds per profile node id. */
function selfTimes(profile: Profile): Map<number, number> {
	const times = new Map<number, number>();
	profile.samples.forEach((id, index) => times.set(id, (times.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
	return times;
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

function main() {
	const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string' } } });
	const dir = positionals[0];
	if (!dir) throw new Error('usage: npx tsx bench/sync/profile-top.ts DIR [--top N]');
	const top = Number(values.top ?? 25);
	for (const file of readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'))) {
		const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Profile;
		const byFunction = new Map<string, number>();
		const byFile = new Map<string, number>();
		let total = 0;
		const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
		const self = selfTimes(profile);
		for (const [id, micros] of self) {
			const { functionName, url, lineNumber } = nodes.get(id)!.callFrame;
			total += micros;
			addTo(byFunction, `${functionName || '(anonymous)'}  ${shortUrl(url)}:${lineNumber + 1}`, micros);
			addTo(byFile, shortUrl(url), micros);
		}
		// Inclusive: a function counted once per call path that reaches it (recursion counts twice).
		const inclusive = new Map<string, number>();
		for (const [id, micros] of inclusiveTimes(profile, nodes, self)) {
			const { functionName, url, lineNumber } = nodes.get(id)!.callFrame;
			if (!url) continue;
			addTo(inclusive, `${functionName || '(anonymous)'}  ${shortUrl(url)}:${lineNumber + 1}`, micros);
		}
		const idle = byFunction.get('(idle)  (native):0') ?? 0;
		console.log(`\n# ${file}: ${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s profiled, ${((100 * (total - idle)) / total).toFixed(1)} % busy`);
		console.log(table('self time by function', byFunction, total, top));
		console.log(table('self time by file', byFile, total, top));
		console.log(table('time including callees, by function', inclusive, total, top));
	}
}

main();
