// Fills the demo community with matters written straight into the tables (no API, no events):
// a mix of statuses, places, reporters, destinations and photos like a community's two years.
import { eq } from 'drizzle-orm';
import type { Position } from '../../src/lib/domain/geojson';
import { representativePoint } from '../../src/lib/domain/geometry';
import type { MatterDestination, MatterStatus } from '../../src/lib/domain/matters';
import { db } from '../../src/lib/server/db';
import { buildings, communities, compounds, matters, memberships, microGrids, photos } from '../../src/lib/server/db/schema';
import { newId } from '../../src/lib/server/ids';
import { seededRandom } from '../board/community';

const hour = 3_600_000;
const day = 24 * hour;

/** Share of each status, and how far back (days) such a matter was reported. */
const statusMix: [MatterStatus, number, number][] = [
	['unverified', 0.03, 10],
	['reported', 0.08, 14],
	['routed', 0.06, 20],
	['accepted', 0.1, 40],
	['resolved', 0.05, 30],
	['closed', 0.58, 730],
	['rejected', 0.06, 730],
	['merged', 0.04, 730]
];

const problems = [
	'楼道堆放杂物，影响通行',
	'路灯不亮，晚上出入不便',
	'雨水管道堵塞，下雨积水',
	'绿化带树木枯死，需要补种',
	'单元门禁损坏，外来人员随意进出',
	'电动车在楼道充电，存在火灾隐患',
	'垃圾桶满溢，气味很大',
	'邻里因噪音发生争执，需要调解',
	'外墙瓷砖松动，有坠落危险',
	'小区道路坑洼，老人行走不便'
];

type Place = { buildingId: string; gridId: string; microGridId: string; orgId: string | null; centre: Position };

type Community = {
	id: string;
	streetId: string;
	places: Place[];
	liaisonsByMicroGrid: Map<string, string[]>;
	chiefsByGrid: Map<string, string[]>;
	secretaryId: string;
	staffIds: string[];
};

async function readCommunity(): Promise<Community> {
	const [community] = await db().select({ id: communities.id, streetId: communities.streetId }).from(communities).limit(1);
	const rows = await db()
		.select({ id: buildings.id, microGridId: buildings.microGridId, geometry: buildings.geometry, gridId: microGrids.gridId, orgId: compounds.propertyOrgId })
		.from(buildings)
		.innerJoin(microGrids, eq(microGrids.id, buildings.microGridId))
		.leftJoin(compounds, eq(compounds.id, buildings.compoundId))
		.where(eq(buildings.communityId, community.id));
	const places = rows
		.filter((r) => r.geometry)
		.map((r) => ({ buildingId: r.id, gridId: r.gridId, microGridId: r.microGridId!, orgId: r.orgId, centre: representativePoint(r.geometry!) }));
	const roles = await db().select().from(memberships).where(eq(memberships.communityId, community.id));
	const group = (role: string, key: 'gridId' | 'microGridId') => {
		const map = new Map<string, string[]>();
		for (const m of roles.filter((r) => r.role === role && r[key])) map.set(m[key]!, [...(map.get(m[key]!) ?? []), m.userId]);
		return map;
	};
	const secretaryId = roles.find((r) => r.role === 'secretary')!.userId;
	const chiefsByGrid = group('chief', 'gridId');
	return {
		id: community.id,
		streetId: community.streetId,
		places,
		liaisonsByMicroGrid: group('liaison', 'microGridId'),
		chiefsByGrid,
		secretaryId,
		staffIds: [secretaryId, ...[...chiefsByGrid.values()].flat()]
	};
}

function pick<T>(random: () => number, items: readonly T[]): T {
	return items[Math.floor(random() * items.length)];
}

function pickStatus(random: () => number): [MatterStatus, number] {
	let left = random();
	for (const [status, share, days] of statusMix) {
		if ((left -= share) <= 0) return [status, days];
	}
	return ['closed', 730];
}

type MatterInsert = typeof matters.$inferInsert;

