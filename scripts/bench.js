// `npm run bench [-- <name>] [options]`: runs one benchmark, or every one when no name is given.
// Each lives in bench/<name>/main.ts; `npm run bench -- sync --help` lists its options.
import { spawnSync } from 'node:child_process';

/** @type {Record<string, string>} */
const benchmarks = {
	sync: 'bench/sync/main.ts',
	'task-map': 'bench/task-map/main.ts',
	board: 'bench/board/main.ts',
	geometry: 'bench/geometry/main.ts',
	matters: 'bench/matters/main.ts',
	coverage: 'bench/coverage/main.ts',
	dashboard: 'bench/dashboard/main.ts',
	'long-life': 'bench/long-life/main.ts',
	idle: 'bench/idle/main.ts',
	phone: 'bench/phone/main.ts'
};

const [first, ...rest] = process.argv.slice(2);
const named = first !== undefined && !first.startsWith('-');
if (named && !(first in benchmarks)) {
	console.error(`Unknown benchmark "${first}". Known: ${Object.keys(benchmarks).join(', ')}`);
	process.exit(2);
}
const names = named ? [first] : Object.keys(benchmarks);
const args = named ? rest : process.argv.slice(2);

for (const name of names) {
	const result = spawnSync(process.execPath, ['--import', 'tsx', benchmarks[name], ...args], { stdio: 'inherit' });
	if (result.status !== 0) process.exit(result.status ?? 1);
}
