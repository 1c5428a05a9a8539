import { and, asc, eq, inArray, ne, or } from 'drizzle-orm';
import { membershipColumns } from './db/selections';
import { mayManagePeople, mayManagePerson, mayManagePublicSide, peopleVisibility, standingIn, type PeopleScope } from '../domain/permissions';
import type { Membership, PersonSummary, Principal, Role } from '../domain/roles';
import { listAuditForUser, recordAudit } from './audit';
import { invalidateUserSessions } from './auth';
import { db, type Tx } from './db';
import { compounds, grids, memberships, microGrids, orgs, users } from './db/schema';
import { newId } from './ids';
import { refusal } from './refusal';
import { generateInitialPassword, hashPassword } from './passwords';
import type { NewPerson, PersonDetails, RoleAssignment } from './people-input';

export type PersonRole = {
	membershipId: string;
	role: Role;
	gridId: string | null;
	gridName: string | null;
	microGridId: string | null;
	microGridName: string | null;
	orgId: string | null;
	orgName: string | null;
};

export type Person = PersonSummary & {
	affiliationOrgId: string | null;
	/** Agreed to have their phone on public signs (公示电话). */
	publicContact: boolean;
	disabled: boolean;
	roles: PersonRole[];
	/** May the viewer edit, disable, reset or give roles to this person (mayManagePerson)? */
	manageable: boolean;
};

/** Orgs that run a compound of the community: the property companies that may staff it. */
export async function communityOrgs(tx: Tx, communityId: string) {
	return tx
		.selectDistinct({ id: orgs.id, name: orgs.name })
		.from(orgs)
		.innerJoin(compounds, eq(compounds.propertyOrgId, orgs.id))
		.where(eq(compounds.communityId, communityId))
		.orderBy(asc(orgs.name));
}

/** Every role the people hold, in any community, street or company. */
async function membershipsOf(tx: Tx, userIds: string[]): Promise<Map<string, Membership[]>> {
	const rows = userIds.length
		? await tx
				.select({ userId: memberships.userId, ...membershipColumns })
				.from(memberships)
				.where(inArray(memberships.userId, userIds))
		: [];
	const byUser = new Map<string, Membership[]>();
	for (const { userId, ...held } of rows) byUser.set(userId, [...(byUser.get(userId) ?? []), held]);
	return byUser;
}

/** The community, and the property companies that run compounds here and nowhere else. */
async function peopleScope(tx: Tx, communityId: string): Promise<PeopleScope> {
	const orgIds = (await communityOrgs(tx, communityId)).map((o) => o.id);
	if (!orgIds.length) return { communityId, ownOrgIds: [] };
	const elsewhere = await tx
		.selectDistinct({ id: compounds.propertyOrgId })
		.from(compounds)
		.where(and(inArray(compounds.propertyOrgId, orgIds), ne(compounds.communityId, communityId)));
	return { communityId, ownOrgIds: orgIds.filter((id) => !elsewhere.some((e) => e.id === id)) };
}

async function rolesInCommunity(tx: Tx, communityId: string, userIds?: string[]) {
	const orgIds = (await communityOrgs(tx, communityId)).map((o) => o.id);
	const inCommunity = eq(memberships.communityId, communityId);
	const scope = orgIds.length ? or(inCommunity, and(eq(memberships.role, 'property'), inArray(memberships.orgId, orgIds))) : inCommunity;
	return tx
		.select({
			userId: memberships.userId,
			membershipId: memberships.id,
			role: memberships.role,
			gridId: memberships.gridId,
			gridName: grids.name,
			microGridId: memberships.microGridId,
			microGridName: microGrids.name,
			microGridGridId: microGrids.gridId,
			orgId: memberships.orgId,
			orgName: orgs.name
		})
		.from(memberships)
		.leftJoin(grids, eq(grids.id, memberships.gridId))
		.leftJoin(microGrids, eq(microGrids.id, memberships.microGridId))
		.leftJoin(orgs, eq(orgs.id, memberships.orgId))
		.where(userIds ? and(scope, inArray(memberships.userId, userIds)) : scope);
}

/** The people a secretary (everyone) or chief (its grids) may see, disabled ones included. */
export async function listPeople(principal: Principal, communityId: string): Promise<Person[]> {
	const standing = standingIn(principal, communityId);
	const visibility = peopleVisibility(standing);
	if (!visibility) throw refusal(403, 'error_forbidden');
	let roleRows = await rolesInCommunity(db(), communityId);
	if (!visibility.all) {
		const visible = new Set(
			roleRows
				.filter((r) => visibility.gridIds.includes(r.gridId ?? '') || visibility.gridIds.includes(r.microGridGridId ?? ''))
				.map((r) => r.userId)
		);
		roleRows = roleRows.filter((r) => visible.has(r.userId));
	}
	const userIds = [...new Set(roleRows.map((r) => r.userId))];
	if (userIds.length === 0) return [];
	const userRows = await db().select().from(users).where(inArray(users.id, userIds)).orderBy(asc(users.username));
	const [scope, held] = await Promise.all([peopleScope(db(), communityId), membershipsOf(db(), userIds)]);
	return userRows.map((user) =>
		toPerson(user, roleRows.filter((r) => r.userId === user.id), mayManagePerson(standing, scope, held.get(user.id) ?? []))
	);
}

