import { describe, expect, it, vi } from 'vitest';
import { foldsAtOnce, LogCompaction } from './log-compaction';
import { SyncMetrics } from './metrics';
import type { CompactionResult } from './persistence';

describe('LogCompaction', () => {
	it('folds once enough rows were stored, and counts down what was folded', async () => {
		const metrics = new SyncMetrics();
		const compact = vi.fn(async (): Promise<CompactionResult> => ({ folded: 3 }));
		const compaction = new LogCompaction('community:c', 1, { compactAfterRows: 3, metrics, compact });
		compaction.rowStored();
		expect(compact).not.toHaveBeenCalled();
		compaction.rowStored();
		await vi.waitFor(() => expect(compaction.rows).toBe(0));
		expect(compact).toHaveBeenCalledWith('community:c');
		expect(metrics.compactions).toBe(1);
	});

	it('keeps the count when folding fails or another instance holds the lock; force folds any rows', async () => {
		const error = vi.spyOn(console, 'error').mockImplementation(() => {});
		const results: (CompactionResult | Error)[] = [new Error('database down'), { busy: true }, { folded: 2 }];
		const compact = vi.fn(async () => {
			const next = results.shift()!;
			if (next instanceof Error) throw next;
			return next;
		});
		const compaction = new LogCompaction('community:c', 2, { compactAfterRows: 100, metrics: new SyncMetrics(), compact });
		await compaction.compactIfNeeded(true);
		await compaction.compactIfNeeded(true);
		expect(compaction.rows).toBe(2);
		await compaction.compactIfNeeded(true);
		expect(compaction.rows).toBe(0);
		await compaction.compactIfNeeded(true);
		expect(compact).toHaveBeenCalledTimes(3);
		error.mockRestore();
	});

	it('runs at most the set number of folds at once, across documents, and every one in turn', async () => {
		let running = 0;
		let most = 0;
		const order: string[] = [];
		const compact = foldsAtOnce(2, async (doc) => {
			running++;
			most = Math.max(most, running);
			await new Promise((resolve) => setTimeout(resolve, 5));
			order.push(doc);
			running--;
			return { folded: 1 };
		});
		const docs = Array.from({ length: 7 }, (_, i) => `community:${i}`);
		const results = await Promise.all(docs.map((doc) => new LogCompaction(doc, 500, { compactAfterRows: 500, metrics: new SyncMetrics(), compact }).compactIfNeeded()));
		expect(results).toHaveLength(7);
		expect(most).toBe(2);
		expect(order.sort()).toEqual(docs);
	});
});
