import { inArray } from 'drizzle-orm';
import type { MatterDestination } from '../../domain/matters';
import { db } from '../db';
import { buildings, orgs, streets, users } from '../db/schema';
import type { MatterRow } from './matter-access';

export type MatterNames = {
	reporter(userId: string): string;
	building(buildingId: string | null): string | null;
	destination(destination: MatterDestination | null): string | null;
};

async function namesById(ids: Set<string>, read: (ids: string[]) => Promise<{ id: string; name: string }[]>): Promise<Map<string, string>> {
	return ids.size ? new Map((await read([...ids])).map((r) => [r.id, r.name])) : new Map();
}

/**
 * The names a list of matters mentions (reporters, buildings, handlers), each table read once
 * for the whole list by the ids it holds. Cheaper than joining every matter row to users and
 * buildings before the sort and limit: a community has far fewer people and buildings than matters.
 */
export async function namesFor(rows: readonly Pick<MatterRow, 'reportedBy' | 'buildingId' | 'destination'>[]): Promise<MatterNames> {
	const ids = { users: new Set<string>(), buildings: new Set<string>(), orgs: new Set<string>(), streets: new Set<string>() };
	for (const { reportedBy, buildingId, destination: d } of rows) {
		ids.users.add(reportedBy);
		if (buildingId) ids.buildings.add(buildingId);
		if (d?.kind === 'property') ids.orgs.add(d.orgId);
		if (d?.kind === 'community') ids.users.add(d.userId);
		if (d?.kind === 'street') ids.streets.add(d.streetId);
	}
	const [people, labels, companies, offices] = await Promise.all([
		namesById(ids.users, (list) => db().select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, list))),
		namesById(ids.buildings, (list) => db().select({ id: buildings.id, name: buildings.label }).from(buildings).where(inArray(buildings.id, list))),
		namesById(ids.orgs, (list) => db().select({ id: orgs.id, name: orgs.name }).from(orgs).where(inArray(orgs.id, list))),
		namesById(ids.streets, (list) => db().select({ id: streets.id, name: streets.name }).from(streets).where(inArray(streets.id, list)))
	]);
	return {
		reporter: (userId) => people.get(userId) ?? '',
		building: (buildingId) => (buildingId ? (labels.get(buildingId) ?? null) : null),
		destination: (d) => {
			if (!d) return null;
			if (d.kind === 'property') return companies.get(d.orgId) ?? null;
			if (d.kind === 'community') return people.get(d.userId) ?? null;
			return offices.get(d.streetId) ?? null;
		}
	};
}
