import { describe, expect, it, vi } from 'vitest';
import type { Component } from 'svelte';
import { LazyComponent } from './lazy-component.svelte';

const Dialog = (() => {}) as unknown as Component;

describe('LazyComponent', () => {
	it('imports once, however often it is asked, and then offers the component', async () => {
		const importer = vi.fn(async () => ({ default: Dialog }));
		const lazy = new LazyComponent(importer);
		expect(lazy.current).toBeNull();
		lazy.prefetch();
		expect(await lazy.load()).toBe(Dialog);
		await lazy.load();
		expect(importer).toHaveBeenCalledTimes(1);
		expect(lazy.current).toBe(Dialog);
	});

	it('tries again after a failed import (no signal), saying it was unavailable until then', async () => {
		const importer = vi.fn().mockRejectedValueOnce(new TypeError('Failed to fetch')).mockResolvedValue({ default: Dialog });
		const lazy = new LazyComponent<Component>(importer);
		expect(lazy.unavailable).toBe(false);
		await expect(lazy.load()).rejects.toThrow('Failed to fetch');
		expect(lazy.current).toBeNull();
		expect(lazy.unavailable, 'a tap that opened nothing is explained').toBe(true);
		expect(await lazy.load()).toBe(Dialog);
		expect(lazy.unavailable).toBe(false);
		expect(importer).toHaveBeenCalledTimes(2);
	});

	it('a failed prefetch says nothing (no tap asked), and a read notice can be dismissed', async () => {
		const importer = vi.fn().mockRejectedValue(new TypeError('Failed to fetch'));
		const lazy = new LazyComponent<Component>(importer);
		lazy.prefetch();
		await vi.waitFor(() => expect(importer).toHaveBeenCalledTimes(1));
		await Promise.resolve();
		expect(lazy.unavailable).toBe(false);
		await expect(lazy.load()).rejects.toThrow();
		expect(lazy.unavailable).toBe(true);
		lazy.dismiss();
		expect(lazy.unavailable).toBe(false);
	});

	it('prefetches when idle, unless cancelled first', async () => {
		vi.useFakeTimers();
		try {
			const importer = vi.fn(async () => ({ default: Dialog }));
			const cancel = new LazyComponent(importer).prefetchWhenIdle(100);
			cancel();
			await vi.advanceTimersByTimeAsync(200);
			expect(importer).not.toHaveBeenCalled();
			const lazy = new LazyComponent(importer);
			lazy.prefetchWhenIdle(100);
			await vi.advanceTimersByTimeAsync(200);
			expect(importer).toHaveBeenCalledTimes(1);
			expect(lazy.current).toBe(Dialog);
		} finally {
			vi.useRealTimers();
		}
	});
	it('waits for the page to load before prefetching, and leaves it to a service worker in control', async () => {
		vi.useFakeTimers();
		const listeners = new Map<string, () => void>();
		vi.stubGlobal('document', { readyState: 'loading' });
		vi.stubGlobal('addEventListener', (type: string, listener: () => void) => listeners.set(type, listener));
		vi.stubGlobal('removeEventListener', (type: string) => listeners.delete(type));
		try {
			const importer = vi.fn(async () => ({ default: Dialog }));
			new LazyComponent(importer).prefetchWhenIdle(100);
			await vi.advanceTimersByTimeAsync(200);
			expect(importer, 'nothing while the page is loading').not.toHaveBeenCalled();
			listeners.get('load')!();
			await vi.advanceTimersByTimeAsync(200);
			expect(importer).toHaveBeenCalledTimes(1);

			vi.stubGlobal('document', { readyState: 'complete' });
			vi.stubGlobal('navigator', { serviceWorker: { controller: {} } });
			const controlled = vi.fn(async () => ({ default: Dialog }));
			new LazyComponent(controlled).prefetchWhenIdle(100);
			await vi.advanceTimersByTimeAsync(200);
			expect(controlled, 'the service worker has it already').not.toHaveBeenCalled();
		} finally {
			vi.unstubAllGlobals();
			vi.useRealTimers();
		}
	});
});