function toPerson(user: typeof users.$inferSelect, roleRows: (PersonRole & { userId: string })[], manageable: boolean): Person {
	return {
		id: user.id,
		username: user.username,
		displayName: user.displayName,
		phone: user.phone,
		partyMember: user.partyMember,
		publicContact: user.publicContact,
		affiliation: user.affiliation,
		affiliationOrgId: user.affiliationOrgId,
		disabled: !!user.disabledAt,
		roles: roleRows.map(({ membershipId, role, gridId, gridName, microGridId, microGridName, orgId, orgName }) => ({
			membershipId, role, gridId, gridName, microGridId, microGridName, orgId, orgName
		})),
		manageable
	};
}

export async function getPerson(principal: Principal, communityId: string, userId: string) {
	const people = await listPeople(principal, communityId);
	const person = people.find((p) => p.id === userId);
	if (!person) throw refusal(404, 'error_person_not_found');
	return { person, history: await listAuditForUser(db(), communityId, userId) };
}

function requireManager(principal: Principal, communityId: string) {
	if (!mayManagePeople(standingIn(principal, communityId))) throw refusal(403, 'error_forbidden');
}

async function requireMember(tx: Tx, communityId: string, userId: string) {
	const rows = await rolesInCommunity(tx, communityId, [userId]);
	if (rows.length === 0) throw refusal(404, 'error_person_not_found');
}

/** A person of the community whose every role lies within the manager's reach (mayManagePerson). */
async function requireManageable(tx: Tx, principal: Principal, communityId: string, userId: string) {
	await requireMember(tx, communityId, userId);
	const held = (await membershipsOf(tx, [userId])).get(userId) ?? [];
	if (!mayManagePerson(standingIn(principal, communityId), await peopleScope(tx, communityId), held)) throw refusal(403, 'error_person_out_of_scope');
}

/** Checks that a role's scope lies inside the community and returns the membership row. */
async function scopedMembership(tx: Tx, communityId: string, userId: string, assignment: RoleAssignment) {
	const row = { id: newId(), userId, role: assignment.role, communityId: communityId as string | null, gridId: null as string | null, microGridId: null as string | null, orgId: null as string | null };
	if (assignment.role === 'chief') {
		const [grid] = await tx.select().from(grids).where(and(eq(grids.id, assignment.gridId!), eq(grids.communityId, communityId)));
		if (!grid) throw refusal(400, 'error_scope_grid');
		row.gridId = grid.id;
	} else if (assignment.role === 'liaison') {
		const [micro] = await tx.select().from(microGrids).where(and(eq(microGrids.id, assignment.microGridId!), eq(microGrids.communityId, communityId)));
		if (!micro) throw refusal(400, 'error_scope_micro_grid');
		row.microGridId = micro.id;
	} else if (assignment.role === 'property') {
		const allowed = (await communityOrgs(tx, communityId)).some((o) => o.id === assignment.orgId);
		if (!allowed) throw refusal(400, 'error_scope_org');
		row.orgId = assignment.orgId!;
		row.communityId = null;
	} else if (assignment.role !== 'secretary') {
		throw refusal(403, 'error_forbidden');
	}
	return row;
}

/** The consent to a public phone, from a form, for whoever may manage the public side; otherwise left as it is. */
function publicContactOf(principal: Principal, communityId: string, details: PersonDetails): { publicContact?: boolean } {
	return mayManagePublicSide(standingIn(principal, communityId)) ? { publicContact: details.publicContact } : {};
}

async function checkAffiliationOrg(tx: Tx, communityId: string, details: PersonDetails) {
	if (details.affiliation !== 'property_staff') return null;
	const allowed = (await communityOrgs(tx, communityId)).some((o) => o.id === details.affiliationOrgId);
	if (!allowed) throw refusal(400, 'error_org_required');
	return details.affiliationOrgId!;
}

export async function createPerson(principal: Principal, communityId: string, input: NewPerson) {
	requireManager(principal, communityId);
	const password = generateInitialPassword();
	const passwordHash = await hashPassword(password);
	return db().transaction(async (tx) => {
		const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.username, input.username));
		if (taken) throw refusal(400, 'error_username_taken', { username: input.username });
		const userId = newId();
		const affiliationOrgId = await checkAffiliationOrg(tx, communityId, input);
		await tx.insert(users).values({
			id: userId,
			username: input.username,
			displayName: input.displayName,
			phone: input.phone,
			passwordHash,
			partyMember: input.partyMember,
			...publicContactOf(principal, communityId, input),
			affiliation: input.affiliation,
			affiliationOrgId,
			mustChangePassword: true
		});
		const membership = await scopedMembership(tx, communityId, userId, input);
		await tx.insert(memberships).values(membership);
		await recordAudit(tx, {
			communityId,
			actorId: principal.userId,
			action: 'user.create',
			targetUserId: userId,
			detail: { username: input.username, displayName: input.displayName, role: input.role, gridId: membership.gridId, microGridId: membership.microGridId, orgId: membership.orgId }
		});
		return { userId, password };
	});
}

