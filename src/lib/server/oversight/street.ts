import { and, asc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import { streetCommunityOf, type EscalatedMatter, type StreetView } from '../../domain/oversight/street-view';
import { finalStatuses } from '../../domain/matters';
import { standingIn, type CommunityRef } from '../../domain/permissions';
import type { Principal } from '../../domain/roles';
import { db } from '../db';
import { communities, matters, streets } from '../db/schema';
import { loadDashboard } from './dashboard';

/** The streets the principal watches (street role); empty for everyone else. */
export const watchedStreetIds = (principal: Principal) => principal.memberships.filter((m) => m.role === 'street' && m.streetId).map((m) => m.streetId!);

async function escalatedMatters(communities: readonly { id: string; name: string }[]): Promise<EscalatedMatter[]> {
	if (communities.length === 0) return [];
	const names = new Map(communities.map((c) => [c.id, c.name]));
	const rows = await db()
		.select({ id: matters.id, communityId: matters.communityId, description: matters.description, status: matters.status, reportedAt: matters.reportedAt, routedAt: matters.routedAt, dueAt: matters.dueAt })
		.from(matters)
		.where(and(inArray(matters.communityId, [...names.keys()]), sql`${matters.destination}->>'kind' = 'street'`, notInArray(matters.status, [...finalStatuses])))
		.orderBy(asc(matters.dueAt));
	return rows.map((row) => ({
		...row,
		communityName: names.get(row.communityId) ?? '',
		reportedAt: row.reportedAt.getTime(),
		routedAt: row.routedAt?.getTime() ?? null,
		dueAt: row.dueAt?.getTime() ?? null
	}));
}

/** The watched streets with their communities in name order, in one read. */
async function streetsWithCommunities(streetIds: readonly string[]) {
	if (streetIds.length === 0) return [];
	const rows = await db()
		.select({ streetId: streets.id, streetName: streets.name, id: communities.id, name: communities.name })
		.from(streets)
		.leftJoin(communities, eq(communities.streetId, streets.id))
		.where(inArray(streets.id, [...streetIds]))
		.orderBy(asc(communities.name));
	return streetIds.map((streetId) => ({
		id: streetId,
		name: rows.find((row) => row.streetId === streetId)?.streetName ?? '',
		communities: rows.filter((row) => row.streetId === streetId && row.id !== null).map((row) => ({ id: row.id!, name: row.name! }))
	}));
}

/** `/street`: every community of each watched street, as its own dashboard sums it (without the trends it does not show). */
export async function loadStreetView(principal: Principal, now = Date.now()): Promise<StreetView> {
	const result: StreetView['streets'] = [];
	for (const street of await streetsWithCommunities(watchedStreetIds(principal))) {
		const lines = [];
		// One community at a time: a street of twenty must not open twenty sets of queries at once.
		for (const community of street.communities) {
			const ref: CommunityRef = { id: community.id, streetId: street.id };
			lines.push(streetCommunityOf(community, await loadDashboard(standingIn(principal, ref), now, null, { trends: false })));
		}
		result.push({ id: street.id, name: street.name, communities: lines, escalated: await escalatedMatters(street.communities) });
	}
	return { streets: result, now };
}
