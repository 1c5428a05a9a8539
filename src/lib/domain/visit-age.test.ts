import { describe, expect, it } from 'vitest';
import { daysSince, visitAgeBand } from './visit-age';

const beijing = (iso: string) => Date.parse(`${iso}+08:00`);
const now = beijing('2026-12-31T09:00:00');

describe('visitAgeBand', () => {
	it('colours by calendar days on the community clock: 0–7, 8–14, 15–30, over 30, never', () => {
		const band = (iso: string) => visitAgeBand(beijing(iso), now);
		expect(band('2026-12-31T08:59:00')).toBe('within7');
		expect(band('2026-12-24T00:00:00')).toBe('within7'); // 7 days
		expect(band('2026-12-23T23:59:00')).toBe('within14'); // 8 days
		expect(band('2026-12-17T00:00:00')).toBe('within14'); // 14 days
		expect(band('2026-12-16T12:00:00')).toBe('within30'); // 15 days
		expect(band('2026-12-01T00:00:00')).toBe('within30'); // 30 days
		expect(band('2026-11-30T23:00:00')).toBe('over30'); // 31 days
		expect(visitAgeBand(null, now)).toBe('never');
	});

	it('counts last night as one day ago, and a time ahead of now as today', () => {
		expect(daysSince(beijing('2026-12-30T23:00:00'), beijing('2026-12-31T01:00:00'))).toBe(1);
		expect(daysSince(beijing('2026-12-31T00:30:00'), beijing('2026-12-31T23:30:00'))).toBe(0);
		expect(daysSince(now + 3_600_000, now)).toBe(0);
		// Across the new year and a month end.
		expect(daysSince(beijing('2026-11-30T10:00:00'), beijing('2027-01-01T10:00:00'))).toBe(32);
	});
});
