import { describe, expect, it } from 'vitest';
import { nextDueStateChange } from './matter-deadlines';
import { nextToneChange, pinToneGroup, topCategoryOf } from './matter-pins';
import { matterTone } from './matter-stage';

const hour = 3_600_000;
const now = 1_800_000_000_000;

describe('the next colour change of pins', () => {
	it('a due time knows its two moments: amber a day before, red after it', () => {
		const due = now + 30 * hour;
		expect(nextDueStateChange(due, now)).toBe(due - 24 * hour + 1);
		expect(nextDueStateChange(due, due - 2 * hour)).toBe(due + 1);
		expect(nextDueStateChange(due, due + 1)).toBeNull();
		expect(nextDueStateChange(null, now)).toBeNull();
	});

	it('the earliest running matter sets it; closed or waiting matters never change by themselves', () => {
		const pins = [
			{ status: 'accepted' as const, dueAt: now + 30 * hour },
			{ status: 'routed' as const, dueAt: now + 2 * hour },
			{ status: 'closed' as const, dueAt: now + hour },
			{ status: 'reported' as const, dueAt: null }
		];
		const next = nextToneChange(pins, now)!;
		expect(next).toBe(now + 2 * hour + 1);
		expect(matterTone(pins[1], next)).toBe('overdue');
		expect(matterTone(pins[1], next - 1)).toBe('due-soon');
		expect(nextToneChange([pins[2], pins[3]], now)).toBeNull();
	});
});

describe('filter groups', () => {
	it('amber counts as open, the other tones are their own group', () => {
		expect(pinToneGroup('due-soon')).toBe('open');
		expect(pinToneGroup('open')).toBe('open');
		expect(pinToneGroup('overdue')).toBe('overdue');
		expect(pinToneGroup('resolved')).toBe('resolved');
		expect(pinToneGroup('closed')).toBe('closed');
	});

	it('a sub-category filters under its top category; an unknown one stands alone', () => {
		const categories = [
			{ id: 'facilities', parentId: null },
			{ id: 'lamp', parentId: 'facilities' }
		];
		expect(topCategoryOf('lamp', categories)).toBe('facilities');
		expect(topCategoryOf('facilities', categories)).toBe('facilities');
		expect(topCategoryOf('gone', categories)).toBe('gone');
	});
});
