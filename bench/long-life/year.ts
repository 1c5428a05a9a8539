// A year of nightly tasks written through the sync server's own write chain, in this process:
// every change is made on a client Y.Doc with the app's accessors (createTask, acknowledge,
// markHousehold, closeTask), encoded as the phone would send it, and handed to a real
// `LiveDocument` (`onUpdate`), which checks it against the write rules, applies it, projects it
// into progress_events / tasks / task_acks, stores it through the group commit
// (`appendWrites`) and folds the log into the snapshot every SYNC_COMPACT_AFTER_ROWS rows
// (`compactDocument`). Closed tasks are archived by `archiveOldTasks`, with the year's clock.
import { eq } from 'drizzle-orm';
import * as Y from 'yjs';
import type { ProgressStatus } from '../../src/lib/domain/community-doc';
import type { Refusal } from '../../src/lib/domain/sync-protocol';
import { communityDocName } from '../../src/lib/domain/sync-protocol';
import { acknowledge, closeTask, createTask, markHousehold } from '../../src/lib/domain/task-doc';
import { newTaskId } from '../../src/lib/domain/task-ids';
import { loadMemberships } from '../../src/lib/server/auth';
import { db } from '../../src/lib/server/db';
import { tasks } from '../../src/lib/server/db/schema';
import { archiveOldTasks } from '../../server/sync/archive';
import type { SyncConnection } from '../../server/sync/connection';
import { applyLocal } from '../../server/sync/document-writes';
import type { LiveDocument } from '../../server/sync/live-document';
import { seededRandom } from '../board/community';
import type { CommunityPlan } from './community';
import { loadLive, type ServerParts } from './live-load';

const hour = 3_600_000;
const day = 24 * hour;

function statusOf(roll: number): ProgressStatus {
	if (roll < 0.72) return 'visited';
	if (roll < 0.92) return 'absent';
	if (roll < 0.96) return 'refused';
	return 'issue';
}

type ProgressMark = Parameters<typeof markHousehold>[4];

/** One person's phone on one evening: a connection of the server, and the Yjs client id it writes on. */
type Phone = { connection: SyncConnection; clientId: number; userId: string };

export type YearProgress = (line: string) => void;
export type YearResult = { archivedTasks: number; liveTasks: number; tailRows: number; updates: number; endsAt: number };

export class YearWriter {
	readonly #parts: ServerParts;
	readonly #plan: CommunityPlan;
	readonly #docName: string;
	readonly #mirror = new Y.Doc();
	readonly #phones = new WeakSet<object>();
	readonly #usedClients = new Set<number>();
	/** Each person's phone: the client id its last load wrote on. */
	readonly #phoneIds = new Map<string, number>();
	readonly #freshLoads: number;
	readonly #refusals: Refusal[] = [];
	readonly #principals = new Map<string, Awaited<ReturnType<typeof loadMemberships>>>();
	readonly #random = seededRandom(20_260_101);
	#document: LiveDocument | null = null;
	updates = 0;

	constructor(parts: ServerParts, plan: CommunityPlan, freshLoads: number) {
		this.#parts = parts;
		this.#freshLoads = freshLoads;
		this.#plan = plan;
		this.#docName = communityDocName(plan.communityId);
	}

