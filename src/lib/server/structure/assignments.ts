import { and, eq, inArray } from 'drizzle-orm';
import { membershipColumns } from '../db/selections';
import { mayBeAssignedIn } from '../../domain/permissions';
import type { Membership } from '../../domain/roles';
import { recordAudit } from '../audit';
import type { Tx } from '../db';
import { memberships, users } from '../db/schema';
import { newId } from '../ids';
import * as m from '../../paraglide/messages';
import { HttpRefusal } from '../refusal';
import { roleHolders } from './structure-records';

type Role = 'chief' | 'liaison';
const refusalKeys = {
	chief: { disabled: 'error_disabled_chiefs', elsewhere: 'error_foreign_chiefs' },
	liaison: { disabled: 'error_disabled_liaisons', elsewhere: 'error_foreign_liaisons' }
} as const;

const listed = (names: string[]) => names.join(m.list_separator());

/**
 * People may take a chief or liaison role here when they are active and every role they hold
 * is of this community (or they hold none): never a street or property account, nor someone
 * of another community (mayBeAssignedIn).
 */
export async function checkAssignable(tx: Tx, communityId: string, userIds: string[], role: Role): Promise<void> {
	if (userIds.length === 0) return;
	const people = await tx
		.select({ id: users.id, displayName: users.displayName, disabledAt: users.disabledAt })
		.from(users)
		.where(inArray(users.id, userIds));
	const unknown = userIds.filter((id) => !people.some((p) => p.id === id));
	if (unknown.length) {
		throw new HttpRefusal(400, 'error_unknown_users', { ids: listed(unknown) }, { userIds: unknown });
	}
	const disabled = people.filter((p) => p.disabledAt);
	if (disabled.length) {
		const names = disabled.map((p) => p.displayName);
		throw new HttpRefusal(400, refusalKeys[role].disabled, { names: listed(names) }, { userIds: disabled.map((p) => p.id) });
	}
	const roles: (Membership & { userId: string })[] = await tx
		.select({ userId: memberships.userId, ...membershipColumns })
		.from(memberships)
		.where(inArray(memberships.userId, userIds));
	const elsewhere = people.filter((person) => !mayBeAssignedIn(roles.filter((r) => r.userId === person.id), communityId));
	if (elsewhere.length) {
		const names = elsewhere.map((p) => p.displayName);
		throw new HttpRefusal(400, refusalKeys[role].elsewhere, { names: listed(names) }, { userIds: elsewhere.map((p) => p.id) });
	}
}

export type Reassignment = { communityId: string; actorId: string; role: Role; placeId: string; userIds: string[] };

/**
 * Makes exactly `userIds` hold the role at the place: adds and removes membership rows and
 * notes each in the people audit, so a person's page shows who gave or took the role.
 */
export async function replaceRoleHolders(tx: Tx, change: Reassignment): Promise<{ before: string[]; after: string[] }> {
	const { communityId, actorId, role, placeId } = change;
	const before = await roleHolders(tx, role, placeId);
	const scope = role === 'chief' ? { gridId: placeId, microGridId: null } : { gridId: null, microGridId: placeId };
	const placeColumn = role === 'chief' ? memberships.gridId : memberships.microGridId;
	const removed = before.filter((id) => !change.userIds.includes(id));
	const added = change.userIds.filter((id) => !before.includes(id));
	if (removed.length) {
		await tx
			.delete(memberships)
			.where(and(eq(memberships.role, role), eq(placeColumn, placeId), inArray(memberships.userId, removed)));
	}
	if (added.length) {
		await tx.insert(memberships).values(added.map((userId) => ({ id: newId(), userId, role, communityId, ...scope })));
	}
	for (const [userIds, action] of [[removed, 'role.remove'], [added, 'role.add']] as const) {
		for (const userId of userIds) {
			await recordAudit(tx, { communityId, actorId, action, targetUserId: userId, detail: { role, ...scope, orgId: null } });
		}
	}
	return { before, after: [...change.userIds].sort() };
}

/** Drops every role tied to a grid or micro-grid that is being deleted (the rows would block the delete). */
export async function dropRolesAt(tx: Tx, communityId: string, actorId: string, place: { gridId: string } | { microGridId: string }) {
	const column = 'gridId' in place ? memberships.gridId : memberships.microGridId;
	const placeId = 'gridId' in place ? place.gridId : place.microGridId;
	const rows = await tx.delete(memberships).where(eq(column, placeId)).returning();
	for (const row of rows) {
		await recordAudit(tx, {
			communityId,
			actorId,
			action: 'role.remove',
			targetUserId: row.userId,
			detail: { role: row.role, gridId: row.gridId, microGridId: row.microGridId, orgId: row.orgId }
		});
	}
	return rows.map((r) => r.userId);
}
