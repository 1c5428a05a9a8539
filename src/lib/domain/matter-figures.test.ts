import { describe, expect, it } from 'vitest';
import { matterFigures, periodSince, punctuality, type FigureMatter } from './matter-figures';

const hour = 3_600_000;
const day = 24 * hour;
// The period is days 10 to 17 (a week); the figures are read on day 18.
const t = (days: number, hours = 0) => days * day + hours * hour;
const period = { from: t(10), to: t(17) };
const now = t(18);

const matter = (overrides: Partial<FigureMatter>): FigureMatter => ({
	status: 'reported',
	handledOnSpot: false,
	reportedAt: t(11),
	routedAt: null,
	dueAt: null,
	closedAt: null,
	destination: null,
	...overrides
});
const property = { kind: 'property' as const };
const community = { kind: 'community' as const };
const street = { kind: 'street' as const };

const matters: FigureMatter[] = [
	// a: reported day 11, routed to the property company day 11, closed day 13 with a day to spare. On time, 2 days.
	matter({ status: 'closed', reportedAt: t(11), routedAt: t(11), dueAt: t(14), closedAt: t(13), destination: property }),
	// b: reported before the period, routed day 10, closed day 16 after its day-14 due time. Late, 8 days.
	matter({ status: 'closed', reportedAt: t(8), routedAt: t(10), dueAt: t(14), closedAt: t(16), destination: property }),
	// c: reported day 12, routed to community staff day 12, still in hand, due day 15: overdue now.
	matter({ status: 'accepted', reportedAt: t(12), routedAt: t(12), dueAt: t(15), destination: community }),
	// d: reported day 12, routed to the street day 12, due day 27: fine.
	matter({ status: 'routed', reportedAt: t(12), routedAt: t(12), dueAt: t(27), destination: street }),
	// e: handled on the spot on day 14: reported, never routed, not a closure.
	matter({ status: 'closed', handledOnSpot: true, reportedAt: t(14), closedAt: t(14) }),
	// f: rejected on day 15: reported, not a closure.
	matter({ status: 'rejected', reportedAt: t(15), closedAt: t(15) }),
	// g: reported day 16, awaiting routing.
	matter({ status: 'reported', reportedAt: t(16) }),
	// h: reported and routed long before, resolved and waiting for verification past its due time: not overdue (the handler is done).
	matter({ status: 'resolved', reportedAt: t(1), routedAt: t(1), dueAt: t(4), destination: property }),
	// i: reported long before, still in hand and past due: overdue now, whenever it was reported.
	matter({ status: 'accepted', reportedAt: t(2), routedAt: t(2), dueAt: t(5), destination: property }),
	// j: closed in time, but after the period (day 17, the end is excluded): counts nowhere but nothing.
	matter({ status: 'closed', reportedAt: t(16), routedAt: t(16), dueAt: t(19), closedAt: t(17), destination: street }),
	// k: closed in the period exactly at its due time (on time), 12 hours after its report.
	matter({ status: 'closed', reportedAt: t(12), routedAt: t(12, 1), dueAt: t(12, 12), closedAt: t(12, 12), destination: street })
];

describe('matter figures', () => {
	const figures = matterFigures(matters, period, now);

	it('counts the period in total by the definitions of the module', () => {
		expect(figures.total).toEqual({
			// a, c, d, e, f, g, j, k
			reported: 8,
			// a, b, c, d, k, j (j routed day 16)
			routed: 6,
			// a, b, k
			closed: 3,
			closedOnTime: 2,
			closedLate: 1,
			// c and i
			overdueOpen: 2,
			overdue: 3,
			onTimeRate: 2 / 3,
			// (2 days + 8 days + 12 hours) / 3 = 3.5 days
			averageCloseMs: t(3, 12)
		});
	});

	it('counts each destination over the matters routed to it', () => {
		expect(figures.byDestination.property).toMatchObject({ reported: 1, routed: 2, closed: 2, closedOnTime: 1, closedLate: 1, overdueOpen: 1, overdue: 2, onTimeRate: 0.5, averageCloseMs: t(5) });
		expect(figures.byDestination.community).toMatchObject({ reported: 1, routed: 1, closed: 0, overdueOpen: 1, overdue: 1, onTimeRate: null, averageCloseMs: null });
		expect(figures.byDestination.street).toMatchObject({ reported: 3, routed: 3, closed: 1, closedOnTime: 1, overdue: 0, onTimeRate: 1, averageCloseMs: 12 * hour });
	});

	it('the destinations add up to the routed part of the total', () => {
		const kinds = Object.values(figures.byDestination);
		expect(kinds.reduce((sum, f) => sum + f.closed, 0)).toBe(figures.total.closed);
		expect(kinds.reduce((sum, f) => sum + f.overdue, 0)).toBe(figures.total.overdue);
		expect(kinds.reduce((sum, f) => sum + f.routed, 0)).toBe(figures.total.routed);
	});

	it('has no rate and no average when nothing was closed', () => {
		const empty = matterFigures([], period, now);
		expect(empty.total).toEqual({ reported: 0, routed: 0, closed: 0, closedOnTime: 0, closedLate: 0, overdueOpen: 0, overdue: 0, onTimeRate: null, averageCloseMs: null });
		expect(empty).toMatchObject({ from: period.from, to: period.to, now });
	});
});

describe('punctuality of one matter', () => {
	it('on time, late, or not yet known', () => {
		expect(punctuality(matters[0], now)).toBe('on-time');
		expect(punctuality(matters[1], now)).toBe('late');
		expect(punctuality(matters[2], now)).toBe('late');
		expect(punctuality(matters[3], now)).toBeNull();
		expect(punctuality(matters[4], now)).toBeNull();
		expect(punctuality(matters[7], now)).toBeNull();
		// Exactly at the due time is on time.
		expect(punctuality(matters[10], now)).toBe('on-time');
	});
});

describe('the 会商 period', () => {
	it('runs from the end of the previous meeting, or the last 7 days, up to now', () => {
		expect(periodSince(t(11, 16), now)).toEqual({ from: t(11, 16), to: now });
		expect(periodSince(null, now)).toEqual({ from: t(11), to: now });
	});
});
