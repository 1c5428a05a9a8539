// The community of the benchmark, written like bench/sync/ours-setup.ts writes its own:
// `createFirstCommunity()` (street, community, secretary), then grids with a chief each,
// micro-grids with a liaison each (2 buildings of 48 households), buildings and households.
import { householdCode, householdDoors } from '../../src/lib/domain/households';
import { db } from '../../src/lib/server/db';
import { buildings, grids, households, memberships, microGrids, users } from '../../src/lib/server/db/schema';
import { newId } from '../../src/lib/server/ids';
import { hashPassword } from '../../src/lib/server/passwords';
import { createFirstCommunity } from '../../src/lib/server/setup';
import { eq } from 'drizzle-orm';
import { benchBuilding, benchDoors } from '../sync/progress-doc';

export const buildingsPerMicroGrid = 2;
export const microGridsPerGrid = 5;

export type LiaisonPlan = { userId: string; buildingIds: string[] };
export type CommunityPlan = {
	communityId: string;
	secretaryId: string;
	buildingIds: string[];
	liaisons: LiaisonPlan[];
	/** Household codes of every building (all buildings have the same doors). */
	doors: readonly string[];
};

export async function seedCommunity(households_: number): Promise<CommunityPlan> {
	const { communityId, username } = await createFirstCommunity({
		street: '长效街道',
		community: '一年社区',
		secretaryUsername: 'life-secretary',
		password: 'bench-password'
	});
	const [secretary] = await db().select({ id: users.id }).from(users).where(eq(users.username, username));
	const passwordHash = await hashPassword('bench-password');
	const buildingCount = Math.max(1, Math.round(households_ / benchDoors.length));
	const buildingIds = Array.from({ length: buildingCount }, () => newId());
	const liaisons: LiaisonPlan[] = [];
	const person = async (username: string, displayName: string) => {
		const id = newId();
		await db().insert(users).values({ id, username, displayName, passwordHash, affiliation: 'community_staff' });
		return id;
	};
	const microCount = Math.ceil(buildingCount / buildingsPerMicroGrid);
	const gridCount = Math.ceil(microCount / microGridsPerGrid);
	for (let g = 0; g < gridCount; g++) {
		const gridId = newId();
		await db().insert(grids).values({ id: gridId, communityId, name: `第${g + 1}网格`, sortOrder: g });
		const chiefId = await person(`life-chief-${g + 1}`, `网格长${g + 1}`);
		await db().insert(memberships).values({ id: newId(), userId: chiefId, role: 'chief', communityId, gridId });
		for (let m = g * microGridsPerGrid; m < Math.min(microCount, (g + 1) * microGridsPerGrid); m++) {
			const microGridId = newId();
			await db().insert(microGrids).values({ id: microGridId, gridId, communityId, name: `第${m + 1}微网格`, sortOrder: m });
			const liaisonId = await person(`life-liaison-${m + 1}`, `联络员${m + 1}`);
			await db().insert(memberships).values({ id: newId(), userId: liaisonId, role: 'liaison', communityId, microGridId });
			const own = buildingIds.slice(m * buildingsPerMicroGrid, (m + 1) * buildingsPerMicroGrid);
			const { units, floors, roomsPerFloor } = benchBuilding;
			await db()
				.insert(buildings)
				.values(own.map((id, i) => ({ id, communityId, microGridId, label: `${m * buildingsPerMicroGrid + i + 1}号楼`, units, floors, roomsPerFloor })));
			const doors = householdDoors(units, floors, roomsPerFloor);
			await db()
				.insert(households)
				.values(own.flatMap((buildingId) => doors.map((door) => ({ id: newId(), buildingId, code: householdCode(door), ...door }))));
			liaisons.push({ userId: liaisonId, buildingIds: own });
		}
	}
	return { communityId, secretaryId: secretary.id, buildingIds, liaisons, doors: benchDoors };
}
