import { describe, expect, it } from 'vitest';
import { loginDelaySeconds, loginWaitSeconds, perAddressRule, perUsernameRule } from './login-throttle';

describe('login throttle', () => {
	it('lets the first five failures through without delay', () => {
		for (let failures = 0; failures < 5; failures++) expect(loginDelaySeconds(failures)).toBe(0);
	});

	it('doubles the delay after each further failure, up to 15 minutes', () => {
		expect(loginDelaySeconds(5)).toBe(30);
		expect(loginDelaySeconds(6)).toBe(60);
		expect(loginDelaySeconds(7)).toBe(120);
		expect(loginDelaySeconds(40)).toBe(900);
	});

	it('counts the wait from the last failure', () => {
		const last = new Date('2026-01-01T00:00:00Z');
		expect(loginWaitSeconds(5, last, new Date('2026-01-01T00:00:10Z'))).toBe(20);
		expect(loginWaitSeconds(5, last, new Date('2026-01-01T00:00:30Z'))).toBe(0);
		expect(loginWaitSeconds(4, last, last)).toBe(0);
	});

	it('makes no one wait while failures are free, even if a concurrent try stamped a later failure time', () => {
		const stampedByOther = new Date('2026-01-01T00:00:00.300Z');
		expect(loginWaitSeconds(3, stampedByOther, new Date('2026-01-01T00:00:00Z'))).toBe(0);
	});

	it('waits no longer than the delay when a concurrent try stamped a later failure time', () => {
		const stampedByOther = new Date('2026-01-01T00:00:00.300Z');
		expect(loginWaitSeconds(5, stampedByOther, new Date('2026-01-01T00:00:00Z'))).toBe(30);
	});
});

describe('login throttle per username, from any address', () => {
	it('allows many more failures before slowing down, then waits longer', () => {
		expect(loginDelaySeconds(perUsernameRule.freeFailures - 1, perUsernameRule)).toBe(0);
		expect(loginDelaySeconds(perUsernameRule.freeFailures, perUsernameRule)).toBe(60);
		expect(perUsernameRule.freeFailures).toBeGreaterThan(perAddressRule.freeFailures * 4);
	});
});
