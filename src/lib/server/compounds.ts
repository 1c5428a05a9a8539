import { asc, count, eq } from 'drizzle-orm';
import { db } from './db';
import { buildings, communities, compounds, households } from './db/schema';

/** The compounds a property company runs, with their size. */
export async function compoundsOfOrg(orgId: string) {
	const rows = await db()
		.select({ id: compounds.id, name: compounds.name, communityName: communities.name })
		.from(compounds)
		.innerJoin(communities, eq(communities.id, compounds.communityId))
		.where(eq(compounds.propertyOrgId, orgId))
		.orderBy(asc(compounds.name));
	return Promise.all(
		rows.map(async (compound) => {
			const [b] = await db().select({ n: count() }).from(buildings).where(eq(buildings.compoundId, compound.id));
			const [h] = await db()
				.select({ n: count() })
				.from(households)
				.innerJoin(buildings, eq(buildings.id, households.buildingId))
				.where(eq(buildings.compoundId, compound.id));
			return { ...compound, buildings: b.n, households: h.n };
		})
	);
}
