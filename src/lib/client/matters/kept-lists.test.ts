import { describe, expect, it } from 'vitest';
import { categoriesOf, keptMineOf, summariesOf } from './kept-lists';

const category = { id: 'c1', name: '公用设施', nameEn: 'Public facilities', parentId: null, limits: null, sortOrder: 1 };
const summary = { id: 'm1', status: 'routed', category: 'c1', reportedAt: 1, destinationName: '光明物业' };

describe('kept lists', () => {
	it('take categories of the API shape and nothing else', () => {
		expect(categoriesOf([category, { ...category, id: 'c2', parentId: 'c1' }])).toHaveLength(2);
		expect(categoriesOf([{ ...category, parentId: 3 }])).toBeNull();
		expect(categoriesOf({ categories: [] })).toBeNull();
	});

	it('take the list of own reports as the API answers it', () => {
		expect(summariesOf({ matters: [summary] })).toEqual([summary]);
		expect(summariesOf({ matters: [{ ...summary, status: 'lost' }] })).toBeNull();
		expect(summariesOf([summary])).toBeNull();
	});

	it('read back a kept list with the time it was fetched', () => {
		expect(keptMineOf({ matters: [summary], fetchedAt: 5 })).toEqual({ matters: [summary], fetchedAt: 5 });
		expect(keptMineOf({ matters: [summary] })).toBeNull();
		expect(keptMineOf(undefined)).toBeNull();
	});
});
