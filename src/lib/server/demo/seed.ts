import { count, eq, sql } from 'drizzle-orm';
import type { Tx } from '../db';
import { db } from '../db';
import {
	appMeta,
	buildings,
	communities,
	compounds,
	grids,
	households,
	memberships,
	microGrids,
	orgs,
	streets,
	users
} from '../db/schema';
import { newId } from '../ids';
import { hashPassword } from '../passwords';
import { householdCode, householdDoors } from '../../domain/households';
import { demoCommunity, type DemoPerson } from './demo-community';

export const demoPassword = 'demo1234';
/** Kept in `app_meta` once the demo structure is seeded; the samples go only where it is. */
export const seededKey = 'demo-seeded';

/** Seeds 乐雅社区 into an empty database. Returns false when it was there already. */
export async function seedDemo(): Promise<boolean> {
	const passwordHash = await hashPassword(demoPassword);
	return db().transaction(async (tx) => {
		await tx.execute(sql`select pg_advisory_xact_lock(hashtext('grid-dispatch:seed'))`);
		const [{ n }] = await tx.select({ n: count() }).from(communities);
		const [seeded] = await tx.select().from(appMeta).where(eq(appMeta.key, seededKey));
		if (seeded || n > 0) return false;
		await insertDemo(tx, passwordHash);
		await tx.insert(appMeta).values({ key: seededKey, value: new Date().toISOString() });
		return true;
	});
}

async function insertDemo(tx: Tx, passwordHash: string): Promise<void> {
	const demo = demoCommunity();
	const streetId = newId();
	const communityId = newId();
	await tx.insert(streets).values({ id: streetId, name: demo.street.name });
	await tx.insert(communities).values({ id: communityId, streetId, name: demo.community.name, hotline: demo.community.hotline });

	const orgIds = new Map(demo.orgs.map((org) => [org.key, newId()]));
	await tx.insert(orgs).values(demo.orgs.map((org) => ({ id: orgIds.get(org.key)!, name: org.name, kind: 'property' as const })));
	const compoundIds = new Map(demo.compounds.map((c) => [c.key, newId()]));
	await tx.insert(compounds).values(
		demo.compounds.map((c) => ({ id: compoundIds.get(c.key)!, communityId, name: c.name, propertyOrgId: orgIds.get(c.orgKey)! }))
	);

	const addPerson = async (person: DemoPerson) => {
		const id = newId();
		await tx.insert(users).values({
			id,
			username: person.username,
			displayName: person.displayName,
			phone: person.phone,
			passwordHash,
			partyMember: person.partyMember,
			publicContact: person.publicContact,
			affiliation: person.affiliation,
			affiliationOrgId: person.orgKey ? orgIds.get(person.orgKey as 'guangming' | 'huajian') : null
		});
		return id;
	};
	const member = (userId: string, role: typeof memberships.$inferInsert.role, scope: Partial<typeof memberships.$inferInsert>) =>
		tx.insert(memberships).values({ id: newId(), userId, role, ...scope });

	await member(await addPerson(demo.secretary), 'secretary', { communityId });
	await member(await addPerson(demo.streetUser), 'street', { streetId });
	for (const person of demo.propertyUsers) {
		await member(await addPerson(person), 'property', { orgId: orgIds.get(person.orgKey as 'guangming' | 'huajian') });
	}

	const householdRows: (typeof households.$inferInsert)[] = [];
	for (const [gridIndex, grid] of demo.grids.entries()) {
		const gridId = newId();
		await tx.insert(grids).values({ id: gridId, communityId, name: grid.name, geometry: grid.geometry, sortOrder: gridIndex });
		await member(await addPerson(grid.chief), 'chief', { communityId, gridId });
		for (const [microIndex, micro] of grid.microGrids.entries()) {
			const microGridId = newId();
			await tx.insert(microGrids).values({
				id: microGridId,
				gridId,
				communityId,
				name: micro.name,
				geometry: micro.geometry,
				sortOrder: microIndex
			});
			await member(await addPerson(micro.liaison), 'liaison', { communityId, microGridId });
			for (const building of micro.buildings) {
				const buildingId = newId();
				await tx.insert(buildings).values({
					id: buildingId,
					communityId,
					compoundId: compoundIds.get(building.compoundKey)!,
					microGridId,
					label: building.label,
					geometry: building.geometry,
					units: building.units,
					floors: building.floors,
					roomsPerFloor: building.roomsPerFloor
				});
				householdRows.push(...householdRowsFor(buildingId, building));
			}
		}
	}
	for (let i = 0; i < householdRows.length; i += 500) {
		await tx.insert(households).values(householdRows.slice(i, i + 500));
	}
}

function householdRowsFor(
	buildingId: string,
	building: { units: number; floors: number; roomsPerFloor: number }
): (typeof households.$inferInsert)[] {
	return householdDoors(building.units, building.floors, building.roomsPerFloor).map((door) => ({
		id: newId(),
		buildingId,
		code: householdCode(door),
		...door
	}));
}
