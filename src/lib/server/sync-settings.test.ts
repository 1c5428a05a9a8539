import { describe, expect, it } from 'vitest';
import { readSyncSettings } from './sync-settings';

describe('readSyncSettings', () => {
	it('runs two log folds at once unless told otherwise, and at most eight', () => {
		expect(readSyncSettings({}).compactionsAtOnce).toBe(2);
		expect(readSyncSettings({ SYNC_COMPACTIONS_AT_ONCE: '3' }).compactionsAtOnce).toBe(3);
		for (const bad of ['0', '9', '1.5', 'two']) {
			expect(() => readSyncSettings({ SYNC_COMPACTIONS_AT_ONCE: bad }), bad).toThrow(/SYNC_COMPACTIONS_AT_ONCE/);
		}
	});
});
