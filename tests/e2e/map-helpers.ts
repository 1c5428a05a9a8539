import type { Page } from '@playwright/test';
import type {} from '../../src/lib/client/map/test-hook';
import { expect } from './fixtures';

/** Resolves once the map has applied its data at least once. */
export async function mapDataApplied(page: Page, message = 'map data applied') {
	await expect.poll(() => page.evaluate(() => window.gridDispatchMap?.loads ?? 0), { timeout: 20_000, message }).toBeGreaterThan(0);
}

/** Waits until MapLibre has nothing left to draw or animate; with `tiles: false`, base map tiles aside. */
export const mapIdle = (page: Page, { tiles = true } = {}) =>
	page.waitForFunction(
		(tiles) => {
			const map = window.gridDispatchMap?.map;
			return !!map && map.loaded() && !map.isMoving() && (!tiles || map.areTilesLoaded());
		},
		tiles,
		{ timeout: 20_000 }
	);
