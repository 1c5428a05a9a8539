/**
 * A resident's report through a building's QR code (`/b/<code>`, 反映问题): what it may hold, how
 * often one client address and one building may send, and whom it goes to. No account: the
 * throttle and the bounds are all that stand between the form and the database.
 */

export const residentReportLimits = {
	descriptionMin: 5,
	descriptionMax: 500,
	/** A phone as typed (spaces, dashes, +86) before it is checked. */
	phoneMax: 24,
	photos: 3,
	/** The JSON body of `POST /api/public/buildings/:code/reports`. */
	bodyBytes: 8 * 1024,
	/** One photo as sent, before it is re-encoded. */
	photoBytes: 8 * 1024 * 1024
} as const;

/** At most `limit` within a fixed window of `windowMinutes` that starts with the first one. */
export type WindowRule = { limit: number; windowMinutes: number };

/**
 * A neighbour with a real problem sends one or two; a building's whole stairwell may send a
 * score in an hour when its lift stops. Photos: a few per report.
 */
export const residentThrottle = {
	reportsPerAddress: { limit: 5, windowMinutes: 60 },
	reportsPerBuilding: { limit: 20, windowMinutes: 60 },
	photosPerAddress: { limit: 10, windowMinutes: 60 },
	photosPerBuilding: { limit: 40, windowMinutes: 60 }
} as const satisfies Record<string, WindowRule>;

export type ThrottleKey = { key: string; rule: WindowRule };

/** The counters one report (or one photo) from `address` at `buildingId` counts against. */
export function residentThrottleKeys(kind: 'report' | 'photo', address: string, buildingId: string): ThrottleKey[] {
	const rules = kind === 'report' ? [residentThrottle.reportsPerAddress, residentThrottle.reportsPerBuilding] : [residentThrottle.photosPerAddress, residentThrottle.photosPerBuilding];
	return [
		{ key: `${kind}:address:${address.slice(0, 64)}`, rule: rules[0] },
		{ key: `${kind}:building:${buildingId}`, rule: rules[1] }
	];
}

/** Whether a window that started at `windowStart` is over at `now`, so counting starts again. */
export function windowOver(windowStart: number, now: number, rule: WindowRule): boolean {
	return windowStart <= now - rule.windowMinutes * 60_000;
}

/**
 * A Chinese mobile (11 digits from 13–19, +86 allowed) or a landline (area code and 7–8 digits,
 * an extension after a dash), or a local number of 7–8 digits. Spaces and dashes between
 * groups are dropped first (`phoneDigits`).
 */
const mobile = /^(?:\+?86)?1[3-9]\d{9}$/;
const landline = /^(?:0\d{2,3})?[2-9]\d{6,7}$/;
const landlineWithExtension = /^(?:0\d{2,3}-?)?[2-9]\d{6,7}-\d{1,6}$/;

/** The phone as stored: spaces and brackets dropped, `+86-` as `+86`. */
export function phoneDigits(typed: string): string {
	return typed.replace(/[\s\u3000()（）]/g, '').replace(/^\+86-/, '+86');
}

export function isResidentPhone(phone: string): boolean {
	if (phone.length > residentReportLimits.phoneMax) return false;
	const plain = phone.replace(/-/g, '');
	return mobile.test(plain) || landline.test(plain) || landlineWithExtension.test(phone);
}

/**
 * Who a resident's report is filed under (`reportedBy`): the person who will check it on site
 * and answer the resident. The building's micro-grid's first liaison, else its grid's first
 * chief, else the community's secretary; null when the community has none of them.
 */
export function residentReportRecipient(people: { liaisonIds: readonly string[]; chiefIds: readonly string[]; secretaryIds: readonly string[] }): string | null {
	return people.liaisonIds[0] ?? people.chiefIds[0] ?? people.secretaryIds[0] ?? null;
}
