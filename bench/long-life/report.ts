// The long-life report: summary against the targets, sizes, loads, memory, storms.
import type { SyncSettings } from '../../server/sync/settings';
import { duration, times, type Timing } from '../board/results';
import { markdownTable } from '../sync/table';
import type { SeedRecord } from './database';
import type { LoadTimings, Sizes } from './measure';
import type { LongLifeOptions } from './options';
import type { StormRun } from './storm';

export const loadTargetMs = 50;

const mb = (bytes: number) => (Math.abs(bytes) >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} kB`);
const count = (n: number) => n.toLocaleString('en-US');
const pct = (t: Timing) => `${duration(t.median)} / ${duration(t.p95)} / ${duration(t.max)}`;

export type ReportInput = {
	options: LongLifeOptions;
	machine: string[];
	database: string;
	reused: boolean;
	record: SeedRecord;
	sizes: Sizes;
	loads: LoadTimings[];
	storms: { first: StormRun; runs: StormRun[] };
	settings: SyncSettings;
};

export function renderReport(input: ReportInput): { markdown: string } {
	const { record, sizes, loads, storms, settings } = input;
	const worst = loads.reduce((a, b) => (b.total.p95 > a.total.p95 ? b : a));
	const warm = storms.runs.filter((run) => run.kind === 'warm');
	const cold = storms.runs.filter((run) => run.kind === 'cold');
	const worstOf = (runs: StormRun[]) => (runs.length ? Math.max(...runs.map((run) => run.allSyncedMs)) : NaN);
	const summary = markdownTable(
		['measure', 'value', 'against', 'ratio'],
		[
			...loads.map((load) => [`load p95, ${load.state}`, duration(load.total.p95), `target ${loadTargetMs} ms`, times(load.total.p95, loadTargetMs)]),
			...loads.map((load) => [`load p50, ${load.state}`, duration(load.total.median), `plain Y.applyUpdate p50 ${duration(load.plainApply.median)}`, times(load.total.median, load.plainApply.median)]),
			['stored document (snapshot + tail)', mb(sizes.snapshotBytes + sizes.logBytes), `live document encoded ${mb(sizes.encodedBytes)}`, times(sizes.snapshotBytes + sizes.logBytes, sizes.encodedBytes)],
			['heap of one loaded document', mb(worst.heapBytes), `plain Y.Doc ${mb(worst.plainHeapBytes)}`, times(worst.heapBytes, worst.plainHeapBytes)],
			[`warm storm, all ${input.options.clients} synced (worst round)`, duration(worstOf(warm)), `server start ${duration(warm[0]?.startMs)}`, '—'],
			[`cold storm, all ${input.options.clients} synced (worst round)`, duration(worstOf(cold)), `warm ${duration(worstOf(warm))}`, times(worstOf(cold), worstOf(warm))]
		],
		1,
		false
	);
	const sizeRows = [
		['snapshot (yjs_snapshots.state)', mb(sizes.snapshotBytes), '—', '—'],
		[`log tail (yjs_updates, ${count(sizes.logRows)} rows)`, mb(sizes.logBytes), '—', '—'],
		['live document, Y.encodeStateAsUpdate', mb(sizes.encodedBytes), '—', '—'],
		[`state vector (${count(sizes.clientIds)} client ids)`, mb(sizes.stateVectorBytes), '—', '—'],
		...sizes.tables.map((t) => [`table ${t.table} (${count(t.rows)} rows)`, mb(t.totalBytes), mb(t.tableBytes), mb(t.indexBytes)]),
		['whole database', mb(sizes.databaseBytes), '—', '—']
	];
	const loadTable = markdownTable(
		['state', 'log rows', 'load p50 / p95 / max', 'read p50 / p95', 'build p50 / p95', 'archive pass p50 / p95', 'plain apply p50 / p95', 'p95 vs target'],
		loads.map((l) => [l.state, count(l.logRows), pct(l.total), `${duration(l.read.median)} / ${duration(l.read.p95)}`, `${duration(l.build.median)} / ${duration(l.build.p95)}`, `${duration(l.archive.median)} / ${duration(l.archive.p95)}`, `${duration(l.plainApply.median)} / ${duration(l.plainApply.p95)}`, times(l.total.p95, loadTargetMs)]),
		1
	);
	const memory = markdownTable(
		['what', 'bytes'],
		[
			...loads.map((l) => [`heap of one LiveDocument, ${l.state}`, mb(l.heapBytes)]),
			...loads.map((l) => [`heap still held after ${input.options.loadRuns + 3} loads, each destroyed, ${l.state}`, mb(l.keptAfterLoadsBytes)]),
			...loads.map((l) => [`heap of a plain Y.Doc of the same bytes, ${l.state}`, mb(l.plainHeapBytes)]),
			['server RSS after start, nothing loaded (first start)', mb(storms.first.serverRssBeforeBytes)],
			[`server RSS with the document and ${input.options.clients} clients (first connection)`, mb(storms.first.serverRssAfterBytes)]
		]
	);
	const stormTable = markdownTable(
		['run', 'stop', 'start', 'per client p50 / p95 / max', 'all synced', 'behind', 'RSS after'],
		[storms.first, ...storms.runs].map((run) => [
			run.round === 0 ? 'first connection (cold)' : `${run.kind} storm ${run.round}`,
			run.round === 0 ? '—' : duration(run.stopMs),
			duration(run.startMs),
			pct(run.perClient),
			duration(run.allSyncedMs),
			String(run.behind),
			mb(run.serverRssAfterBytes)
		]),
		1
	);
	const markdown = `# long-life: a community document after ${record.nights} nights

