import { describe, expect, it } from 'vitest';
import { labelLookup, noteTaskViewed, rememberLabels, rememberSeenAlerts, seenAlerts, taskViews, type MemoryStorage } from './liaison-memory';

function memoryStorage(): MemoryStorage & { data: Map<string, string>; writes: number } {
	const data = new Map<string, string>();
	return {
		data,
		writes: 0,
		getItem: (key) => data.get(key) ?? null,
		setItem(key, value) {
			this.writes++;
			data.set(key, value);
		}
	};
}

describe('labels', () => {
	it('remembers task titles and building labels per user', () => {
		const storage = memoryStorage();
		rememberLabels(storage, 'u1', { tasks: [{ id: 't1', title: '今晚入户排查' }], buildings: [{ id: 'b5', label: '5号楼' }] });
		const lookup = labelLookup(storage, 'u1');
		expect(lookup.taskTitle('t1')).toBe('今晚入户排查');
		expect(lookup.buildingLabel('b5')).toBe('5号楼');
		expect(lookup.buildingLabel('toString')).toBeUndefined();
		expect(labelLookup(storage, 'u2').taskTitle('t1')).toBeUndefined();
		expect([...storage.data.keys()].every((key) => key.startsWith('grid-dispatch:u1:'))).toBe(true);
	});

	it('merges, renames and skips writes that change nothing', () => {
		const storage = memoryStorage();
		rememberLabels(storage, 'u1', { buildings: [{ id: 'b1', label: '1号楼' }] });
		rememberLabels(storage, 'u1', { buildings: [{ id: 'b2', label: '2号楼' }] });
		const writes = storage.writes;
		rememberLabels(storage, 'u1', { buildings: [{ id: 'b1', label: '1号楼' }] });
		expect(storage.writes).toBe(writes);
		rememberLabels(storage, 'u1', { buildings: [{ id: 'b1', label: '1栋' }] });
		expect(labelLookup(storage, 'u1').buildingLabel('b1')).toBe('1栋');
		expect(labelLookup(storage, 'u1').buildingLabel('b2')).toBe('2号楼');
	});

	it('survives broken storage contents', () => {
		const storage = memoryStorage();
		storage.data.set('grid-dispatch:u1:labels:tasks', '{not json');
		expect(labelLookup(storage, 'u1').taskTitle('t1')).toBeUndefined();
		expect(labelLookup(null, 'u1').taskTitle('t1')).toBeUndefined();
	});
});

describe('task views and seen alerts', () => {
	it('keeps the latest view of each task', () => {
		const storage = memoryStorage();
		noteTaskViewed(storage, 'u1', 't1', 100);
		noteTaskViewed(storage, 'u1', 't2', 200);
		noteTaskViewed(storage, 'u1', 't1', 300);
		expect(taskViews(storage, 'u1')).toEqual({ t2: 200, t1: 300 });
	});

	it('tells never remembered apart from nothing seen', () => {
		const storage = memoryStorage();
		expect(seenAlerts(storage, 'u1')).toBeNull();
		rememberSeenAlerts(storage, 'u1', []);
		expect(seenAlerts(storage, 'u1')).toEqual([]);
		rememberSeenAlerts(storage, 'u1', ['t:a']);
		expect(seenAlerts(storage, 'u1')).toEqual(['t:a']);
	});
});
