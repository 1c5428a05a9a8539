import { describe, expect, it } from 'vitest';
import { addRefusal, syncStateOf, type RefusalNotice } from './sync-state';

describe('syncStateOf', () => {
	const base = { connected: true, synced: true, pending: 0, reachable: true };

	it('is online only when connected, synced and nothing is pending', () => {
		expect(syncStateOf(base)).toBe('online');
		expect(syncStateOf({ ...base, pending: 2 })).toBe('syncing');
		expect(syncStateOf({ ...base, synced: false })).toBe('syncing');
	});

	it('is offline when not connected and unreachable, syncing while the first attempt runs', () => {
		expect(syncStateOf({ ...base, connected: false, synced: false, reachable: false, pending: 3 })).toBe('offline');
		expect(syncStateOf({ ...base, connected: false, synced: false })).toBe('syncing');
	});
});

describe('addRefusal', () => {
	const notice = (id: number, code: RefusalNotice['code'], detail = `tasks/t${id}`): RefusalNotice => ({ id, at: id, code, detail, count: 1 });

	it('keeps the newest first, one per code, at most the limit', () => {
		let list = addRefusal([], notice(1, 'forbidden'));
		list = addRefusal(list, notice(2, 'by-mismatch'));
		list = addRefusal(list, notice(3, 'forbidden'));
		expect(list.map((n) => [n.id, n.detail])).toEqual([
			[3, 'tasks/t3'],
			[2, 'tasks/t2']
		]);
		list = addRefusal(list, notice(4, 'read-only'), 2);
		expect(list.map((n) => n.id)).toEqual([4, 3]);
	});

	it('keeps one notice per building of refused progress, counting the refused doors', () => {
		let list = addRefusal([], notice(1, 'forbidden', 'tasks/t1/progress/b1/1-101'));
		list = addRefusal(list, notice(2, 'forbidden', 'tasks/t1/progress/b1/1-102'));
		list = addRefusal(list, notice(3, 'forbidden', 'tasks/t1/progress/b2/2-101'));
		list = addRefusal(list, notice(4, 'forbidden', 'tasks/t1/progress/b1'));
		expect(list.map((n) => [n.detail, n.count])).toEqual([
			['tasks/t1/progress/b1', 3],
			['tasks/t1/progress/b2/2-101', 1]
		]);
	});
});
