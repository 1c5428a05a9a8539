// `npm run bench -- board`: what one household change costs the figures the app shows, done
// the way the app does it. The task map (`TaskProgressMap`) re-tallies only the changed
// building with `tallyBuilding` and recolours it; the chief's board (`LiveBoard`) gets the
// task re-read from the Y.Doc (`LiveTasks` re-reads the touched task) and derives every card
// again (`boardCards`, `taskFigures`, the bucket counts and the sorted cards).
import { parseArgs } from 'node:util';
import * as Y from 'yjs';
import { TaskProgressMap, type FeatureStateTarget } from '../../src/lib/client/map/task-progress';
import { boardCards, bucketCounts, sortCards, taskFigures } from '../../src/lib/domain/board-cards';
import { capabilitiesOf } from '../../src/lib/domain/capabilities';
import { progressStatuses, type ProgressEntry } from '../../src/lib/domain/community-doc';
import { tallyBuilding } from '../../src/lib/domain/progress';
import type { TaskBuilding, TaskContext } from '../../src/lib/domain/task-context';
import { createTask, markHousehold, taskOf } from '../../src/lib/domain/task-doc';
import { readTask } from '../../src/lib/domain/task-view';
import { markdownTable } from '../sync/table';
import { benchBuildings, seededRandom, type BenchBuilding } from './community';
import { duration, machine, summarize, times, writeResults, type Timing } from './results';

