import { describe, expect, it } from 'vitest';
import { epochOf, namedZone, wallTime } from './due-times';
import { addLimit, defaultLimits, dueState, isTimeLimit, matterDueAt } from './matter-deadlines';

const shanghai = namedZone('Asia/Shanghai');
const at = (year: number, month: number, day: number, hour: number, minute = 0) => epochOf({ year, month, day, hour, minute }, shanghai);
// 2026-12-04 is a Friday.
const fridayEvening = at(2026, 12, 4, 18);

describe('matter due times', () => {
	it('a matter routed to a property company on Friday 18:00 is due Monday 18:00 (3 days)', () => {
		expect(matterDueAt(fridayEvening, 'property', false, defaultLimits, shanghai)).toBe(at(2026, 12, 7, 18));
	});

	it('urgent is 24 hours whatever the destination; community 7 days, street 15', () => {
		for (const destination of ['property', 'community', 'street'] as const) {
			expect(matterDueAt(fridayEvening, destination, true, defaultLimits, shanghai)).toBe(at(2026, 12, 5, 18));
		}
		expect(matterDueAt(fridayEvening, 'community', false, defaultLimits, shanghai)).toBe(at(2026, 12, 11, 18));
		expect(matterDueAt(fridayEvening, 'street', false, defaultLimits, shanghai)).toBe(at(2026, 12, 19, 18));
	});

	it('3 working days from Friday 18:00 skip the weekend: Wednesday 18:00; from a Saturday, Wednesday too', () => {
		const workdays = { amount: 3, unit: 'workdays' } as const;
		expect(addLimit(fridayEvening, workdays, shanghai)).toBe(at(2026, 12, 9, 18));
		expect(wallTime(addLimit(at(2026, 12, 5, 10), workdays, shanghai), shanghai)).toMatchObject({ day: 9, hour: 10 });
	});

	it('days are wall-clock days in a zone with daylight saving', () => {
		const berlin = namedZone('Europe/Berlin');
		const beforeChange = epochOf({ year: 2026, month: 3, day: 27, hour: 18, minute: 0 }, berlin);
		expect(wallTime(addLimit(beforeChange, { amount: 3, unit: 'days' }, berlin), berlin)).toMatchObject({ day: 30, hour: 18 });
	});
});

describe('due state', () => {
	const due = at(2026, 12, 7, 18);
	it('on time until a day before, amber in the last day, red after the due time (not at it)', () => {
		expect(dueState(due, due - 86_400_000)).toBe('on-time');
		expect(dueState(due, due - 86_400_000 + 1)).toBe('due-soon');
		expect(dueState(due, due)).toBe('due-soon');
		expect(dueState(due, due + 1)).toBe('overdue');
		expect(dueState(null, due + 1)).toBe('on-time');
	});
});

describe('time limits the secretary sets', () => {
	it('accepts whole amounts within bounds and refuses anything else', () => {
		expect(isTimeLimit({ amount: 3, unit: 'days' })).toBe(true);
		expect(isTimeLimit({ amount: 24, unit: 'hours' })).toBe(true);
		for (const bad of [null, {}, { amount: 0, unit: 'days' }, { amount: 1.5, unit: 'days' }, { amount: 366, unit: 'days' }, { amount: 3, unit: 'weeks' }, { amount: '3', unit: 'days' }]) {
			expect(isTimeLimit(bad), JSON.stringify(bad)).toBe(false);
		}
	});
});