${input.machine.map((line) => `- ${line}`).join('\n')}
- database ${input.database} (PostgreSQL)${input.reused ? `, kept from an earlier run seeded ${record.seededAt}` : `, seeded in ${record.seedSeconds.toFixed(0)} s`}
- community: ${count(record.households)} households in ${record.buildings} buildings, ${record.liaisons} liaisons; ${record.nights} nightly tasks over every building, every household marked, ${record.archivedTasks} archived, ${record.liveTasks} still in the document, plus the open task of the evening after
- phones: ${(record.freshLoads ?? 1) >= 1 ? 'a fresh Yjs client id at every app load' : `one Yjs client id per phone, taken up again at each load; ${Math.round((record.freshLoads ?? 1) * 100)} % of loads take a fresh one`}
- settings: SYNC_COMPACT_AFTER_ROWS ${settings.compactAfterRows}, archiving after ${(settings.taskArchiveAfterMs / 86_400_000).toFixed(1)} days; ${input.options.loadRuns} timed loads per state after 3 unrecorded

## Summary

${summary}

${loadVerdict(loads)} The plain apply is the floor: the same bytes into a fresh Y.Doc, no database, no server state.

## Size on disk

${markdownTable(['what', 'total', 'table', 'indexes'], sizeRows, 1)}

Table sizes after \`vacuum analyze\`, as autovacuum keeps them; the log's table still holds the pages of folded rows.

## Load from snapshot and log tail

${loadTable}

*read*: the community row, snapshot + log rows + client-id owners, building places and task ids, in parallel as the server reads them. *build*: \`new LiveDocument\` (applying them to the Y.Doc, stored clocks, owners). *archive pass*: the server's archiving pass, started once the document is loaded; clients do not wait for it and *load* leaves it out (nothing due here).

## Memory

${memory}

## Reconnect storm

${stormTable}

Times run from the moment the new server printed that it listens until each client's provider reported \`synced\` (its sync step 2 arrived; the server loads the document on the first connection, everyone else waits for that load). *warm*: the clients keep their documents, as phones keep theirs; *cold*: every client starts from an empty Y.Doc and receives the whole document. *behind*: clients whose document lacks part of the stored one afterwards (must be 0). *stop*: SIGTERM until the old server exited.
`;
	return { markdown };
}

/** Whether every state's load p95 is under the target, in words (the summary used to state only the rule). */
function loadVerdict(loads: readonly { state: string; total: { p95: number } }[]): string {
	const over = loads.filter((load) => load.total.p95 >= loadTargetMs).map((load) => load.state);
	return over.length === 0 ? `Load p95 is under the ${loadTargetMs} ms target in every state: met.` : `Load p95 is ${loadTargetMs} ms or more (${over.join(', ')}): the target is not met.`;
}
