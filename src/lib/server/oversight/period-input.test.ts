import { describe, expect, it } from 'vitest';
import { HttpRefusal } from '../refusal';
import { instantOf, periodFromQuery } from './period-input';

const beijing = (iso: string) => Date.parse(`${iso}+08:00`);
const now = beijing('2026-12-03T10:00:00');
const query = (search: string) => periodFromQuery(new URL(`http://x/api?${search}`), now);
const refusalOf = (search: string) => {
	try {
		query(search);
	} catch (caught) {
		if (caught instanceof HttpRefusal) return { status: caught.status, key: caught.key, params: caught.params };
		throw caught;
	}
	return null;
};

describe('periodFromQuery', () => {
	it('reads dates as midnight on the community clock and date-times as written, `to` excluded', () => {
		expect(query('from=2026-12-01&to=2026-12-08')).toEqual({ from: beijing('2026-12-01T00:00:00'), to: beijing('2026-12-08T00:00:00') });
		const exact = { from: Date.parse('2026-12-01T00:30:00Z'), to: beijing('2026-12-01T09:00:00.250') };
		expect(query('from=2026-12-01T00:30:00Z&to=2026-12-01T09:00:00.250%2B08:00')).toEqual(exact);
		// A `+` typed into the address arrives as a space.
		expect(query('from=2026-12-01T00:30:00Z&to=2026-12-01T09:00:00.250+08:00')).toEqual(exact);
	});

	it('defaults to the last 7 days up to now, or 7 days before a given end', () => {
		expect(query('')).toEqual({ from: now - 7 * 86_400_000, to: now });
		expect(query('to=2026-11-08')).toEqual({ from: beijing('2026-11-01T00:00:00'), to: beijing('2026-11-08T00:00:00') });
	});

	it('refuses what is not a date, a date that does not exist, years outside 2020–2099, and says which field', () => {
		for (const [search, field] of [
			['from=yesterday', 'from'],
			['to=2026-02-30', 'to'],
			['from=2026-13-01', 'from'],
			['from=2019-12-31', 'from'],
			['to=2100-01-01', 'to'],
			['from=2026-12-01T08:00', 'from'], // a time without its offset is ambiguous
			['to=2026-12-01T25:00:00Z', 'to'],
			[`from=${'2'.repeat(5000)}`, 'from'],
			['from=1733000000000', 'from']
		]) {
			const refused = refusalOf(search);
			expect(refused, search).toMatchObject({ status: 400, key: 'error_period_unreadable', params: { field } });
			expect(String(refused!.params.value).length).toBeLessThanOrEqual(40);
		}
	});

	it('refuses an end not after the start and a window longer than 400 days', () => {
		expect(refusalOf('from=2026-12-01&to=2026-12-01')).toMatchObject({ status: 400, key: 'error_period_order' });
		expect(refusalOf('from=2026-12-02&to=2026-12-01')).toMatchObject({ status: 400, key: 'error_period_order' });
		expect(refusalOf('from=2025-01-01&to=2026-02-06')).toMatchObject({ status: 400, key: 'error_period_too_long', params: { max: 400 } });
		expect(query('from=2025-01-01&to=2026-02-05').to).toBe(beijing('2026-02-05T00:00:00'));
	});

	it('instantOf checks the calendar of a date-time too', () => {
		expect(instantOf('2026-02-30T00:00:00Z')).toBeNull();
		expect(instantOf('2024-02-29')).toBe(beijing('2024-02-29T00:00:00'));
	});
});
