import { and, desc, eq } from 'drizzle-orm';
import type { Tx } from './db';
import { auditEvents, users } from './db/schema';
import { newId } from './ids';

export type AuditEntry = {
	communityId: string | null;
	actorId: string | null;
	action: string;
	targetUserId?: string | null;
	detail?: Record<string, unknown>;
};

/** Records who changed what; written in the same transaction as the change itself. */
export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<void> {
	await tx.insert(auditEvents).values({
		id: newId(),
		communityId: entry.communityId,
		actorId: entry.actorId,
		action: entry.action,
		targetUserId: entry.targetUserId ?? null,
		detail: entry.detail ?? {}
	});
}

export async function listAudit(tx: Tx, communityId: string, limit = 100) {
	return tx
		.select({
			id: auditEvents.id,
			action: auditEvents.action,
			at: auditEvents.at,
			detail: auditEvents.detail,
			actorId: auditEvents.actorId,
			actorName: users.displayName,
			targetUserId: auditEvents.targetUserId
		})
		.from(auditEvents)
		.leftJoin(users, eq(users.id, auditEvents.actorId))
		.where(eq(auditEvents.communityId, communityId))
		.orderBy(desc(auditEvents.at))
		.limit(limit);
}

export async function listAuditForUser(tx: Tx, communityId: string, userId: string, limit = 50) {
	return tx
		.select({ id: auditEvents.id, action: auditEvents.action, at: auditEvents.at, detail: auditEvents.detail, actorName: users.displayName })
		.from(auditEvents)
		.leftJoin(users, eq(users.id, auditEvents.actorId))
		.where(and(eq(auditEvents.communityId, communityId), eq(auditEvents.targetUserId, userId)))
		.orderBy(desc(auditEvents.at))
		.limit(limit);
}
