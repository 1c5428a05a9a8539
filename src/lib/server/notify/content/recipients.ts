/**
 * Who a notice may reach: group robots by scope, and people (enabled accounts only) by role.
 * Each read is one narrow query; the builders combine them.
 */
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { MatterDestination } from '../../../domain/matters';
import { mentionablePhone } from '../../../domain/notice-text';
import { db } from '../../db';
import { memberships, notifyRobots, users } from '../../db/schema';

/** The grid groups' robots, by grid. */
export async function gridRobots(gridIds: readonly string[]): Promise<Map<string, string[]>> {
	const byGrid = new Map<string, string[]>();
	if (gridIds.length === 0) return byGrid;
	const rows = await db()
		.select({ id: notifyRobots.id, gridId: notifyRobots.gridId })
		.from(notifyRobots)
		.where(and(eq(notifyRobots.scope, 'grid'), inArray(notifyRobots.gridId, [...gridIds])))
		.orderBy(asc(notifyRobots.id));
	for (const row of rows) if (row.gridId) byGrid.set(row.gridId, [...(byGrid.get(row.gridId) ?? []), row.id]);
	return byGrid;
}

/** A property company's robots: they serve it in every community it works in. */
export async function orgRobots(orgId: string): Promise<string[]> {
	const rows = await db()
		.select({ id: notifyRobots.id })
		.from(notifyRobots)
		.where(and(eq(notifyRobots.scope, 'org'), eq(notifyRobots.orgId, orgId)))
		.orderBy(asc(notifyRobots.id));
	return rows.map((row) => row.id);
}

/** The community group's robots (the secretary's). */
export async function communityRobots(communityId: string): Promise<string[]> {
	const rows = await db()
		.select({ id: notifyRobots.id })
		.from(notifyRobots)
		.where(and(eq(notifyRobots.scope, 'community'), eq(notifyRobots.communityId, communityId)))
		.orderBy(asc(notifyRobots.id));
	return rows.map((row) => row.id);
}

export type Person = { id: string; name: string; phone: string };

/** The enabled ones of `userIds`, with their names and phones. */
export async function peopleByIds(userIds: readonly string[]): Promise<Map<string, Person>> {
	if (userIds.length === 0) return new Map();
	const rows = await db()
		.select({ id: users.id, name: users.displayName, phone: users.phone })
		.from(users)
		.where(and(inArray(users.id, [...new Set(userIds)]), isNull(users.disabledAt)));
	return new Map(rows.map((row) => [row.id, { ...row, phone: row.phone.trim() }]));
}

type RoleFilter = Parameters<typeof and>[0];

async function enabledHolders(filter: RoleFilter): Promise<string[]> {
	const rows = await db()
		.selectDistinct({ id: users.id })
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(and(filter, isNull(users.disabledAt)))
		.orderBy(asc(users.id));
	return rows.map((row) => row.id);
}

/** The community's secretaries. */
export function secretariesOf(communityId: string): Promise<string[]> {
	return enabledHolders(and(eq(memberships.role, 'secretary'), eq(memberships.communityId, communityId)));
}

/** The people who handle a matter routed to `destination`: the company's staff, the named person, the street office. */
export function handlersOf(destination: MatterDestination): Promise<string[]> {
	switch (destination.kind) {
		case 'property':
			return enabledHolders(and(eq(memberships.role, 'property'), eq(memberships.orgId, destination.orgId)));
		case 'community':
			return enabledHolders(eq(memberships.userId, destination.userId));
		case 'street':
			return enabledHolders(and(eq(memberships.role, 'street'), eq(memberships.streetId, destination.streetId)));
	}
}

/** Phones to @-mention, in the order given, without blanks, malformed ones or repeats. */
export function phonesOf(people: readonly (Person | undefined)[]): string[] {
	return [...new Set(people.flatMap((person) => mentionablePhone(person?.phone ?? '') ?? []))];
}
