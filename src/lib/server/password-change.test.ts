import { describe, expect, it } from 'vitest';
import { checkNewPassword } from './password-change';

describe('checkNewPassword', () => {
	const check = (current: string, next: string, repeat = next) => {
		const result = checkNewPassword({ current, next, repeat }, 'zhaoxy');
		return result.ok ? 'ok' : result.error;
	};

	it('accepts a new password of at least 8 characters typed twice alike', () => {
		expect(check('k3x9q2m1pa', 'grid-2026-lane')).toBe('ok');
	});

	it('refuses a short, mistyped, username-like or unchanged password, and a missing current one', () => {
		expect(check('k3x9q2m1pa', 'short')).toBe('password_error_short');
		expect(check('k3x9q2m1pa', 'grid-2026-lane', 'grid-2026-lame')).toBe('password_error_mismatch');
		expect(check('k3x9q2m1pa', 'ZhaoXY')).toBe('password_error_short');
		expect(checkNewPassword({ current: 'k3x9q2m1pa', next: 'zhaoxy.x', repeat: 'zhaoxy.x' }, 'zhaoxy.x')).toEqual({ ok: false, error: 'password_error_username' });
		expect(check('k3x9q2m1pa', 'k3x9q2m1pa')).toBe('password_error_same');
		expect(check('', 'grid-2026-lane')).toBe('password_error_current');
	});
});