function oneMatter(c: Community, random: () => number, categoryIds: string[], now: number, index: number, earlier: string[]): MatterInsert {
	const [status, backDays] = pickStatus(random);
	const place = pick(random, c.places);
	const atPoint = random() < 0.15;
	const who = random();
	const reportedBy =
		who < 0.7
			? pick(random, c.liaisonsByMicroGrid.get(place.microGridId) ?? [c.secretaryId])
			: who < 0.9
				? pick(random, c.chiefsByGrid.get(place.gridId) ?? [c.secretaryId])
				: c.secretaryId;
	const reportedAt = now - random() * backDays * day;
	const urgent = random() < 0.05;
	const handledOnSpot = status === 'closed' && random() < 0.05;
	const routed = ['routed', 'accepted', 'resolved'].includes(status) || (status === 'closed' && !handledOnSpot);
	let destination: MatterDestination | null = null;
	let limitDays = 0;
	if (routed) {
		const kind = random();
		if (kind < 0.55 && place.orgId) [destination, limitDays] = [{ kind: 'property', orgId: place.orgId }, 3];
		else if (kind < 0.85) [destination, limitDays] = [{ kind: 'community', userId: pick(random, c.staffIds) }, 7];
		else [destination, limitDays] = [{ kind: 'street', streetId: c.streetId }, 15];
	}
	const routedAt = routed ? reportedAt + (1 + random() * 71) * hour : null;
	const dueAt = routedAt === null ? null : routedAt + (urgent ? 1 : limitDays) * day;
	const acceptedAt = routedAt !== null && status !== 'routed' ? routedAt + random() * 8 * hour : null;
	const resolvedAt = acceptedAt !== null && (status === 'resolved' || status === 'closed') ? acceptedAt + random() * limitDays * 1.3 * day : null;
	const finished = ['closed', 'rejected', 'merged'].includes(status);
	const closedAt = finished ? (resolvedAt ?? reportedAt + random() * 5 * day) + random() * 2 * day : null;
	const last = Math.min(now, Math.max(reportedAt, routedAt ?? 0, acceptedAt ?? 0, resolvedAt ?? 0, closedAt ?? 0));
	const date = (t: number | null) => (t === null ? null : new Date(Math.min(t, now)));
	const jitter = () => (random() - 0.5) * 0.0006;
	return {
		id: newId(),
		communityId: c.id,
		clientKey: `bench-${index}`,
		categoryId: pick(random, categoryIds),
		buildingId: atPoint ? null : place.buildingId,
		gridId: place.gridId,
		microGridId: place.microGridId,
		point: atPoint ? [place.centre[0] + jitter(), place.centre[1] + jitter()] : null,
		description: `${pick(random, problems)}（第${index + 1}号）`,
		urgent,
		source: random() < 0.2 ? 'resident' : 'staff',
		status,
		returned: status === 'reported' && random() < 0.1,
		handledOnSpot,
		reportedBy,
		reportedAt: new Date(reportedAt),
		destination,
		routedAt: date(routedAt),
		acceptedAt: date(acceptedAt),
		dueAt: date(dueAt),
		extensionPending: status === 'accepted' && random() < 0.05,
		reminders: status === 'accepted' && random() < 0.2 ? 1 : 0,
		mergedInto: status === 'merged' && earlier.length ? pick(random, earlier) : null,
		resolvedAt: date(resolvedAt),
		closedAt: date(closedAt),
		updatedAt: new Date(last)
	};
}

/** A few bytes stand in for a photo: the list only reads a photo's id. */
const fakeImage = new Uint8Array(64);

export type SeededMatters = { communityId: string; matters: number; photos: number; byStatus: Record<string, number> };

/** Inserts `count` matters (seeded, so every run has the same mix) and a photo or more for 40 % of them. */
export async function seedMatters(count: number, categoryIds: string[], seed: number, now = Date.now()): Promise<SeededMatters> {
	const random = seededRandom(seed);
	const community = await readCommunity();
	const ids: string[] = [];
	const byStatus: Record<string, number> = {};
	let photoCount = 0;
	for (let start = 0; start < count; start += 500) {
		const batch: MatterInsert[] = [];
		for (let i = start; i < Math.min(count, start + 500); i++) {
			const matter = oneMatter(community, random, categoryIds, now, i, ids);
			batch.push(matter);
			ids.push(matter.id);
			byStatus[matter.status] = (byStatus[matter.status] ?? 0) + 1;
		}
		await db().insert(matters).values(batch);
		const photoRows = batch.flatMap((m) =>
			random() < 0.4
				? Array.from({ length: 1 + Math.floor(random() * 3) }, (_, k) => ({
						id: newId(),
						communityId: community.id,
						uploadedBy: m.reportedBy,
						matterId: m.id,
						image: fakeImage,
						thumb: fakeImage,
						width: 1600,
						height: 1200,
						createdAt: new Date(m.reportedAt!.getTime() + k)
					}))
				: []
		);
		if (photoRows.length) await db().insert(photos).values(photoRows);
		photoCount += photoRows.length;
	}
	return { communityId: community.id, matters: count, photos: photoCount, byStatus };
}
