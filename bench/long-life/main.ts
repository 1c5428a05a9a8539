// `npm run bench -- long-life`: a community document after a year of nightly tasks: its size on
// disk, the sync server's load of it (snapshot alone, and snapshot + the longest log tail), its
// memory, and a reconnect storm of signed-in clients after a server restart.
import * as Y from 'yjs';
import { communityDocName } from '../../src/lib/domain/sync-protocol';
import { createSession, generateSessionToken } from '../../src/lib/server/auth';
import { closeDatabase, openDatabase, readDatabaseConfig } from '../../src/lib/server/db';
import { prepareApp } from '../../src/lib/server/startup';
import { readSyncSettings } from '../../server/sync/settings';
import { loadDocument } from '../../server/sync/persistence';
import { machine, writeResults } from '../board/results';
import { buildOursIfNeeded } from '../sync/build';
import { seedCommunity } from './community';
import { markSeeded, openLifeDatabase, type SeedRecord } from './database';
import { loadLive, serverParts } from './live-load';
import { measureSizes, parkLog, timeLoads } from './measure';
import { readOptions } from './options';
import { renderReport } from './report';
import { runStorms } from './storm';
import { writeTail, writeYear, YearWriter } from './year';

const log = (line: string) => console.log(line);

async function seed(nights: number, households: number, freshLoads: number, url: string): Promise<SeedRecord> {
	const started = performance.now();
	log(`Seeding ${nights} nights × ${households} households (one task a night over every building)…`);
	const plan = await seedCommunity(households);
	const settings = readSyncSettings(process.env);
	const writer = new YearWriter(serverParts(settings), plan, freshLoads);
	const now = Date.now();
	await writer.open(now);
	const year = await writeYear(writer, nights, log, now);
	log(`  the log folded into the snapshot; the evening after the year, stopped one row short of a fold…`);
	const tailRows = await writeTail(writer, nights, settings.compactAfterRows, now);
	await writer.close();
	const record: SeedRecord = {
		communityId: plan.communityId,
		docName: communityDocName(plan.communityId),
		secretaryId: plan.secretaryId,
		seededAt: new Date(now).toISOString(),
		seedSeconds: (performance.now() - started) / 1000,
		nights,
		households: plan.buildingIds.length * plan.doors.length,
		freshLoads,
		buildings: plan.buildingIds.length,
		liaisons: plan.liaisons.length,
		archivedTasks: year.archivedTasks,
		liveTasks: year.liveTasks,
		compactAfterRows: settings.compactAfterRows,
		archiveAfterMs: settings.taskArchiveAfterMs,
		tailRows
	};
	await markSeeded(url, record);
	log(`  seeded in ${record.seedSeconds.toFixed(0)} s: ${year.updates.toLocaleString('en-US')} updates, ${year.archivedTasks} tasks archived, ${year.liveTasks} live, tail ${tailRows} rows`);
	return record;
}

async function main() {
	const options = readOptions(process.argv.slice(2));
	const startedAt = new Date();
	const machineLines = machine();
	const database = await openLifeDatabase(options.nights, options.households, options.freshLoads, readSyncSettings(process.env).taskArchiveAfterMs, options.reseed);
	log(`Database ${database.name}${database.reused ? ` (kept from an earlier run, seeded ${database.seed!.seededAt})` : ''}`);
	process.env.DATABASE_URL = database.url;
	process.env.DEMO = '0';
	openDatabase(readDatabaseConfig(process.env));
	try {
		await prepareApp();
		const record = database.seed ?? (await seed(options.nights, options.households, options.freshLoads, database.url));
		const settings = readSyncSettings(process.env);
		// The last archiving pass of the year ran an hour before its end: loads at that clock archive nothing.
		const archiveNow = Date.parse(record.seededAt) - 3_600_000;

		log('Measuring sizes…');
		const probe = await loadLive(serverParts(settings), record.docName, record.communityId, archiveNow);
		const sizes = await measureSizes(record.docName, probe.document.doc);
		probe.document.destroy();

		log(`Timing ${options.loadRuns} loads of each state…`);
		await parkLog(record.docName, true);
		let snapshotOnly;
		try {
			snapshotOnly = await timeLoads('snapshot only', settings, record.docName, record.communityId, archiveNow, options.loadRuns);
		} finally {
			await parkLog(record.docName, false);
		}
		const withTail = await timeLoads(`snapshot + ${record.tailRows}-row log tail`, settings, record.docName, record.communityId, archiveNow, options.loadRuns);
		for (const timing of [snapshotOnly, withTail]) {
			log(`  ${timing.state}: p50 ${timing.total.median.toFixed(1)} ms, p95 ${timing.total.p95.toFixed(1)} ms (plain apply p50 ${timing.plainApply.median.toFixed(1)} ms)`);
		}

		log(`Reconnect storm: ${options.clients} clients, ${options.storms} round(s) of a warm and a cold restart…`);
		if (options.build) buildOursIfNeeded();
		const tokens: string[] = [];
		for (let i = 0; i < options.clients; i++) {
			const token = generateSessionToken();
			await createSession(token, record.secretaryId);
			tokens.push(token);
		}
		const storms = await runStorms({
			port: options.port,
			env: { DATABASE_URL: database.url, DATA_DIR: '' },
			docName: record.docName,
			tokens,
			rounds: options.storms,
			reference: async () => {
				const doc = new Y.Doc();
				for (const update of (await loadDocument(record.docName)).updates) Y.applyUpdate(doc, update);
				const vector = Y.decodeStateVector(Y.encodeStateVector(doc));
				doc.destroy();
				return vector;
			},
			progress: log
		});

		const report = renderReport({ options, machine: machineLines, database: database.name, reused: database.reused, record, sizes, loads: [snapshotOnly, withTail], storms, settings });
		console.log(`\n${report.markdown}`);
		const files = writeResults(options.out, 'long-life', startedAt, report.markdown, { options, machine: machineLines, record, sizes, loads: [snapshotOnly, withTail], storms });
		log(`\nWrote ${files.join(' and ')}`);
	} finally {
		await closeDatabase();
		// A seed that did not finish left no record: a kept database of it is seeded again next time.
		if (options.keep) log(`Kept database ${database.name} for the next run of this size (--reseed to rebuild it).`);
		else await database.drop();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
