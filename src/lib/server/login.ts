import { and, eq, sql } from 'drizzle-orm';
import { loginWaitSeconds, perAddressRule, perUsernameRule } from '../domain/login-throttle';
import { db, type Tx } from './db';
import { loginThrottle, loginThrottleByAddress, users } from './db/schema';
import { verifyAgainstNothing, verifyPassword } from './passwords';

export type LoginResult =
	| { ok: true; userId: string }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'disabled' }
	| { ok: false; reason: 'throttled'; waitSeconds: number };

const normalise = (username: string) => username.trim().toLowerCase();

/**
 * Checks a username and password from a client address. Each try is counted as a failure
 * before the password is checked, in one transaction holding both counters' rows, so tries
 * sent at once cannot all slip past the check; a correct password clears the count again.
 * A try that must wait is refused before the password is checked and is not counted.
 */
export async function attemptLogin(rawUsername: string, password: string, clientAddress: string, now = new Date()): Promise<LoginResult> {
	const username = normalise(rawUsername);
	const address = clientAddress.slice(0, 64);
	const waitSeconds = await db().transaction((tx) => claimAttempt(tx, username, address, now));
	if (waitSeconds > 0) return { ok: false, reason: 'throttled', waitSeconds };

	const [user] = await db()
		.select({ id: users.id, passwordHash: users.passwordHash, disabledAt: users.disabledAt })
		.from(users)
		.where(eq(users.username, username));
	const valid = user ? await verifyPassword(user.passwordHash, password) : await verifyAgainstNothing(password);
	if (!valid || !user) return { ok: false, reason: 'invalid' };

	await db().delete(loginThrottle).where(eq(loginThrottle.username, username));
	await db().delete(loginThrottleByAddress).where(and(eq(loginThrottleByAddress.username, username), eq(loginThrottleByAddress.address, address)));
	if (user.disabledAt) return { ok: false, reason: 'disabled' };
	return { ok: true, userId: user.id };
}

/**
 * Seconds to wait, or 0 after counting this try. Each counter row is inserted or, when it is
 * there, locked by the same statement (a no-op ON CONFLICT update), so a concurrent try waits
 * for this one's count before it reads its own, and a row deleted meanwhile by a successful
 * sign-in is simply inserted again.
 */
async function claimAttempt(tx: Tx, username: string, address: string, now: Date): Promise<number> {
	const byAddress = and(eq(loginThrottleByAddress.username, username), eq(loginThrottleByAddress.address, address));
	const [global] = await tx
		.insert(loginThrottle)
		.values({ username, failures: 0, lastFailureAt: now })
		.onConflictDoUpdate({ target: loginThrottle.username, set: { username: sql`excluded.username` } })
		.returning();
	const [local] = await tx
		.insert(loginThrottleByAddress)
		.values({ username, address, failures: 0, lastFailureAt: now })
		.onConflictDoUpdate({ target: [loginThrottleByAddress.username, loginThrottleByAddress.address], set: { username: sql`excluded.username` } })
		.returning();
	const wait = Math.max(
		loginWaitSeconds(global.failures, global.lastFailureAt, now, perUsernameRule),
		loginWaitSeconds(local.failures, local.lastFailureAt, now, perAddressRule)
	);
	if (wait > 0) return wait;
	// `now` was taken before the lock: a try that waited behind a later one must not move its stamp back.
	const stamp = sql`${now.toISOString()}::timestamptz`;
	await tx
		.update(loginThrottle)
		.set({ failures: sql`${loginThrottle.failures} + 1`, lastFailureAt: sql`greatest(${loginThrottle.lastFailureAt}, ${stamp})` })
		.where(eq(loginThrottle.username, username));
	await tx
		.update(loginThrottleByAddress)
		.set({ failures: sql`${loginThrottleByAddress.failures} + 1`, lastFailureAt: sql`greatest(${loginThrottleByAddress.lastFailureAt}, ${stamp})` })
		.where(byAddress);
	return 0;
}
