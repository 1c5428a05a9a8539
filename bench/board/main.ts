// `npm run bench -- board`: what one household change costs the task board's figures.
// ProgressBoard.apply (only the changed building, its liaisons and the task move) against
// recomputing every tally (ProgressBoard.recomputeAll) and against re-reading the whole task
// from the Y.Doc and tallying it (what a board without the incremental path would do).
import { parseArgs } from 'node:util';
import * as Y from 'yjs';
import { progressStatuses, type ProgressEntry } from '../../src/lib/domain/community-doc';
import { buildingState, tallyHouseholds } from '../../src/lib/domain/progress';
import { ProgressBoard } from '../../src/lib/domain/progress-board';
import { createTask, markHousehold, taskOf } from '../../src/lib/domain/task-doc';
import { readTask } from '../../src/lib/domain/task-view';
import { markdownTable } from '../sync/table';
import { benchBuildings, seededRandom, type BenchBuilding } from './community';
import { duration, machine, summarize, times, writeResults, type Timing } from './results';

const usage = `Usage: npm run bench -- board [options]
  --buildings N     buildings in the task (default 5000)
  --changes N       household changes timed on the incremental path (default 1000)
  --full N          of those, how many are also timed with a full recompute (default 200)
  --document N      and with a full re-read of the task from the Y.Doc (default 30)
  --prefill F       share of households already marked before timing (default 0.3)
  --seed N          random seed (default 5)
  --out DIR         where the tables go (default bench/results)
  --quick           a smoke run: 1,000 buildings, 200 changes`;

function options() {
	const { values } = parseArgs({
		options: {
			buildings: { type: 'string', default: '5000' },
			changes: { type: 'string', default: '1000' },
			full: { type: 'string', default: '200' },
			document: { type: 'string', default: '30' },
			prefill: { type: 'string', default: '0.3' },
			seed: { type: 'string', default: '5' },
			out: { type: 'string', default: 'bench/results' },
			quick: { type: 'boolean', default: false },
			help: { type: 'boolean', default: false }
		}
	});
	if (values.quick) Object.assign(values, { buildings: '1000', changes: '200', full: '50', document: '10' });
	if (values.help) {
		console.log(usage);
		process.exit(0);
	}
	const number = (name: keyof typeof values) => {
		const value = Number(values[name]);
		if (!(value >= 0) || Number.isNaN(value)) throw new Error(`--${name} must be a number (got "${values[name]}")`);
		return value;
	};
	return {
		buildings: number('buildings'),
		changes: number('changes'),
		full: Math.min(number('full'), number('changes')),
		document: Math.min(number('document'), number('changes')),
		prefill: number('prefill'),
		seed: number('seed'),
		out: String(values.out)
	};
}

type Change = { building: BenchBuilding; code: string; entry: ProgressEntry | null };