export async function updatePerson(principal: Principal, communityId: string, userId: string, details: PersonDetails) {
	requireManager(principal, communityId);
	await db().transaction(async (tx) => {
		await requireManageable(tx, principal, communityId, userId);
		const [before] = await tx.select().from(users).where(eq(users.id, userId));
		const after = {
			displayName: details.displayName,
			phone: details.phone,
			partyMember: details.partyMember,
			...publicContactOf(principal, communityId, details),
			affiliation: details.affiliation,
			affiliationOrgId: await checkAffiliationOrg(tx, communityId, details)
		};
		await tx.update(users).set(after).where(eq(users.id, userId));
		const changed = Object.fromEntries(
			Object.entries(after)
				.filter(([key, value]) => before[key as keyof typeof after] !== value)
				.map(([key, value]) => [key, { from: before[key as keyof typeof after], to: value }])
		);
		await recordAudit(tx, { communityId, actorId: principal.userId, action: 'user.update', targetUserId: userId, detail: changed });
	});
}

export async function addRole(principal: Principal, communityId: string, userId: string, assignment: RoleAssignment) {
	requireManager(principal, communityId);
	await db().transaction(async (tx) => {
		await requireManageable(tx, principal, communityId, userId);
		const row = await scopedMembership(tx, communityId, userId, assignment);
		const existing = await tx.select().from(memberships).where(and(eq(memberships.userId, userId), eq(memberships.role, row.role)));
		if (existing.some((m) => m.gridId === row.gridId && m.microGridId === row.microGridId && m.orgId === row.orgId && m.communityId === row.communityId)) {
			throw refusal(400, 'error_role_exists');
		}
		await tx.insert(memberships).values(row);
		await recordAudit(tx, { communityId, actorId: principal.userId, action: 'role.add', targetUserId: userId, detail: { role: row.role, gridId: row.gridId, microGridId: row.microGridId, orgId: row.orgId } });
	});
}

export async function removeRole(principal: Principal, communityId: string, userId: string, membershipId: string) {
	requireManager(principal, communityId);
	await db().transaction(async (tx) => {
		const rows = await rolesInCommunity(tx, communityId, [userId]);
		const row = rows.find((r) => r.membershipId === membershipId);
		if (!row) throw refusal(404, 'error_person_not_found');
		await tx.delete(memberships).where(eq(memberships.id, membershipId));
		await recordAudit(tx, { communityId, actorId: principal.userId, action: 'role.remove', targetUserId: userId, detail: { role: row.role, gridId: row.gridId, microGridId: row.microGridId, orgId: row.orgId } });
	});
}

/** Disabling ends every session of the person at once. */
export async function setDisabled(principal: Principal, communityId: string, userId: string, disabled: boolean) {
	requireManager(principal, communityId);
	if (disabled && userId === principal.userId) throw refusal(400, 'error_self_disable');
	await db().transaction(async (tx) => {
		await requireManageable(tx, principal, communityId, userId);
		await tx.update(users).set({ disabledAt: disabled ? new Date() : null }).where(eq(users.id, userId));
		await recordAudit(tx, { communityId, actorId: principal.userId, action: disabled ? 'user.disable' : 'user.enable', targetUserId: userId });
	});
	if (disabled) await invalidateUserSessions(userId);
}

export async function resetPassword(principal: Principal, communityId: string, userId: string): Promise<string> {
	requireManager(principal, communityId);
	const password = generateInitialPassword();
	await db().transaction(async (tx) => {
		await requireManageable(tx, principal, communityId, userId);
		await tx.update(users).set({ passwordHash: await hashPassword(password), mustChangePassword: true }).where(eq(users.id, userId));
		await recordAudit(tx, { communityId, actorId: principal.userId, action: 'user.password-reset', targetUserId: userId });
	});
	await invalidateUserSessions(userId);
	return password;
}

/** Grids, micro-grids and property companies a secretary can choose as a role's scope. */
export async function scopeChoices(communityId: string) {
	const [gridRows, microRows, orgRows] = await Promise.all([
		db().select({ id: grids.id, name: grids.name }).from(grids).where(eq(grids.communityId, communityId)).orderBy(asc(grids.sortOrder)),
		db()
			.select({ id: microGrids.id, name: microGrids.name, gridId: microGrids.gridId })
			.from(microGrids)
			.where(eq(microGrids.communityId, communityId))
			.orderBy(asc(microGrids.sortOrder)),
		communityOrgs(db(), communityId)
	]);
	return { grids: gridRows, microGrids: microRows, orgs: orgRows };
}
