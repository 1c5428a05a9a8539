import { eq, sql } from 'drizzle-orm';
import { loginWaitSeconds } from '../domain/login-throttle';
import { db } from './db';
import { loginThrottle, users } from './db/schema';
import { verifyAgainstNothing, verifyPassword } from './passwords';

export type LoginResult =
	| { ok: true; userId: string }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'disabled' }
	| { ok: false; reason: 'throttled'; waitSeconds: number };

const normalise = (username: string) => username.trim().toLowerCase();

/**
 * Checks a username and password. After five failures for one username every further
 * try waits longer, whoever sends it; the wait is refused before the password is checked.
 */
export async function attemptLogin(rawUsername: string, password: string, now = new Date()): Promise<LoginResult> {
	const username = normalise(rawUsername);
	const [throttle] = await db().select().from(loginThrottle).where(eq(loginThrottle.username, username));
	if (throttle) {
		const waitSeconds = loginWaitSeconds(throttle.failures, throttle.lastFailureAt, now);
		if (waitSeconds > 0) return { ok: false, reason: 'throttled', waitSeconds };
	}

	const [user] = await db()
		.select({ id: users.id, passwordHash: users.passwordHash, disabledAt: users.disabledAt })
		.from(users)
		.where(eq(users.username, username));
	const valid = user ? await verifyPassword(user.passwordHash, password) : await verifyAgainstNothing(password);

	if (!valid || !user) {
		await recordFailure(username, now);
		return { ok: false, reason: 'invalid' };
	}
	await db().delete(loginThrottle).where(eq(loginThrottle.username, username));
	if (user.disabledAt) return { ok: false, reason: 'disabled' };
	return { ok: true, userId: user.id };
}

async function recordFailure(username: string, now: Date): Promise<void> {
	await db()
		.insert(loginThrottle)
		.values({ username, failures: 1, lastFailureAt: now })
		.onConflictDoUpdate({
			target: loginThrottle.username,
			set: { failures: sql`${loginThrottle.failures} + 1`, lastFailureAt: now }
		});
}