function main() {
	const opts = options();
	const startedAt = new Date();
	const rig = machine();
	const random = seededRandom(opts.seed);
	const buildings = benchBuildings(opts.buildings, random);
	const households = buildings.reduce((sum, b) => sum + b.codes.length, 0);
	const liaisons = new Set(buildings.map((b) => b.microGrid)).size;
	const liaisonOf = (id: string) => [`liaison${buildings[Number(id.slice(1))].microGrid}`];
	const statuses = [...progressStatuses];
	const randomChange = (at: number): Change => {
		const building = buildings[Math.floor(random() * buildings.length)];
		const code = building.codes[Math.floor(random() * building.codes.length)];
		// One change in eight clears a mark, as a mistaken tap taken back.
		const entry = random() < 0.125 ? null : { s: statuses[Math.floor(random() * statuses.length)], by: liaisonOf(building.id)[0], at };
		return { building, code, entry };
	};

	// The same state in a ProgressBoard and in a Y.Doc task, as the page has both.
	console.log(`Preparing ${buildings.length.toLocaleString('en-US')} buildings, ${households.toLocaleString('en-US')} households…`);
	const doc = new Y.Doc();
	createTask(doc, { id: 'bench', title: 'bench', kind: 'check', instructions: '', createdBy: 'chief', createdAt: 0, dueAt: null, scope: buildings.map((b) => b.id) });
	const initial = new Map<string, Record<string, ProgressEntry>>();
	let at = 1;
	doc.transact(() => {
		for (const building of buildings) {
			const marks: Record<string, ProgressEntry> = {};
			for (const code of building.codes) {
				if (random() >= opts.prefill) continue;
				marks[code] = { s: statuses[Math.floor(random() * statuses.length)], by: liaisonOf(building.id)[0], at: at++ };
				markHousehold(doc, 'bench', building.id, code, marks[code]);
			}
			initial.set(building.id, marks);
		}
	});
	const board = new ProgressBoard({ buildings: buildings.map((b) => ({ id: b.id, codes: b.codes, marks: initial.get(b.id) })), liaisonOf });

	// Warm-up: the JIT sees each path before it is timed.
	for (let i = 0; i < 300; i++) {
		const { building, code, entry } = randomChange(at++);
		markHousehold(doc, 'bench', building.id, code, entry);
		board.apply(building.id, code, entry);
	}
	board.recomputeAll();

	const incremental: number[] = [];
	const full: number[] = [];
	const fromDocument: number[] = [];
	let sink = 0;
	for (let i = 0; i < opts.changes; i++) {
		const { building, code, entry } = randomChange(at++);
		markHousehold(doc, 'bench', building.id, code, entry);

		let start = performance.now();
		board.apply(building.id, code, entry);
		const tally = board.building(building.id)!;
		sink += buildingState(tally).length + board.task().done;
		incremental.push(performance.now() - start);

		if (i < opts.full) {
			start = performance.now();
			const all = board.recomputeAll();
			sink += buildingState(all.buildings.get(building.id)!).length + all.task.done;
			full.push(performance.now() - start);
		}
		if (i < opts.document) {
			start = performance.now();
			const view = readTask('bench', taskOf(doc, 'bench')!);
			let done = 0;
			for (const b of buildings) done += tallyHouseholds(b.codes, view.progress[b.id] ?? {}).done;
			sink += done;
			fromDocument.push(performance.now() - start);
		}
	}

	// The incremental figures must be the full recompute's, or the comparison means nothing.
	const snapshot = board.snapshot();
	const all = board.recomputeAll();
	const same = JSON.stringify([...snapshot.buildings, ...snapshot.liaisons, snapshot.task]) === JSON.stringify([...all.buildings, ...all.liaisons, all.task]);
	const view = readTask('bench', taskOf(doc, 'bench')!);
	const matchesDocument = buildings.every((b) => JSON.stringify(tallyHouseholds(b.codes, view.progress[b.id] ?? {})) === JSON.stringify(snapshot.buildings.get(b.id)));
	if (!same || !matchesDocument) throw new Error('the incremental board does not match the full recompute');

	const rows: { name: string; timing: Timing }[] = [
		{ name: 'ProgressBoard.apply (incremental)', timing: summarize(incremental) },
		{ name: 'ProgressBoard.recomputeAll (full)', timing: summarize(full) },
		{ name: 'readTask + tally every building (from the Y.Doc)', timing: summarize(fromDocument) }
	];
	const base = rows[0].timing;
	const table = markdownTable(
		['derivation after one household change', 'samples', 'median', 'p99', 'max', 'median ×', 'p99 ×'],
		rows.map(({ name, timing }) => [
			name,
			String(timing.samples),
			duration(timing.median),
			duration(timing.p99),
			duration(timing.max),
			times(timing.median, base.median),
			times(timing.p99, base.p99)
		])
	);
	const markdown = [
		`# Board derivation benchmark, ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
		'',
		`${buildings.length.toLocaleString('en-US')} buildings, ${households.toLocaleString('en-US')} households ` +
			`(${(households / buildings.length).toFixed(0)} a building), ${liaisons} liaisons, ` +
			`${Math.round(opts.prefill * 100)} % marked before timing, seed ${opts.seed}.`,
		'',
		table,
		'',
		'Ratios are against the incremental path. Each timed change is applied to the Y.Doc first (not timed); the',
		'incremental row is `apply` plus reading the building tally, its map state and the task tally. After the',
		'run, the incremental tallies equal a full recompute and a fresh read of the document (checked).',
		'',
		...rig.map((line) => `- ${line}`)
	].join('\n');
	console.log(`\n${markdown}\n`);
	const files = writeResults(opts.out, 'board', startedAt, markdown, { options: opts, households, liaisons, rows, machine: rig, sink });
	console.log(`Written: ${files.join(', ')}`);
}

main();
