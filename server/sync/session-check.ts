import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Membership } from '../../src/lib/domain/roles';
import { db } from '../../src/lib/server/db';
import { memberships, sessions, users } from '../../src/lib/server/db/schema';
import { membershipColumns } from '../../src/lib/server/db/selections';

export type SessionState = { expiresAt: Date; memberships: Membership[] };

/** The sessions still valid (user not disabled) among `sessionIds`, with their users' current roles. */
export async function currentSessions(sessionIds: readonly string[]): Promise<Map<string, SessionState>> {
	if (sessionIds.length === 0) return new Map();
	const rows = await db()
		.select({ id: sessions.id, userId: sessions.userId, expiresAt: sessions.expiresAt })
		.from(sessions)
		.innerJoin(users, eq(users.id, sessions.userId))
		.where(and(inArray(sessions.id, [...sessionIds]), isNull(users.disabledAt)));
	const userIds = [...new Set(rows.map((row) => row.userId))];
	const roleRows =
		userIds.length === 0
			? []
			: await db()
					.select({ userId: memberships.userId, ...membershipColumns })
					.from(memberships)
					.where(inArray(memberships.userId, userIds));
	const byUser = new Map<string, Membership[]>();
	for (const { userId, ...membership } of roleRows) byUser.set(userId, [...(byUser.get(userId) ?? []), membership]);
	return new Map(rows.map((row) => [row.id, { expiresAt: row.expiresAt, memberships: byUser.get(row.userId) ?? [] }]));
}
