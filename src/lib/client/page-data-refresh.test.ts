import { describe, expect, it } from 'vitest';
import { PageDataRefresh } from './page-data-refresh.svelte';

/** SvelteKit as the refresh sees it: a navigation flag, the signal, and the reloads asked of it. */
function kit() {
	const state = { navigating: false, online: true, reloads: [] as string[], finish: [] as (() => void)[] };
	const settle = (name: string) =>
		new Promise<void>((resolve) => {
			state.reloads.push(name);
			state.finish.push(resolve);
		});
	const refresh = new PageDataRefresh({
		reload: (dependency) => settle(dependency),
		reloadAll: () => settle('all'),
		navigating: () => state.navigating,
		online: () => state.online
	});
	return { state, refresh };
}

const microtasks = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('PageDataRefresh', () => {
	it('reloads at once when no navigation is under way and says so until the reload ends', async () => {
		const { state, refresh } = kit();
		let done = false;
		const reloaded = refresh.reload('app:matters').then(() => (done = true));
		expect(state.reloads).toEqual(['app:matters']);
		expect(refresh.reloading('app:matters')).toBe(true);
		expect(refresh.reloading('app:structure')).toBe(false);
		await microtasks();
		expect(done, 'the caller waits for the reload itself').toBe(false);
		state.finish[0]();
		await reloaded;
		expect(refresh.reloading('app:matters')).toBe(false);
	});

	it('never starts a reload during a navigation, which SvelteKit would let take the navigation over', async () => {
		const { state, refresh } = kit();
		state.navigating = true;
		let done = false;
		void refresh.reload('app:structure').then(() => (done = true));
		void refresh.reload('app:structure');
		void refresh.reload('app:matters');
		expect(state.reloads, 'the tap on a link is left to finish').toEqual([]);
		// SvelteKit runs afterNavigate before it clears `navigating`.
		refresh.navigated();
		state.navigating = false;
		await microtasks();
		expect(state.reloads, 'once per dependency, after the navigation').toEqual(['app:structure', 'app:matters']);
		expect(done, 'the callers wait until their reload has run').toBe(false);
		for (const finish of state.finish) finish();
		await microtasks();
		expect(done).toBe(true);
	});

	it('holds reloads while offline and runs them when the signal returns', async () => {
		const { state, refresh } = kit();
		state.online = false;
		void refresh.reload('app:diary');
		void refresh.reloadAll();
		refresh.release();
		expect(state.reloads, 'offline they could only fail and show an error page').toEqual([]);
		state.online = true;
		refresh.release();
		expect(state.reloads).toEqual(['app:diary', 'all']);
		refresh.release();
		expect(state.reloads, 'a held reload runs once').toHaveLength(2);
	});

	it('keeps holding when a navigation ends offline, or the signal returns mid-navigation', async () => {
		const { state, refresh } = kit();
		state.online = false;
		void refresh.reload('app:matters');
		refresh.navigated();
		await microtasks();
		expect(state.reloads).toEqual([]);
		state.online = true;
		state.navigating = true;
		refresh.release();
		expect(state.reloads).toEqual([]);
		state.navigating = false;
		refresh.navigated();
		await microtasks();
		expect(state.reloads).toEqual(['app:matters']);
	});

	it('resolves held callers even when the reload fails', async () => {
		const { state, refresh } = new (class {
			state = { navigating: true };
			refresh = new PageDataRefresh({
				reload: () => Promise.reject(new Error('load failed')),
				reloadAll: () => Promise.resolve(),
				navigating: () => this.state.navigating,
				online: () => true
			});
		})();
		const held = refresh.reload('app:matters');
		state.navigating = false;
		refresh.release();
		await expect(held).resolves.toBeUndefined();
		expect(refresh.reloading('app:matters')).toBe(false);
	});
});
