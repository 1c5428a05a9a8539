// Prepares our server's database with the project's own code, before the server starts:
// migrations, one community per document with its secretary, a grid, a micro-grid, one
// building per writer, and a session per client. Writes the plan as JSON to --out.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { householdCode, householdDoors } from '../../src/lib/domain/households';
import { createSession, generateSessionToken } from '../../src/lib/server/auth';
import { closeDatabase, db, openDatabase, readDatabaseConfig } from '../../src/lib/server/db';
import { buildings, grids, households, microGrids, users } from '../../src/lib/server/db/schema';
import { newId } from '../../src/lib/server/ids';
import { createFirstCommunity } from '../../src/lib/server/setup';
import { prepareApp } from '../../src/lib/server/startup';
import { clientsOfDoc } from './options';
import type { DocPlan } from './plan';
import { benchBuilding } from './progress-doc';

async function addStructure(communityId: string, writers: number): Promise<string[]> {
	const gridId = newId();
	const microGridId = newId();
	await db().insert(grids).values({ id: gridId, communityId, name: '第一网格' });
	await db().insert(microGrids).values({ id: microGridId, gridId, communityId, name: '第一微网格' });
	const buildingIds = Array.from({ length: writers }, () => newId());
	const { units, floors, roomsPerFloor } = benchBuilding;
	await db()
		.insert(buildings)
		.values(buildingIds.map((id, i) => ({ id, communityId, microGridId, label: `${i + 1}号楼`, units, floors, roomsPerFloor })));
	const doors = householdDoors(units, floors, roomsPerFloor);
	await db()
		.insert(households)
		.values(buildingIds.flatMap((buildingId) => doors.map((door) => ({ id: newId(), buildingId, code: householdCode(door), ...door }))));
	return buildingIds;
}

async function addCommunity(index: number, clients: number, writers: number): Promise<DocPlan> {
	const { communityId, username } = await createFirstCommunity({
		street: '压测街道',
		community: `压测社区 ${index + 1}`,
		secretaryUsername: `bench-secretary-${index + 1}`,
		password: 'bench-password'
	});
	const [secretary] = await db().select({ id: users.id }).from(users).where(eq(users.username, username));
	const buildingIds = await addStructure(communityId, writers);
	const tokens: string[] = [];
	for (let i = 0; i < clients; i++) {
		const token = generateSessionToken();
		await createSession(token, secretary.id);
		tokens.push(token);
	}
	return { name: `community:${communityId}`, userId: secretary.id, buildingIds, tokens };
}

async function main() {
	const { values } = parseArgs({
		options: { clients: { type: 'string' }, docs: { type: 'string' }, writers: { type: 'string' }, out: { type: 'string' } }
	});
	const counts = { clients: Number(values.clients), docs: Number(values.docs) };
	const writers = Number(values.writers);
	process.env.DEMO = '0';
	openDatabase(readDatabaseConfig(process.env));
	await prepareApp();
	const plan: DocPlan[] = [];
	// One at a time: PGlite has a single connection and transactions must not interleave.
	for (let index = 0; index < counts.docs; index++) {
		plan.push(await addCommunity(index, clientsOfDoc(counts, index), writers));
	}
	writeFileSync(values.out!, JSON.stringify(plan));
}

main()
	.catch((error) => {
		console.error(error);
		process.exitCode = 1;
	})
	.finally(() => closeDatabase());
