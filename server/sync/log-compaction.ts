import pLimit from 'p-limit';
import type { SyncMetrics } from './metrics';
import type { CompactionResult } from './persistence';

export type LogCompactionDeps = {
	/** Rows in the update log after which the log is folded into the snapshot. */
	compactAfterRows: number;
	metrics: SyncMetrics;
	compact(doc: string): Promise<CompactionResult>;
};

/**
 * `compact` limited to `atOnce` folds at a time, however many documents ask; the others wait
 * their turn in order. Under an even load every document reaches the fold threshold at about
 * the same time, and each fold holds a pooled database connection for its whole transaction:
 * unbounded, the folds took every connection and the group commit waited behind them
 * ("stored" p99 1.7 s at 800 writes/s in `npm run bench -- sync`, 62 ms with two at a time).
 */
export function foldsAtOnce(atOnce: number, compact: LogCompactionDeps['compact']): LogCompactionDeps['compact'] {
	const limit = pLimit(atOnce);
	return (doc) => limit(() => compact(doc));
}

/**
 * Counts the rows a document has in the update log and folds them into its snapshot when
 * there are enough, one fold at a time per document.
 */
export class LogCompaction {
	readonly #doc: string;
	readonly #deps: LogCompactionDeps;
	#rows: number;
	#running = false;
	#stopped = false;

	constructor(doc: string, rows: number, deps: LogCompactionDeps) {
		this.#doc = doc;
		this.#rows = rows;
		this.#deps = deps;
	}

	/** Rows of this document in the log, as far as this instance knows. */
	get rows(): number {
		return this.#rows;
	}

	/** A write of this instance was stored: one more row, perhaps one too many. */
	rowStored(): void {
		this.#rows++;
		void this.compactIfNeeded();
	}

	/** The document was unloaded: no further rounds are started. */
	stop(): void {
		this.#stopped = true;
	}

	/** Folds the log into a snapshot when it has grown; `force` on unload folds any rows at all. */
	async compactIfNeeded(force = false): Promise<void> {
		const { compactAfterRows, metrics } = this.#deps;
		if (this.#running || this.#rows === 0 || (!force && this.#rows < compactAfterRows)) return;
		this.#running = true;
		let outcome: 'folded' | 'busy' | 'failed' = 'failed';
		try {
			const result = await this.#deps.compact(this.#doc);
			outcome = 'busy' in result ? 'busy' : 'folded';
			if ('folded' in result) {
				this.#rows = Math.max(0, this.#rows - result.folded);
				metrics.compactions++;
			}
		} catch (error) {
			console.error(`[sync] compacting ${this.#doc} failed; the log is kept:`, error instanceof Error ? error.message : error);
		} finally {
			this.#running = false;
		}
		// After a failure the next commit tries again; otherwise rows that arrived while folding, or while
		// another instance held the lock, may already call for the next round.
		if (outcome === 'failed' || force || this.#stopped || this.#rows < compactAfterRows) return;
		if (outcome === 'folded') setImmediate(() => void this.compactIfNeeded());
		else setTimeout(() => void this.compactIfNeeded(), 200 + Math.random() * 300).unref();
	}
}
