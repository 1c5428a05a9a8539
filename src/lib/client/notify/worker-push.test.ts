import { describe, expect, it } from 'vitest';
import { handlePushes, type PushWorkerScope } from './worker-push';

type Tab = { url: string; focused: boolean; navigatedTo: string | null };

/** A service worker scope with the given open tabs; records what the handlers did. */
function scope(tabs: Tab[]) {
	const listeners: Record<string, (event: unknown) => void> = {};
	const shown: { title: string; options: NotificationOptions }[] = [];
	const opened: string[] = [];
	const client = (tab: Tab) => ({
		get url() {
			return tab.url;
		},
		focus: async () => ((tab.focused = true), client(tab)),
		navigate: async (url: string) => ((tab.navigatedTo = url), (tab.url = url), client(tab))
	});
	const worker = {
		location: { origin: 'https://grid.example.cn' },
		registration: { showNotification: async (title: string, options: NotificationOptions) => void shown.push({ title, options }) },
		clients: {
			matchAll: async () => tabs.map(client),
			openWindow: async (url: string) => (opened.push(url), null)
		},
		addEventListener: (type: string, listener: (event: unknown) => void) => void (listeners[type] = listener)
	} as unknown as PushWorkerScope;
	handlePushes(worker, '/icon-192.png');

	async function dispatch(type: string, fields: Record<string, unknown>) {
		const work: Promise<unknown>[] = [];
		listeners[type]({ ...fields, waitUntil: (promise: Promise<unknown>) => work.push(promise) });
		await Promise.all(work);
	}
	return {
		shown,
		opened,
		push: (text: string | null) => dispatch('push', { data: text === null ? null : { text: () => text } }),
		tap: (data: unknown) => {
			let closed = false;
			return dispatch('notificationclick', { notification: { data, close: () => (closed = true) } }).then(() => closed);
		}
	};
}

describe('a push', () => {
	it('shows the notification of its payload, with the app icon', async () => {
		const worker = scope([]);
		await worker.push(JSON.stringify({ title: '事项待核实', body: '3号楼', url: '/matters/m1', tag: 'matter-m1', urgent: true }));
		expect(worker.shown).toEqual([
			{ title: '事项待核实', options: { body: '3号楼', tag: 'matter-m1', renotify: true, data: { url: 'https://grid.example.cn/matters/m1' }, requireInteraction: true, icon: '/icon-192.png' } }
		]);
	});

	it('without a readable payload still shows a reminder (browsers punish silent pushes)', async () => {
		const worker = scope([]);
		await worker.push(null);
		await worker.push('garbage');
		expect(worker.shown.map((n) => n.title)).toEqual(['网格通', '网格通']);
	});
});

describe('a tap', () => {
	it('brings an open tab of the app forward on the page', async () => {
		const tab = { url: 'https://grid.example.cn/', focused: false, navigatedTo: null };
		const worker = scope([{ url: 'https://other.example/', focused: false, navigatedTo: null }, tab]);
		expect(await worker.tap({ url: 'https://grid.example.cn/tasks/t1' })).toBe(true);
		expect(tab).toEqual({ url: 'https://grid.example.cn/tasks/t1', focused: true, navigatedTo: 'https://grid.example.cn/tasks/t1' });
		expect(worker.opened).toEqual([]);
	});

	it('opens a window when no tab of the app is open', async () => {
		const worker = scope([]);
		await worker.tap({ url: 'https://grid.example.cn/matters/m1' });
		expect(worker.opened).toEqual(['https://grid.example.cn/matters/m1']);
	});

	it('never opens another site, whatever the notification carries', async () => {
		const worker = scope([]);
		for (const data of [{ url: 'https://evil.example/' }, { url: 'javascript:alert(1)' }, null, 'https://evil.example/']) await worker.tap(data);
		expect(worker.opened).toEqual(Array(4).fill('https://grid.example.cn/'));
	});
});
