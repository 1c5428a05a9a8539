import { sql } from 'drizzle-orm';
import { db } from '../../src/lib/server/db';
import type { SyncMetrics } from './metrics';
import { appendWrites, type PendingWrite } from './persistence';

type Queued = { write: PendingWrite; acceptedAt: number; onStored: () => void; onSetAside?: () => void };

/** A write the database refuses on its own while it answers everything else: kept out of the queue. */
export type SetAside = { doc: string; userId: string | null; bytes: number; error: string; at: Date };

const maxBatch = 2000;
// Consecutive failed commits before the batch is taken apart to find a write that cannot be stored.
const failuresBeforeIsolating = 2;
const setAsideKept = 100;

async function databaseAnswers(): Promise<boolean> {
	try {
		await db().execute(sql`select 1`);
		return true;
	} catch {
		return false;
	}
}

/**
 * Appends accepted updates to the log in batches: everything accepted while one commit
 * runs goes into the next, so a busy server commits less often, never later. A failed
 * commit keeps its batch at the head of the queue (in memory) and retries with backoff.
 */
export class GroupCommitter {
	readonly #windowMs: number;
	readonly #metrics: SyncMetrics;
	readonly #append: typeof appendWrites;
	readonly #probe: () => Promise<boolean>;
	#queue: Queued[] = [];
	#setAside: SetAside[] = [];
	#timer: ReturnType<typeof setTimeout> | null = null;
	#running: Promise<void> | null = null;
	#failures = 0;
	#lastError: string | null = null;

	constructor(windowMs: number, metrics: SyncMetrics, append: typeof appendWrites = appendWrites, probe = databaseAnswers) {
		this.#windowMs = windowMs;
		this.#metrics = metrics;
		this.#append = append;
		this.#probe = probe;
	}

	get pending(): number {
		return this.#queue.length;
	}

	/** The last commit error while commits keep failing, else null. */
	get failing(): string | null {
		return this.#failures > 0 ? this.#lastError : null;
	}

	/** The latest writes set aside as unstorable (newest last), at most a hundred. */
	get setAside(): readonly SetAside[] {
		return this.#setAside;
	}

	/** `onSetAside`: the write will never be stored (the database refuses it alone); its sender gets no confirmation. */
	enqueue(write: PendingWrite, onStored: () => void, onSetAside?: () => void): void {
		this.#queue.push({ write, acceptedAt: performance.now(), onStored, onSetAside });
		this.#metrics.pendingWrites = this.#queue.length;
		this.#schedule(this.#windowMs);
	}

	/** Commits until nothing is queued; gives up (keeping the data) after `timeoutMs`. */
	async drain(timeoutMs = 10_000): Promise<boolean> {
		const deadline = Date.now() + timeoutMs;
		while ((this.#queue.length > 0 || this.#running) && Date.now() < deadline) {
			if (!this.#running) this.#start();
			await this.#running;
			if (this.#failures > 0) await new Promise((resolve) => setTimeout(resolve, 50));
		}
		return this.#queue.length === 0;
	}

	stop(): void {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
	}

	#schedule(delayMs: number): void {
		if (this.#timer || this.#running) return;
		this.#timer = setTimeout(() => {
			this.#timer = null;
			this.#start();
		}, delayMs);
	}

	#start(): void {
		if (this.#running || this.#queue.length === 0) return;
		this.#running = this.#commit().finally(() => {
			this.#running = null;
			this.#metrics.pendingWrites = this.#queue.length;
			if (this.#queue.length > 0) this.#schedule(this.#failures > 0 ? Math.min(5000, 100 * 2 ** this.#failures) : 0);
		});
	}

	async #commit(): Promise<void> {
		const batch = this.#queue.splice(0, maxBatch);
		try {
			await this.#append(batch.map((queued) => queued.write));
		} catch (error) {
			this.#failed(error, batch.length);
			const unstored = this.#failures > failuresBeforeIsolating ? await this.#isolate(batch) : batch;
			this.#queue.unshift(...unstored);
			return;
		}
		this.#failures = 0;
		this.#stored(batch);
	}

	#failed(error: unknown, count: number): void {
		this.#failures++;
		this.#lastError = error instanceof Error ? error.message : String(error);
		this.#metrics.persistFailures++;
		console.error(`[sync] storing ${count} updates failed (attempt ${this.#failures}), kept in memory:`, this.#lastError);
	}

	#stored(batch: readonly Queued[]): void {
		const now = performance.now();
		this.#metrics.persistedUpdates += batch.length;
		for (const queued of batch) {
			this.#metrics.observePersistLatency((now - queued.acceptedAt) / 1000);
			queued.onStored();
		}
	}

	/**
	 * When a batch keeps failing, one write in it may be the cause. Commit one by one: a write
	 * whose projection the database rejects is stored without it (the log is the truth;
	 * projections can be rebuilt from it); one the database refuses even bare, while it answers
	 * a probe, is set aside (reported in /healthz and /metrics) rather than blocking everyone.
	 * Returns the writes not dealt with, in order, when the database itself stops answering.
	 */
	async #isolate(batch: readonly Queued[]): Promise<Queued[]> {
		for (let index = 0; index < batch.length; index++) {
			const queued = batch[index];
			const outcome = await this.#storeAlone(queued.write);
			if (outcome === 'down') return batch.slice(index);
			if (outcome === 'refused') this.#putAside(queued);
			else this.#stored([queued]);
		}
		this.#failures = 0;
		return [];
	}

	async #storeAlone(write: PendingWrite): Promise<'stored' | 'refused' | 'down'> {
		try {
			await this.#append([write]);
			return 'stored';
		} catch {
			// The database may have been away for this attempt and back for the next: only a
			// failure while it answers says the projection is at fault.
			if (!(await this.#probe())) return 'down';
		}
		try {
			await this.#append([write]);
			return 'stored';
		} catch {
			// fall through: try without the projection
		}
		try {
			await this.#append([{ ...write, progress: [], tasks: [], acks: [] }]);
			console.error(`[sync] stored an update of ${write.doc} without its projection, which the database refused`);
			return 'stored';
		} catch (error) {
			if (!(await this.#probe())) return 'down';
			this.#lastError = error instanceof Error ? error.message : String(error);
			return 'refused';
		}
	}

	#putAside(queued: Queued): void {
		const { write } = queued;
		this.#setAside.push({ doc: write.doc, userId: write.userId, bytes: write.update.byteLength, error: this.#lastError ?? '', at: new Date() });
		if (this.#setAside.length > setAsideKept) this.#setAside.shift();
		this.#metrics.writesSetAside++;
		console.error(`[sync] an update of ${write.doc} by ${write.userId ?? 'the server'} cannot be stored and was set aside: ${this.#lastError}`);
		queued.onSetAside?.();
	}
}