	get document(): LiveDocument {
		if (!this.#document) throw new Error('not loaded');
		return this.#document;
	}

	async open(now: number): Promise<void> {
		const { document } = await loadLive(this.#parts, this.#docName, this.#plan.communityId, now);
		this.#document = document;
		Y.applyUpdate(this.#mirror, Y.encodeStateAsUpdate(document.doc));
		// The phones' copy follows what the server itself writes (archiving); their own writes are there already.
		document.doc.on('update', (update: Uint8Array, origin: unknown) => {
			if (!(typeof origin === 'object' && origin !== null && this.#phones.has(origin))) Y.applyUpdate(this.#mirror, update);
		});
		for (const userId of [this.#plan.secretaryId, ...this.#plan.liaisons.map((l) => l.userId)]) this.#principals.set(userId, await loadMemberships(userId));
	}

	/**
	 * A phone opened the app: a new connection, writing on the id of the phone's last load, or on
	 * a fresh one for a share of the loads (the app takes an old id up only after its first sync).
	 */
	#phone(userId: string): Phone {
		let clientId = this.#phoneIds.get(userId);
		if (clientId === undefined || this.#random() < this.#freshLoads) {
			do clientId = Math.floor(this.#random() * 4_294_967_296);
			while (this.#usedClients.has(clientId));
			this.#usedClients.add(clientId);
			this.#phoneIds.set(userId, clientId);
		}
		const refusals = this.#refusals;
		const connection = {
			userId,
			identity: { userId, sessionId: 'bench-life', sessionExpiresAt: new Date(Date.now() + day), principal: { userId, memberships: this.#principals.get(userId)! }, readOnly: false },
			newClientIds: 0,
			send: () => {},
			refuse: (refusal: Refusal) => refusals.push(refusal)
		} as unknown as SyncConnection;
		this.#phones.add(connection);
		return { connection, clientId, userId };
	}

	/** The phone makes a change with the app's accessor and sends the update it made. */
	#write(phone: Phone, change: (doc: Y.Doc) => void): void {
		this.#mirror.clientID = phone.clientId;
		const update = applyLocal(this.#mirror, () => this.#mirror.transact(() => change(this.#mirror)));
		if (!update) return;
		this.document.onUpdate(phone.connection, update, false);
		this.updates++;
		if (this.#refusals.length > 0) throw new Error(`the server refused a write of the year: ${JSON.stringify(this.#refusals.slice(0, 3))}`);
	}

	/** Until everything accepted is stored and no fold of the log is due or running. */
	async settle(): Promise<void> {
		if (!(await this.#parts.committer.drain(120_000))) throw new Error('the group commit could not store the writes');
		const deadline = Date.now() + 300_000;
		while (this.document.pendingRows >= this.#parts.settings.compactAfterRows) {
			if (Date.now() > deadline) throw new Error('the log was not folded within 5 minutes');
			await new Promise((resolve) => setTimeout(resolve, 5));
		}
	}

	/** One night: the secretary dispatches a task over every building, each liaison acknowledges and marks their households, the task is closed next morning. */
	async night(index: number, closesAt: number, open = false, stopAtRows?: number): Promise<string> {
		const { secretaryId, buildingIds, liaisons, doors } = this.#plan;
		const createdAt = closesAt - 14 * hour;
		const taskId = newTaskId();
		const dispatcher = this.#phone(secretaryId);
		this.#write(dispatcher, (doc) =>
			createTask(doc, {
				id: taskId,
				title: `夜间入户走访 第${index + 1}天`,
				kind: 'check',
				instructions: '逐户核对常住人口，记录未遇到和拒访的住户。',
				createdBy: secretaryId,
				createdAt,
				dueAt: createdAt + 5 * hour,
				scope: buildingIds
			})
		);
		const stop = () => stopAtRows !== undefined && this.document.pendingRows >= stopAtRows;
		for (const [slot, liaison] of liaisons.entries()) {
			const phone = this.#phone(liaison.userId);
			const start = createdAt + hour + slot * 60_000;
			this.#write(phone, (doc) => acknowledge(doc, taskId, liaison.userId, start));
			let at = start;
			const again: [string, string][] = [];
			for (const buildingId of liaison.buildingIds) {
				// The year sends a building's marks as one update, as a phone does after a stairwell
				// without signal: the stored document is the same as tap by tap (one item per mark
				// either way), and seeding goes some forty times faster. The tail goes tap by tap.
				const marks: [string, ProgressMark][] = [];
				for (const code of doors) {
					at += 20_000 + Math.floor(this.#random() * 40_000);
					const s = statusOf(this.#random());
					marks.push([code, { s, by: liaison.userId, at, ...(s === 'issue' ? { note: '需复查，已报网格长' } : {}) }]);
					if (s === 'absent' && this.#random() < 0.3) again.push([buildingId, code]);
				}
				if (stopAtRows === undefined) {
					this.#write(phone, (doc) => {
						for (const [code, mark] of marks) markHousehold(doc, taskId, buildingId, code, mark);
					});
					continue;
				}
				for (const [code, mark] of marks) {
					await this.settle();
					if (stop()) return taskId;
					this.#write(phone, (doc) => markHousehold(doc, taskId, buildingId, code, mark));
				}
			}
			// Later that evening some households not found at first are found at home.
			for (const [buildingId, code] of again) {
				at += 60_000;
				this.#write(phone, (doc) => markHousehold(doc, taskId, buildingId, code, { s: 'visited', by: liaison.userId, at }));
			}
			await this.settle();
		}
		if (open) return taskId;
		this.#write(this.#phone(secretaryId), (doc) => closeTask(doc, taskId));
		await this.settle();
		// The projection's closing time is the moment it was stored; the year's clock says when that was.
		await db().update(tasks).set({ closedAt: new Date(closesAt) }).where(eq(tasks.id, taskId));
		return taskId;
	}

	/** What the server's hourly archiving pass does, at the year's clock. */
	async archive(now: number): Promise<number> {
		const archived = await archiveOldTasks(this.document, this.#parts.settings.taskArchiveAfterMs, now);
		await this.settle();
		return archived.length;
	}

	liveTasks(): number {
		return this.document.doc.getMap('tasks').size;
	}

	async close(): Promise<void> {
		await this.settle();
		this.#parts.committer.stop();
		this.document.destroy();
		this.#mirror.destroy();
	}
}

/**
 * The year: `nights` nights ending this morning, archiving after each (the server does it
 * hourly; once a day lands within a day of it), then the whole log folded as when the document
 * is unloaded, then the evening after the year, left open with one row short of a fold.
 */
export async function writeYear(writer: YearWriter, nights: number, progress: YearProgress, now = Date.now()): Promise<YearResult> {
	let archived = 0;
	const started = performance.now();
	for (let index = 0; index < nights; index++) {
		const closesAt = now - (nights - 1 - index) * day - hour;
		await writer.night(index, closesAt);
		archived += await writer.archive(closesAt);
		if (index === nights - 1 || (index + 1) % Math.max(1, Math.round(nights / 20)) === 0) {
			const elapsed = (performance.now() - started) / 1000;
			progress(
				`  night ${index + 1}/${nights}: ${writer.liveTasks()} tasks live, ${archived} archived, ${writer.updates.toLocaleString('en-US')} updates, ` +
					`${elapsed.toFixed(0)} s (about ${((elapsed / (index + 1)) * (nights - index - 1)).toFixed(0)} s to go)`
			);
		}
	}
	await writer.document.compactIfNeeded(true);
	const liveTasks = writer.liveTasks();
	return { archivedTasks: archived, liveTasks, tailRows: 0, updates: writer.updates, endsAt: now };
}

/** The evening after the year, stopped one row short of a fold: the longest log tail a load can meet. */
export async function writeTail(writer: YearWriter, nights: number, compactAfterRows: number, now: number): Promise<number> {
	await writer.night(nights, now + 12 * hour, true, compactAfterRows - 1);
	await writer.settle();
	return writer.document.pendingRows;
}
