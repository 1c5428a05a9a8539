import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type {} from '../../src/lib/client/map/test-hook';
import { expect, test } from './fixtures';
import {
	communityOf,
	dispatchTask,
	hasTask,
	householdsOf,
	isDemoBuilding,
	liaisonArea,
	markDoors,
	signInElsewhere,
	signInLive
} from './live-helpers';
import { mapDataApplied } from './map-helpers';

/**
 * The map in task mode: chief1 watches a task on /map?task=<id> while liaison01, in another
 * browser, records households. The building turns partial on the chief's map, live,
 * through feature state only: the structure source is not set again for it.
 */

const progressOf = (page: Page, buildingId: string) =>
	page.evaluate((id) => window.gridDispatchMap?.map?.getFeatureState({ source: 'structure', id })?.progress ?? null, buildingId);

/** Counts, in the page, every setData on the structure source and every new-content event of it. */
function instrument(page: Page, buildingId: string) {
	return page.evaluate((watched) => {
		const map = window.gridDispatchMap!.map!;
		const probe = { setData: 0, contentEvents: 0, partialAt: null as number | null };
		const source = map.getSource('structure') as unknown as { setData: (...args: unknown[]) => unknown };
		const setData = source.setData.bind(source);
		source.setData = (...args: unknown[]) => {
			probe.setData++;
			return setData(...args);
		};
		map.on('sourcedata', (event) => {
			if (event.sourceId === 'structure' && event.sourceDataType === 'content') probe.contentEvents++;
		});
		const setFeatureState = map.setFeatureState.bind(map);
		map.setFeatureState = (feature, state) => {
			if (feature.id === watched && state.progress === 'partial' && probe.partialAt === null) probe.partialAt = Date.now();
			return setFeatureState(feature, state);
		};
		(window as unknown as { taskMapProbe: typeof probe }).taskMapProbe = probe;
	}, buildingId);
}

const probe = (page: Page) =>
	page.evaluate(() => ({
		...(window as unknown as { taskMapProbe: { setData: number; contentEvents: number; partialAt: number | null } }).taskMapProbe,
		loads: window.gridDispatchMap!.loads
	}));

// The chief's phone: the map and the sheet are checked, and kept as screenshots, at this size.
test.use({ viewport: { width: 390, height: 844 } });

