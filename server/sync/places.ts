import { eq } from 'drizzle-orm';
import type { BuildingPlace } from '../../src/lib/domain/live-rules';
import { db } from '../../src/lib/server/db';
import { buildings, microGrids } from '../../src/lib/server/db/schema';

/** Where each building of a community sits (its micro-grid and grid), for the write rules. */
export async function loadBuildingPlaces(communityId: string): Promise<Map<string, BuildingPlace>> {
	const rows = await db()
		.select({ id: buildings.id, microGridId: microGrids.id, gridId: microGrids.gridId })
		.from(buildings)
		.innerJoin(microGrids, eq(buildings.microGridId, microGrids.id))
		.where(eq(buildings.communityId, communityId));
	return new Map(rows.map((row) => [row.id, { gridId: row.gridId, microGridId: row.microGridId }]));
}

/**
 * The building places of one loaded community document. Structure lives in the database and
 * changes over HTTP; the sync server reloads the places when told that it changed (by the
 * structure services in this process, or by another instance over Redis).
 */
export class PlacesCache {
	readonly #communityId: string;
	readonly #load: typeof loadBuildingPlaces;
	#places: ReadonlyMap<string, BuildingPlace>;
	/** Reloads started, and the latest of them whose places are in use: a slow reload never overwrites what a later one read. */
	#started = 0;
	#inUse = 0;

	constructor(communityId: string, places: ReadonlyMap<string, BuildingPlace>, load = loadBuildingPlaces) {
		this.#communityId = communityId;
		this.#places = places;
		this.#load = load;
	}

	get(buildingId: string): BuildingPlace | undefined {
		return this.#places.get(buildingId);
	}

	/** Reads the places again; on failure keeps the old ones (logged) and resolves false. */
	async reload(): Promise<boolean> {
		const reload = ++this.#started;
		try {
			const places = await this.#load(this.#communityId);
			if (reload > this.#inUse) {
				this.#places = places;
				this.#inUse = reload;
			}
			return true;
		} catch (error) {
			console.error(`[sync] reloading the buildings of community ${this.#communityId} failed:`, error instanceof Error ? error.message : error);
			return false;
		}
	}
}
