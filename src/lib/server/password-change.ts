import { eq } from 'drizzle-orm';
import * as v from 'valibot';
import { invalidateOtherSessions } from './auth';
import { db } from './db';
import { users } from './db/schema';
import { hashPassword, verifyPassword } from './passwords';

export const minPasswordLength = 8;

/** Message-catalogue keys the page translates. */
export type PasswordChangeError =
	| 'password_error_current'
	| 'password_error_short'
	| 'password_error_mismatch'
	| 'password_error_username'
	| 'password_error_same';

const form = v.object({
	current: v.pipe(v.string(), v.minLength(1, 'password_error_current'), v.maxLength(256, 'password_error_current')),
	next: v.pipe(v.string(), v.minLength(minPasswordLength, 'password_error_short'), v.maxLength(256, 'password_error_short')),
	repeat: v.string()
});

/** The form's rules without the database: length, typed twice alike, not the username, not the old one. */
export function checkNewPassword(input: Record<string, unknown>, username: string): { ok: true; current: string; next: string } | { ok: false; error: PasswordChangeError } {
	const parsed = v.safeParse(form, { current: input.current ?? '', next: input.next ?? '', repeat: input.repeat ?? '' });
	if (!parsed.success) return { ok: false, error: parsed.issues[0].message as PasswordChangeError };
	const { current, next, repeat } = parsed.output;
	if (next !== repeat) return { ok: false, error: 'password_error_mismatch' };
	if (next.trim().toLowerCase() === username.toLowerCase()) return { ok: false, error: 'password_error_username' };
	if (next === current) return { ok: false, error: 'password_error_same' };
	return { ok: true, current, next };
}

/**
 * Replaces the password once the current one is proven, clears the one-time flag and ends
 * every other session of the person (and closes their live sockets): whoever knew the old
 * password, or held another signed-in device, is out.
 */
export async function changePassword(
	user: { id: string; username: string },
	sessionId: string,
	input: Record<string, unknown>
): Promise<{ ok: true } | { ok: false; error: PasswordChangeError }> {
	const checked = checkNewPassword(input, user.username);
	if (!checked.ok) return checked;
	const [row] = await db().select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, user.id));
	if (!row || !(await verifyPassword(row.passwordHash, checked.current))) return { ok: false, error: 'password_error_current' };
	await db()
		.update(users)
		.set({ passwordHash: await hashPassword(checked.next), mustChangePassword: false })
		.where(eq(users.id, user.id));
	await invalidateOtherSessions(user.id, sessionId);
	return { ok: true };
}