const usage = `Usage: npm run bench -- board [options]
  --buildings N     buildings in the task (default 5000)
  --changes N       household changes timed on the map's path (default 1000)
  --full N          of those, how many are also timed with the board's card derivation (default 200)
  --document N      and with the board's whole path: the task re-read from the Y.Doc, then the cards (default 30)
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

/** The chief's page context over the bench community: one liaison a micro-grid, every code sent. */
function benchContext(buildings: readonly BenchBuilding[]): TaskContext {
	const micros = [...new Set(buildings.map((b) => b.microGrid))];
	const taskBuildings: TaskBuilding[] = buildings.map((b) => ({
		id: b.id,
		label: b.id,
		gridId: 'g',
		microGridId: `m${b.microGrid}`,
		compoundName: '',
		households: b.codes,
		householdCount: b.codes.length
	}));
	return {
		community: { id: 'c', name: 'bench' },
		capabilities: capabilitiesOf({ userId: 'chief', communityId: 'c', member: true, secretary: false, chiefGridIds: ['g'], liaisonMicroGridIds: [], watcher: false, propertyOrgIds: [] }),
		people: micros.map((m) => ({ id: `liaison${m}`, displayName: `联络员${m}`, phone: '', partyMember: false, roles: ['liaison'], gridIds: [], microGridIds: [`m${m}`] })),
		grids: [{ id: 'g', name: 'bench', chiefIds: ['chief'] }],
		microGrids: micros.map((m) => ({ id: `m${m}`, gridId: 'g', name: String(m), liaisonIds: [`liaison${m}`] })),
		buildings: taskBuildings
	};
}

const noMap: FeatureStateTarget = { setFeatureState() {}, removeFeatureState() {} };

function main() {
	const opts = options();
	const startedAt = new Date();
	const rig = machine();
	const random = seededRandom(opts.seed);
	const buildings = benchBuildings(opts.buildings, random);
	const households = buildings.reduce((sum, b) => sum + b.codes.length, 0);
	const liaisons = new Set(buildings.map((b) => b.microGrid)).size;
	const liaisonOf = (building: BenchBuilding) => `liaison${building.microGrid}`;
	const statuses = [...progressStatuses];
	const randomChange = (at: number): Change => {
		const building = buildings[Math.floor(random() * buildings.length)];
		const code = building.codes[Math.floor(random() * building.codes.length)];
		// One change in eight clears a mark, as a mistaken tap taken back.
		const entry = random() < 0.125 ? null : { s: statuses[Math.floor(random() * statuses.length)], by: liaisonOf(building), at };
		return { building, code, entry };
	};

	// The task in a Y.Doc, as the page has it; the map seeded from it, as its progress feed does.
	console.log(`Preparing ${buildings.length.toLocaleString('en-US')} buildings, ${households.toLocaleString('en-US')} households…`);
	const context = benchContext(buildings);
	const doc = new Y.Doc();
	createTask(doc, { id: 'bench', title: 'bench', kind: 'check', instructions: '', createdBy: 'chief', createdAt: 0, dueAt: null, scope: buildings.map((b) => b.id) });
	let at = 1;
	doc.transact(() => {
		for (const building of buildings) {
			for (const code of building.codes) {
				if (random() >= opts.prefill) continue;
				markHousehold(doc, 'bench', building.id, code, { s: statuses[Math.floor(random() * statuses.length)], by: liaisonOf(building), at: at++ });
			}
		}
	});
	const map = new TaskProgressMap({ buildings: context.buildings, target: noMap });
	const seedView = readTask('bench', taskOf(doc, 'bench')!);
	map.seed({ exists: true, scope: seedView.scope, progress: seedView.progress });
	map.flush();

	const now = Date.now();
	/** Everything LiveBoard derives from a new task view. */
	const deriveBoard = (view: ReturnType<typeof readTask>) => {
		const cards = boardCards(view, context, now);
		const figures = taskFigures(view, cards, now);
		return figures.tally.done + sortCards(cards, 'name').length + bucketCounts(cards)['done'];
	};
	const applyToMap = ({ building, code, entry }: Change) => {
		map.mark(building.id, code, entry);
		map.flush();
		return map.state(building.id)!.length;
	};

	// Warm-up: the JIT sees each path before it is timed.
	let view = seedView;
	for (let i = 0; i < 300; i++) {
		const change = randomChange(at++);
		markHousehold(doc, 'bench', change.building.id, change.code, change.entry);
		applyToMap(change);
	}
	view = readTask('bench', taskOf(doc, 'bench')!);
	for (let i = 0; i < 3; i++) deriveBoard(view);

	const mapPath: number[] = [];
	const cardsPath: number[] = [];
	const boardPath: number[] = [];
	let sink = 0;
	for (let i = 0; i < opts.changes; i++) {
		const change = randomChange(at++);
		markHousehold(doc, 'bench', change.building.id, change.code, change.entry);

		let start = performance.now();
		sink += applyToMap(change);
		mapPath.push(performance.now() - start);

		if (i < opts.document) {
			start = performance.now();
			view = readTask('bench', taskOf(doc, 'bench')!);
			sink += deriveBoard(view);
			boardPath.push(performance.now() - start);
		}
		if (i < opts.full) {
			if (i >= opts.document) view = readTask('bench', taskOf(doc, 'bench')!);
			start = performance.now();
			sink += deriveBoard(view);
			cardsPath.push(performance.now() - start);
		}
	}

	// The map's figures must be the board's and the document's, or the comparison means nothing.
	view = readTask('bench', taskOf(doc, 'bench')!);
	const boardTallies = new Map(boardCards(view, context, now).flatMap((card) => card.buildings.map((b) => [b.id, b.tally] as const)));
	const same = context.buildings.every((b) => {
		const expected = JSON.stringify(tallyBuilding(b, view.progress[b.id] ?? {}));
		return JSON.stringify(map.tally(b.id)) === expected && JSON.stringify(boardTallies.get(b.id)) === expected;
	});
	if (!same) throw new Error('the map, the board and the document do not agree on a building');

	const rows: { name: string; timing: Timing }[] = [
		{ name: 'map: TaskProgressMap.mark + flush', timing: summarize(mapPath) },
		{ name: 'board: cards from the task view', timing: summarize(cardsPath) },
		{ name: 'board: readTask + cards (what LiveBoard does)', timing: summarize(boardPath) }
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
		'Ratios are against the map row. Each timed change is applied to the Y.Doc first (not timed). The map row',
		're-tallies the changed building and recolours it; the board rows derive every card, the task figures, the',
		'bucket counts and the sorted cards, the last one after re-reading the task from the Y.Doc. After the run,',
		'every building reads the same tally on the map, on the board and from the document (checked).',
		'',
		...rig.map((line) => `- ${line}`)
	].join('\n');
	console.log(`\n${markdown}\n`);
	const files = writeResults(opts.out, 'board', startedAt, markdown, { options: opts, households, liaisons, rows, machine: rig, sink });
	console.log(`Written: ${files.join(', ')}`);
}

main();
