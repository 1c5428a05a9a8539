import { describe, expect, it } from 'vitest';
import { GroupCommitter } from './group-commit';
import { SyncMetrics } from './metrics';
import type { PendingWrite } from './persistence';

const write = (n: number): PendingWrite => ({
	doc: 'community:c',
	update: new Uint8Array([n]),
	userId: 'u',
	clientId: 1,
	newClients: [],
	progress: [],
	tasks: []
});

describe('GroupCommitter', () => {
	it('commits what queued up meanwhile in one batch, in order', async () => {
		const batches: number[][] = [];
		let release: () => void = () => {};
		const committer = new GroupCommitter(0, new SyncMetrics(), async (writes) => {
			batches.push(writes.map((w) => w.update[0]));
			if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
		});
		const stored: number[] = [];
		committer.enqueue(write(1), () => stored.push(1));
		await new Promise((resolve) => setTimeout(resolve, 5));
		for (const n of [2, 3, 4]) committer.enqueue(write(n), () => stored.push(n));
		release();
		expect(await committer.drain()).toBe(true);
		expect(batches).toEqual([[1], [2, 3, 4]]);
		expect(stored).toEqual([1, 2, 3, 4]);
	});

	it('keeps a failed batch in memory, reports it, and stores it once storage works again', async () => {
		const metrics = new SyncMetrics();
		let failing = true;
		const committed: number[] = [];
		const committer = new GroupCommitter(
			0,
			metrics,
			async (writes) => {
				if (failing) throw new Error('database down');
				committed.push(...writes.map((w) => w.update[0]));
			},
			async () => !failing
		);
		let confirmed = false;
		committer.enqueue(write(7), () => (confirmed = true));
		await new Promise((resolve) => setTimeout(resolve, 30));
		expect(committer.failing).toBe('database down');
		expect(committer.pending).toBe(1);
		expect(metrics.persistFailures).toBeGreaterThan(0);
		expect(confirmed).toBe(false);
		failing = false;
		expect(await committer.drain()).toBe(true);
		expect(committed).toEqual([7]);
		expect(confirmed).toBe(true);
		expect(committer.failing).toBeNull();
	});
});

describe('GroupCommitter with one write the database rejects', () => {
	it('stores that write without its projection instead of blocking every later write', async () => {
		const committed: { n: number; projected: boolean }[] = [];
		// The database answers (the probe), it only refuses this one write's projection.
		const committer = new GroupCommitter(
			0,
			new SyncMetrics(),
			async (writes) => {
				if (writes.some((w) => w.update[0] === 2 && w.tasks.length > 0)) throw new Error('bad projection');
				committed.push(...writes.map((w) => ({ n: w.update[0], projected: w.tasks.length > 0 })));
			},
			async () => true
		);
		const poisoned = { ...write(2), tasks: [{ id: 't', communityId: 'c' }] };
		for (const item of [write(1), poisoned, write(3)]) committer.enqueue(item, () => {});
		expect(await committer.drain()).toBe(true);
		expect(committed).toEqual([
			{ n: 1, projected: false },
			{ n: 2, projected: false },
			{ n: 3, projected: false }
		]);
	});
});

describe('GroupCommitter while the database comes back', () => {
	it('keeps the projection of a write whose first lone attempt met the database still away', async () => {
		const committed: { n: number; projected: boolean }[] = [];
		// Down for the batches and the first lone attempt; back from the probe on.
		let up = false;
		let attempts = 0;
		const committer = new GroupCommitter(
			0,
			new SyncMetrics(),
			async (writes) => {
				attempts++;
				if (!up) throw new Error('connection refused');
				committed.push(...writes.map((w) => ({ n: w.update[0], projected: w.tasks.length > 0 })));
			},
			async () => {
				if (attempts > 3) up = true;
				return up;
			}
		);
		committer.enqueue({ ...write(1), tasks: [{ id: 't', communityId: 'c' }] }, () => {});
		expect(await committer.drain()).toBe(true);
		expect(committed).toEqual([{ n: 1, projected: true }]);
	});
});

describe('GroupCommitter with a write the database refuses even bare', () => {
	it('sets it aside, reports it, and stores every other write exactly once, in order', async () => {
		const metrics = new SyncMetrics();
		const committed: number[] = [];
		const committer = new GroupCommitter(
			0,
			metrics,
			async (writes) => {
				if (writes.some((w) => w.update[0] === 2)) throw new Error('value too long');
				committed.push(...writes.map((w) => w.update[0]));
			},
			async () => true
		);
		const outcome = new Map<number, string>();
		for (const n of [1, 2, 3]) committer.enqueue(write(n), () => outcome.set(n, 'stored'), () => outcome.set(n, 'set aside'));
		expect(await committer.drain()).toBe(true);
		expect(committed).toEqual([1, 3]);
		expect([...outcome]).toEqual([
			[1, 'stored'],
			[2, 'set aside'],
			[3, 'stored']
		]);
		expect(committer.setAside).toMatchObject([{ doc: 'community:c', userId: 'u', error: 'value too long' }]);
		expect(metrics.writesSetAside).toBe(1);
		expect(committer.failing).toBeNull();
		committer.enqueue(write(4), () => outcome.set(4, 'stored'));
		expect(await committer.drain()).toBe(true);
		expect(committed).toEqual([1, 3, 4]);
	});

	it('keeps everything, in order and once, while the database does not answer at all', async () => {
		let down = true;
		const committed: number[] = [];
		const committer = new GroupCommitter(
			0,
			new SyncMetrics(),
			async (writes) => {
				if (down) throw new Error('connection refused');
				committed.push(...writes.map((w) => w.update[0]));
			},
			async () => !down
		);
		for (const n of [1, 2, 3]) committer.enqueue(write(n), () => {});
		await new Promise((resolve) => setTimeout(resolve, 1200));
		expect(committer.pending).toBe(3);
		expect(committer.setAside).toEqual([]);
		down = false;
		expect(await committer.drain()).toBe(true);
		expect(committed).toEqual([1, 2, 3]);
	});
});
