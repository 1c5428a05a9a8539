import type { SyncMetrics } from './metrics';
import { appendWrites, type PendingWrite } from './persistence';

type Queued = { write: PendingWrite; acceptedAt: number; onStored: () => void };

/**
 * Appends accepted updates to the log in batches: everything accepted while one commit
 * runs goes into the next, so a busy server commits less often, never later. A failed
 * commit keeps its batch at the head of the queue (in memory) and retries with backoff.
 */
export class GroupCommitter {
	readonly #windowMs: number;
	readonly #metrics: SyncMetrics;
	readonly #append: typeof appendWrites;
	#queue: Queued[] = [];
	#timer: ReturnType<typeof setTimeout> | null = null;
	#running: Promise<void> | null = null;
	#failures = 0;
	#lastError: string | null = null;

	constructor(windowMs: number, metrics: SyncMetrics, append: typeof appendWrites = appendWrites) {
		this.#windowMs = windowMs;
		this.#metrics = metrics;
		this.#append = append;
	}

	get pending(): number {
		return this.#queue.length;
	}

	/** The last commit error while commits keep failing, else null. */
	get failing(): string | null {
		return this.#failures > 0 ? this.#lastError : null;
	}

	enqueue(write: PendingWrite, onStored: () => void): void {
		this.#queue.push({ write, acceptedAt: performance.now(), onStored });
		this.#metrics.pendingWrites = this.#queue.length;
		this.#schedule(this.#windowMs);
	}

	pendingFor(doc: string): number {
		return this.#queue.filter((queued) => queued.write.doc === doc).length;
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
			if (this.#queue.length > 0) this.#schedule(this.#failures > 0 ? Math.min(5000, 100 * 2 ** this.#failures) : 0);
		});
	}

	/**
	 * When a batch keeps failing, one write in it may be the cause (a projection the database
	 * rejects). Commit one by one; a write that fails alone is stored without its projection
	 * (the log is the truth; projections can be rebuilt from it) rather than blocking everyone.
	 * Returns false when even that fails: the database itself is down.
	 */
	async #isolatePoison(batch: Queued[]): Promise<boolean> {
		for (let index = 0; index < batch.length; index++) {
			const queued = batch[index];
			try {
				await this.#append([queued.write]);
			} catch {
				try {
					await this.#append([{ ...queued.write, progress: [], tasks: [], acks: [] }]);
					console.error(`[sync] stored an update of ${queued.write.doc} without its projection, which the database refused`);
				} catch {
					this.#queue.unshift(...batch.slice(index));
					return false;
				}
			}
			this.#metrics.persistedUpdates++;
			queued.onStored();
		}
		this.#failures = 0;
		this.#metrics.pendingWrites = this.#queue.length;
		return true;
	}

	async #commit(): Promise<void> {
		const batch = this.#queue.splice(0, 2000);
		try {
			await this.#append(batch.map((queued) => queued.write));
		} catch (error) {
			if (this.#failures >= 2 && (await this.#isolatePoison(batch))) return;
			this.#queue.unshift(...batch);
			this.#failures++;
			this.#lastError = error instanceof Error ? error.message : String(error);
			this.#metrics.persistFailures++;
			console.error(`[sync] storing ${batch.length} updates failed (attempt ${this.#failures}), kept in memory:`, this.#lastError);
			return;
		} finally {
			this.#metrics.pendingWrites = this.#queue.length;
		}
		this.#failures = 0;
		const now = performance.now();
		this.#metrics.persistedUpdates += batch.length;
		for (const queued of batch) {
			this.#metrics.observePersistLatency((now - queued.acceptedAt) / 1000);
			queued.onStored();
		}
	}
}
