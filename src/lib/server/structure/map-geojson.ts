import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase64urlNoPadding } from '@oslojs/encoding';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Polygonal } from '../../domain/geojson';
import { boundsOf } from '../../domain/geometry';
import type { MapCollection, MapFeature } from '../../domain/structure-map';
import { householdCounts } from '../community';
import { db } from '../db';
import { buildings, grids, memberships, microGrids, users } from '../db/schema';

const byLabel = (a: { label: string }, b: { label: string }) => a.label.localeCompare(b.label, 'zh-CN', { numeric: true });

async function loadRows(communityId: string) {
	return Promise.all([
		db().select().from(grids).where(eq(grids.communityId, communityId)).orderBy(asc(grids.sortOrder), asc(grids.name)),
		db()
			.select()
			.from(microGrids)
			.where(eq(microGrids.communityId, communityId))
			.orderBy(asc(microGrids.sortOrder), asc(microGrids.name)),
		db().select().from(buildings).where(eq(buildings.communityId, communityId)),
		householdCounts(communityId),
		db()
			.select({ userId: memberships.userId, role: memberships.role, gridId: memberships.gridId, microGridId: memberships.microGridId })
			.from(memberships)
			.innerJoin(users, eq(users.id, memberships.userId))
			.where(and(eq(memberships.communityId, communityId), inArray(memberships.role, ['chief', 'liaison']), isNull(users.disabledAt)))
			.orderBy(asc(users.username))
	]);
}

/**
 * The community as one FeatureCollection: grids, then micro-grids, then buildings (drawing
 * order), only those with geometry. Colours follow the grid's place in the grid order.
 */
export async function communityMap(communityId: string): Promise<MapCollection> {
	const [gridRows, microRows, buildingRows, counts, roleRows] = await loadRows(communityId);
	const colorOf = new Map(gridRows.map((grid, index) => [grid.id, index]));
	const gridOf = new Map(microRows.map((micro) => [micro.id, micro.gridId]));
	const byPlace = new Map<string, string[]>();
	for (const row of roleRows) {
		const key = `${row.role}:${row.role === 'chief' ? row.gridId : row.microGridId}`;
		byPlace.set(key, [...(byPlace.get(key) ?? []), row.userId]);
	}
	const holders = (role: 'chief' | 'liaison', placeId: string | null) => (placeId && byPlace.get(`${role}:${placeId}`)) || [];

	const features: MapFeature[] = [];
	const add = (geometry: Polygonal | null, properties: MapFeature['properties']) => {
		if (geometry) features.push({ type: 'Feature', id: properties.id, geometry, properties });
	};
	for (const grid of gridRows) {
		add(grid.geometry, { kind: 'grid', id: grid.id, name: grid.name, colorIndex: colorOf.get(grid.id)!, chiefIds: holders('chief', grid.id) });
	}
	for (const micro of microRows) {
		add(micro.geometry, {
			kind: 'microGrid',
			id: micro.id,
			name: micro.name,
			gridId: micro.gridId,
			colorIndex: colorOf.get(micro.gridId) ?? 0,
			liaisonIds: holders('liaison', micro.id)
		});
	}
	for (const building of buildingRows.sort(byLabel)) {
		const gridId = building.microGridId ? (gridOf.get(building.microGridId) ?? null) : null;
		add(building.geometry, {
			kind: 'building',
			id: building.id,
			name: building.label,
			label: building.label,
			gridId,
			microGridId: building.microGridId,
			compoundId: building.compoundId,
			colorIndex: gridId ? (colorOf.get(gridId) ?? null) : null,
			households: counts.get(building.id) ?? 0,
			units: building.units,
			floors: building.floors,
			roomsPerFloor: building.roomsPerFloor,
			liaisonIds: holders('liaison', building.microGridId)
		});
	}
	const bbox = boundsOf(features.map((f) => f.geometry));
	return bbox ? { type: 'FeatureCollection', bbox, features } : { type: 'FeatureCollection', features };
}

/** The serialized collection and its content hash, so an unchanged map revalidates as a 304. */
export function serializedMap(collection: MapCollection): { body: string; etag: string } {
	const body = JSON.stringify(collection);
	return { body, etag: `"${encodeBase64urlNoPadding(sha256(new TextEncoder().encode(body)))}"` };
}

/** True when the request's If-None-Match names this entity tag (weak or strong, or `*`). */
export function matchesEtag(request: Request, etag: string): boolean {
	const header = request.headers.get('if-none-match');
	if (!header) return false;
	return header.split(',').some((tag) => {
		const trimmed = tag.trim();
		return trimmed === '*' || trimmed.replace(/^W\//, '') === etag;
	});
}
