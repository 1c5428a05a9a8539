import { describe, expect, it } from 'vitest';
import { isResidentPhone, phoneDigits, residentReportRecipient, residentThrottle, residentThrottleKeys, windowOver } from './resident-reports';

describe("a resident's call-back phone", () => {
	it('takes a mobile, with +86 or spaces, and a landline with or without area code and extension', () => {
		for (const typed of ['13812345678', '+86 138 1234 5678', '86-13812345678', '010-12345678', '0571 8888 8888', '(025)83456789', '83456789', '025-83456789-102']) {
			expect(isResidentPhone(phoneDigits(typed)), typed).toBe(true);
		}
	});

	it('refuses what cannot be called back: too short, letters, a mobile of the wrong length, too long', () => {
		for (const typed of ['12345', 'call me', '1381234567', '138123456789', '23812345678', '1'.repeat(30), '010-1234567-1234567', '0000000']) {
			expect(isResidentPhone(phoneDigits(typed)), typed).toBe(false);
		}
	});
});

describe('the resident report throttle', () => {
	it('counts a report against its address and its building, a photo against other counters', () => {
		const report = residentThrottleKeys('report', '10.0.0.7', 'b1');
		expect(report).toEqual([
			{ key: 'report:address:10.0.0.7', rule: residentThrottle.reportsPerAddress },
			{ key: 'report:building:b1', rule: residentThrottle.reportsPerBuilding }
		]);
		expect(residentThrottleKeys('photo', '10.0.0.7', 'b1').map((k) => k.key)).toEqual(['photo:address:10.0.0.7', 'photo:building:b1']);
		expect(residentThrottleKeys('report', 'x'.repeat(500), 'b1')[0].key.length).toBeLessThan(80);
	});

	it('starts counting again once the window is over', () => {
		const rule = { limit: 5, windowMinutes: 60 };
		expect(windowOver(0, 59 * 60_000, rule)).toBe(false);
		expect(windowOver(0, 60 * 60_000, rule)).toBe(true);
	});
});

describe('whom a resident report is filed under', () => {
	it('the first liaison of the micro-grid, else the first chief of the grid, else the secretary', () => {
		expect(residentReportRecipient({ liaisonIds: ['l1', 'l2'], chiefIds: ['c1'], secretaryIds: ['s1'] })).toBe('l1');
		expect(residentReportRecipient({ liaisonIds: [], chiefIds: ['c1'], secretaryIds: ['s1'] })).toBe('c1');
		expect(residentReportRecipient({ liaisonIds: [], chiefIds: [], secretaryIds: ['s1'] })).toBe('s1');
		expect(residentReportRecipient({ liaisonIds: [], chiefIds: [], secretaryIds: [] })).toBeNull();
	});
});