test('a liaison’s marks colour the building on the chief’s task map live, by feature state only', async ({
	page,
	browser
}) => {
	test.setTimeout(90_000);
	const errors: string[] = [];
	const chiefMe = await signInLive(page, 'chief1');
	const { communityId, structure } = await communityOf(page, chiefMe);

	const { context: liaisonContext, page: liaison, me: liaisonMe } = await signInElsewhere(browser, 'liaison01', errors);

	const { grid, microGrid } = liaisonArea(structure, chiefMe.id, liaisonMe.id);
	// Demo buildings only.
	const scope = structure.buildings.filter((b) => b.gridId === grid.id && isDemoBuilding(b)).map((b) => b.id);
	const building = structure.buildings.find((b) => b.microGridId === microGrid.id && scope.includes(b.id))!;
	const outside = structure.buildings.find((b) => b.gridId !== grid.id)!;
	const codes = await householdsOf(page, communityId, building.id);
	expect(codes.length, 'the building has more households than will be marked').toBeGreaterThan(10);

	// chief1 creates a check for the demo buildings of its grid through the live document.
	const taskId = await dispatchTask(page, { title: '地图任务：今晚入户排查', createdBy: chiefMe.id, dueInHours: 6, scope });

	// The chief picks the task on the map page; the address keeps it.
	await page.goto('/map');
	// No data reload may take this navigation over (PageDataRefresh holds them until it ends).
	await page.getByTestId('task-mode-select').click();
	await page.getByTestId(`task-mode-${taskId}`).click();
	await page.waitForURL(`**/map?task=${taskId}`);
	await expect(page.getByTestId('task-mode-select')).toContainText('地图任务：今晚入户排查');
	await expect(page.getByTestId('task-map-title')).toHaveText('地图任务：今晚入户排查');
	await mapDataApplied(page);
	await page.waitForFunction(() => window.gridDispatchMap?.map?.loaded() && !window.gridDispatchMap.map.isMoving());
	await expect.poll(() => progressOf(page, building.id)).toBe('untouched');
	expect(await progressOf(page, outside.id), 'a building outside the task has no progress').toBeNull();
	await expect(page.getByTestId('task-map-legend-untouched')).toContainText(String(scope.length));

	await instrument(page, building.id);
	const before = await probe(page);

	// liaison01 records ten households in one go, as a quick run of taps.
	await expect.poll(() => hasTask(liaison, taskId)).toBe(true);
	const tapped = codes.slice(0, 10).map((code, i) => [code, { s: i === 0 ? 'absent' : 'visited', by: liaisonMe.id }] as const);
	const markedAt = await markDoors(liaison, taskId, building.id, Object.fromEntries(tapped));

	await expect.poll(() => progressOf(page, building.id), { message: 'the building turns partial on the chief’s map' }).toBe('partial');
	const after = await probe(page);
	// A generous bound: the latency itself is measured by `npm run bench -- task-map` and `-- sync`
	// (bench/README.md, "From a tap to the chief's map"); two browsers on two shared cores flake at 1 s.
	expect(after.partialAt! - markedAt, 'from the liaison’s tap to the chief’s feature state, in ms').toBeLessThan(10_000);
	// The structure source is only ever set for new map data (normally none here), never for progress.
	expect(after.setData - before.setData).toBe(after.loads - before.loads);
	expect(after.contentEvents - before.contentEvents).toBe(after.loads - before.loads);
	await expect(page.getByTestId('task-map-legend-partial')).toContainText('1');
	await expect(page.getByTestId('task-map-figures')).toContainText('10/');

	// Where the liaison last recorded: their name at that building.
	await expect
		.poll(() =>
			page.evaluate(() =>
				window.gridDispatchMap!.map!.querySourceFeatures('task-presence').map((f) => String(f.properties.text))
			)
		)
		.toContainEqual(expect.stringContaining(liaisonMe.displayName));

	mkdirSync('test-reports/screenshots', { recursive: true });
	await page.waitForFunction(() => window.gridDispatchMap!.map!.loaded() && !window.gridDispatchMap!.map!.isMoving());
	await page.screenshot({ path: 'test-reports/screenshots/task-map-overview-390x844.png' });

	// A click on the building opens its doors read-only, with who recorded what.
	await page.evaluate((id) => {
		const map = window.gridDispatchMap!.map!;
		const [feature] = map.querySourceFeatures('structure', { filter: ['==', ['get', 'id'], id] });
		const ring = (feature.geometry as GeoJSON.Polygon).coordinates[0];
		const lng = ring.reduce((s, p) => s + p[0], 0) / ring.length;
		const lat = ring.reduce((s, p) => s + p[1], 0) / ring.length;
		map.jumpTo({ center: [lng, lat], zoom: 17.5 });
	}, building.id);
	await page.waitForFunction(() => window.gridDispatchMap!.map!.loaded() && !window.gridDispatchMap!.map!.isMoving());
	const pixel = await page.evaluate(() => {
		const map = window.gridDispatchMap!.map!;
		const box = map.getCanvas().getBoundingClientRect();
		return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
	});
	await page.mouse.click(pixel.x, pixel.y);
	const panel = page.getByTestId('task-map-building');
	await expect(panel).toHaveAttribute('data-state', 'partial');
	// The liaisons' own door grid, read-only: a tap shows who recorded the door, and changes nothing.
	await expect(panel.getByTestId('building-count')).toHaveText(`10/${codes.length}`);
	await expect(panel.getByTestId(`door-${codes[1]}`)).toHaveAttribute('data-status', 'visited');
	await expect(panel.getByTestId(`door-${codes[0]}`)).toHaveAttribute('data-status', 'absent');
	await expect(panel.getByTestId(`door-${codes[10]}`)).toHaveAttribute('data-status', '');
	await expect(panel.getByTestId('issue-mode')).toHaveCount(0);
	await panel.getByTestId(`door-${codes[0]}`).click();
	await expect(panel.getByTestId('door-detail')).toContainText(liaisonMe.displayName);
	await expect(panel.getByTestId(`door-${codes[0]}`)).toHaveAttribute('data-status', 'absent');

	await page.screenshot({ path: 'test-reports/screenshots/task-map-building-390x844.png' });

	// A later refusal turns the building red for attention, still without new source data.
	await markDoors(liaison, taskId, building.id, { [codes[10]]: { s: 'refused', by: liaisonMe.id } });
	await expect.poll(() => progressOf(page, building.id)).toBe('attention');
	await expect(panel).toHaveAttribute('data-state', 'attention');
	const last = await probe(page);
	expect(last.setData - before.setData).toBe(last.loads - before.loads);

	await liaisonContext.close();
	expect(errors, 'the liaison’s page logged errors').toEqual([]);
});
