/**
 * Who and where, for the demo's sample matters: the seeded people by username, each liaison's
 * buildings in the demo's order, and the handler a destination names.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { MatterDestination } from '../../domain/matters';
import type { Tx } from '../db';
import { buildings, communities, compounds, memberships, microGrids, users } from '../db/schema';
import type { Destination } from './demo-matter-samples';

export type SamplePlace = { buildingId: string; microGridId: string; gridId: string; orgId: string | null };

export type SamplePlaces = {
	communityId: string;
	streetId: string;
	userIds: Map<string, string>;
	/** Liaison01…liaison31's user ids. */
	liaisonIds: string[];
	buildingOf(liaison: number, index: number): SamplePlace;
	/** Where a route step sends a matter of `place`: its compound's property company, a named staff member, the street office. */
	destinationOf(to: Destination, place: SamplePlace): MatterDestination;
	/** Who works a matter routed to `destination` (a property company: its staff user). */
	handlerOf(destination: MatterDestination): string;
};

const labelNumber = (label: string) => Number.parseInt(label, 10);

export async function samplePlaces(tx: Tx): Promise<SamplePlaces | null> {
	const [community] = await tx.select().from(communities).where(eq(communities.name, '乐雅社区')).limit(1);
	if (!community) return null;
	const people = await tx.select({ id: users.id, username: users.username }).from(users);
	const userIds = new Map(people.map((p) => [p.username, p.id]));
	const liaisonIds = Array.from({ length: 31 }, (_, i) => userIds.get(`liaison${String(i + 1).padStart(2, '0')}`)!);
	const roles = await tx
		.select({ userId: memberships.userId, microGridId: memberships.microGridId })
		.from(memberships)
		.where(and(eq(memberships.role, 'liaison'), inArray(memberships.userId, liaisonIds)));
	const microRows = await tx.select({ id: microGrids.id, gridId: microGrids.gridId }).from(microGrids).where(eq(microGrids.communityId, community.id));
	const propertyStaff = await tx.select({ userId: memberships.userId, orgId: memberships.orgId }).from(memberships).where(eq(memberships.role, 'property'));
	const buildingRows = await tx
		.select({ id: buildings.id, label: buildings.label, microGridId: buildings.microGridId, orgId: compounds.propertyOrgId })
		.from(buildings)
		.leftJoin(compounds, eq(compounds.id, buildings.compoundId))
		.where(eq(buildings.communityId, community.id));
	return {
		communityId: community.id,
		streetId: community.streetId,
		userIds,
		liaisonIds,
		buildingOf(liaison, index) {
			const microGridId = roles.find((r) => r.userId === liaisonIds[liaison - 1])!.microGridId!;
			const gridId = microRows.find((m) => m.id === microGridId)!.gridId;
			const own = buildingRows.filter((b) => b.microGridId === microGridId).sort((a, b) => labelNumber(a.label) - labelNumber(b.label));
			const building = own[Math.min(index, own.length - 1)];
			return { buildingId: building.id, microGridId, gridId, orgId: building.orgId };
		},
		destinationOf(to, place) {
			if (to === 'street') return { kind: 'street', streetId: community.streetId };
			if (to.startsWith('community:')) return { kind: 'community', userId: userIds.get(to.slice('community:'.length))! };
			return { kind: 'property', orgId: place.orgId! };
		},
		handlerOf(destination) {
			if (destination.kind === 'street') return userIds.get('street1')!;
			if (destination.kind === 'community') return destination.userId;
			return propertyStaff.find((staff) => staff.orgId === destination.orgId)!.userId;
		}
	};
}
