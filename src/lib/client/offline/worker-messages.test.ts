import { describe, expect, it } from 'vitest';
import { isToWorker } from './worker-messages';

describe('isToWorker', () => {
	it('accepts the three requests a page sends', () => {
		expect(isToWorker({ type: 'warm', paths: ['/', '/tasks'] })).toBe(true);
		expect(isToWorker({ type: 'clear' })).toBe(true);
		expect(isToWorker({ type: 'claim' })).toBe(true);
	});

	it('ignores anything else a page or an extension posts', () => {
		for (const message of [null, 'claim', 7, {}, { type: 'skipWaiting' }, { type: 'warm' }, { type: 'warm', paths: '/' }, { type: 'warm', paths: ['/', 1] }]) {
			expect(isToWorker(message), JSON.stringify(message)).toBe(false);
		}
	});
});
