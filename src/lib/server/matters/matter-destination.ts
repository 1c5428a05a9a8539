import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { MatterDestination } from '../../domain/matters';
import { db } from '../db';
import { buildings, compounds, memberships, users } from '../db/schema';
import { refusal } from '../refusal';
import type { MatterActor, MatterRow } from './matter-access';
import type { DestinationInput } from './matter-input';

/**
 * Who will handle a routed matter. `{ kind: 'property' }` alone means the company of the
 * matter's building's compound; a named company must run a compound of this community; a named
 * staff member must belong to it; the street is the community's own street office.
 */
export async function destinationFor(actor: MatterActor, row: MatterRow, input: DestinationInput): Promise<MatterDestination> {
	const communityId = actor.community.id;
	switch (input.kind) {
		case 'street':
			return { kind: 'street', streetId: actor.community.streetId };
		case 'community': {
			const [member] = await db()
				.select({ id: users.id })
				.from(memberships)
				.innerJoin(users, eq(users.id, memberships.userId))
				.where(and(eq(memberships.userId, input.userId), eq(memberships.communityId, communityId), inArray(memberships.role, ['secretary', 'chief', 'liaison']), isNull(users.disabledAt)))
				.limit(1);
			if (!member) throw refusal(400, 'error_matter_destination_unknown');
			return { kind: 'community', userId: member.id };
		}
		case 'property': {
			if (input.orgId) {
				const [run] = await db()
					.select({ id: compounds.id })
					.from(compounds)
					.where(and(eq(compounds.communityId, communityId), eq(compounds.propertyOrgId, input.orgId)))
					.limit(1);
				if (!run) throw refusal(400, 'error_matter_destination_unknown');
				return { kind: 'property', orgId: input.orgId };
			}
			const [compound] = row.buildingId
				? await db()
						.select({ orgId: compounds.propertyOrgId })
						.from(buildings)
						.innerJoin(compounds, eq(compounds.id, buildings.compoundId))
						.where(eq(buildings.id, row.buildingId))
				: [];
			if (!compound?.orgId) throw refusal(400, 'error_matter_no_property');
			return { kind: 'property', orgId: compound.orgId };
		}
	}
}
