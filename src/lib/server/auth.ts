import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase64url, encodeHexLowerCase } from '@oslojs/encoding';
import { and, eq, gt, isNull, lt, ne } from 'drizzle-orm';
import type { Membership, PersonSummary } from '../domain/roles';
import { db } from './db';
import { memberships, sessions, users } from './db/schema';
import { membershipColumns, personColumns } from './db/selections';
import { liveHub } from './live-hub';

const day = 24 * 60 * 60 * 1000;
/** A session ends after 30 days without use. */
export const sessionIdleMs = 30 * day;
/** Sessions with less than this left are extended on use, so active users stay signed in. */
const renewBelowMs = 15 * day;

export const sessionCookieName = 'grid-session';

export type SessionUser = PersonSummary & {
	memberships: Membership[];
	/** Signed in with a one-time password: every page leads to the password change until done. */
	mustChangePassword: boolean;
};
export type Session = { id: string; userId: string; expiresAt: Date };
export type SessionValidation = { session: Session; user: SessionUser } | { session: null; user: null };

export function generateSessionToken(): string {
	return encodeBase64url(crypto.getRandomValues(new Uint8Array(18)));
}

/** The database stores only the SHA-256 of the token, so a leaked table signs nobody in. */
export function sessionIdOf(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export async function createSession(token: string, userId: string): Promise<Session> {
	const session = { id: sessionIdOf(token), userId, expiresAt: new Date(Date.now() + sessionIdleMs) };
	await db().insert(sessions).values(session);
	return session;
}

export async function loadMemberships(userId: string): Promise<Membership[]> {
	return db()
		.select(membershipColumns)
		.from(memberships)
		.where(eq(memberships.userId, userId));
}

export async function validateSessionToken(token: string): Promise<SessionValidation> {
	const sessionId = sessionIdOf(token);
	const [row] = await db()
		.select({
			session: sessions,
			user: personColumns,
			mustChangePassword: users.mustChangePassword
		})
		.from(sessions)
		.innerJoin(users, eq(sessions.userId, users.id))
		.where(and(eq(sessions.id, sessionId), isNull(users.disabledAt)));
	if (!row) return { session: null, user: null };

	const session: Session = { id: row.session.id, userId: row.session.userId, expiresAt: row.session.expiresAt };
	const now = Date.now();
	if (now >= session.expiresAt.getTime()) {
		await db().delete(sessions).where(eq(sessions.id, sessionId));
		return { session: null, user: null };
	}
	if (now >= session.expiresAt.getTime() - renewBelowMs) {
		session.expiresAt = new Date(now + sessionIdleMs);
		await db().update(sessions).set({ expiresAt: session.expiresAt }).where(eq(sessions.id, sessionId));
	}
	return { session, user: { ...row.user, memberships: await loadMemberships(row.user.id), mustChangePassword: row.mustChangePassword } };
}

/** Ends a session, and closes its live-document sockets (4401) on every instance. */
export async function invalidateSession(sessionId: string): Promise<void> {
	await db().delete(sessions).where(eq(sessions.id, sessionId));
	await liveHub()?.endSession(sessionId);
}

/** Ends every session of a user but the one in use (a password change), and their sockets. */
export async function invalidateOtherSessions(userId: string, keepSessionId: string): Promise<void> {
	const ended = await db()
		.delete(sessions)
		.where(and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId)))
		.returning({ id: sessions.id });
	for (const { id } of ended) await liveHub()?.endSession(id);
}

/** Ends every session of a user at once (disabling, password reset). */
export async function invalidateUserSessions(userId: string): Promise<void> {
	await db().delete(sessions).where(eq(sessions.userId, userId));
	await liveHub()?.endUser(userId);
}

export async function deleteExpiredSessions(): Promise<void> {
	await db().delete(sessions).where(lt(sessions.expiresAt, new Date()));
}

export async function countLiveSessions(userId: string): Promise<number> {
	const rows = await db()
		.select({ id: sessions.id })
		.from(sessions)
		.where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, new Date())));
	return rows.length;
}

type CookieJar = {
	set(name: string, value: string, options: { path: string } & Record<string, unknown>): void;
	delete(name: string, options: { path: string } & Record<string, unknown>): void;
};

export function setSessionCookie(cookies: CookieJar, token: string, expiresAt: Date, secure: boolean) {
	cookies.set(sessionCookieName, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires: expiresAt });
}

export function deleteSessionCookie(cookies: CookieJar, secure: boolean) {
	cookies.delete(sessionCookieName, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}
