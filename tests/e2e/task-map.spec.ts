import { mkdirSync } from 'node:fs';
import type { BrowserContext, Page } from '@playwright/test';
import type {} from '../../src/lib/client/map/test-hook';
import type {} from '../../src/lib/client/sync/test-hook';
import { expect, signIn, test } from './fixtures';

/**
 * The map in task mode: chief1 watches a task on /map?task=<id> while liaison01, in another
 * browser, records households. The building turns partial on the chief's map within a second,
 * through feature state only: the structure source is not set again for it.
 */

type Structure = {
	grids: { id: string; chiefIds: string[] }[];
	microGrids: { id: string; gridId: string; liaisonIds: string[] }[];
	buildings: { id: string; label: string; gridId: string | null; microGridId: string | null }[];
};
type Me = { id: string; displayName: string; memberships: { communityId: string | null }[] };

function watchErrors(context: BrowserContext, errors: string[]) {
	context.on('console', (message) => {
		if (message.type() === 'error') errors.push(`[${message.page()?.url() ?? '?'}] console.error: ${message.text()}`);
	});
	context.on('weberror', (webError) => errors.push(`pageerror: ${webError.error().stack ?? webError.error().message}`));
}

async function getJson<T>(page: Page, path: string): Promise<T> {
	const response = await page.request.get(path);
	expect(response.ok(), `GET ${path}`).toBe(true);
	return (await response.json()) as T;
}

const progressOf = (page: Page, buildingId: string) =>
	page.evaluate((id) => window.gridDispatchMap?.map?.getFeatureState({ source: 'structure', id })?.progress ?? null, buildingId);

/** chief1 creates a check for the demo buildings of its grid through the live document. */
async function dispatch(chief: Page, chiefId: string, scope: string[]): Promise<string> {
	const taskId = `t${Date.now().toString(16).padStart(16, '0').slice(-16)}`;
	await chief.evaluate(
		({ taskId, chiefId, scope }) => {
			const { doc, Y } = window.gridDispatchLive!;
			doc.transact(() => {
				const task = new Y.Map<unknown>();
				doc.getMap('tasks').set(taskId, task);
				const now = Date.now();
				for (const [key, value] of Object.entries({
					title: '地图任务：今晚入户排查',
					kind: 'check',
					instructions: '',
					createdBy: chiefId,
					createdAt: now,
					dueAt: now + 6 * 60 * 60 * 1000,
					status: 'open',
					round: 1,
					roundOf: null
				}))
					task.set(key, value);
				const scopeList = new Y.Array<string>();
				scopeList.push(scope);
				task.set('scope', scopeList);
				task.set('acks', new Y.Map());
				task.set('reminders', new Y.Array());
				task.set('notes', new Y.Array());
				const progress = new Y.Map<unknown>();
				for (const buildingId of scope) progress.set(buildingId, new Y.Map());
				task.set('progress', progress);
			});
		},
		{ taskId, chiefId, scope }
	);
	await expect.poll(() => chief.evaluate(() => window.gridDispatchLive?.status.pending), { message: 'the task is stored' }).toBe(0);
	return taskId;
}

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

test('a liaison’s marks colour the building on the chief’s task map within a second, by feature state only', async ({
	page,
	browser
}) => {
	test.setTimeout(90_000);
	const errors: string[] = [];
	await signIn(page, 'chief1');
	await page.waitForFunction(() => window.gridDispatchLive !== undefined);
	const chiefMe = await getJson<Me>(page, '/api/me');
	const communityId = chiefMe.memberships.find((m) => m.communityId)!.communityId!;
	const structure = await getJson<Structure>(page, `/api/communities/${communityId}/structure`);

	const liaisonContext = await browser.newContext();
	watchErrors(liaisonContext, errors);
	const liaison = await liaisonContext.newPage();
	await signIn(liaison, 'liaison01');
	await liaison.waitForFunction(() => window.gridDispatchLive !== undefined);
	const liaisonMe = await getJson<Me>(liaison, '/api/me');

	const grid = structure.grids.find((g) => g.chiefIds.includes(chiefMe.id))!;
	const microGrid = structure.microGrids.find((mg) => mg.liaisonIds.includes(liaisonMe.id))!;
	// Demo buildings only: map-edit.spec.ts draws and deletes buildings of its own in this grid.
	const scope = structure.buildings.filter((b) => b.gridId === grid.id && /^\d+号楼$/.test(b.label)).map((b) => b.id);
	const building = structure.buildings.find((b) => b.microGridId === microGrid.id && scope.includes(b.id))!;
	const outside = structure.buildings.find((b) => b.gridId !== grid.id)!;
	const codes = (await getJson<{ households: string[] }>(page, `/api/communities/${communityId}/buildings/${building.id}`)).households;
	expect(codes.length, 'the building has more households than will be marked').toBeGreaterThan(10);

	const taskId = await dispatch(page, chiefMe.id, scope);

	// The chief picks the task on the map page; the address keeps it.
	await page.goto('/map');
	await page.getByTestId('task-mode-select').click();
	await page.getByTestId(`task-mode-${taskId}`).click();
	await page.waitForURL(`**/map?task=${taskId}`);
	await expect(page.getByTestId('task-mode-select')).toContainText('地图任务：今晚入户排查');
	await expect(page.getByTestId('task-map-title')).toHaveText('地图任务：今晚入户排查');
	await expect.poll(() => page.evaluate(() => window.gridDispatchMap?.loads ?? 0), { timeout: 20_000 }).toBeGreaterThan(0);
	await page.waitForFunction(() => window.gridDispatchMap?.map?.loaded() && !window.gridDispatchMap.map.isMoving());
	await expect.poll(() => progressOf(page, building.id)).toBe('untouched');
	expect(await progressOf(page, outside.id), 'a building outside the task has no progress').toBeNull();
	await expect(page.getByTestId('task-map-legend-untouched')).toContainText(String(scope.length));

	await instrument(page, building.id);
	const before = await probe(page);

	// liaison01 records ten households in one go, as a quick run of taps.
	await expect.poll(() => liaison.evaluate((id) => window.gridDispatchLive?.doc.getMap('tasks').has(id), taskId)).toBe(true);
	const markedAt = await liaison.evaluate(
		({ taskId, buildingId, codes, by }) => {
			const { doc } = window.gridDispatchLive!;
			const task = doc.getMap<import('yjs').Map<unknown>>('tasks').get(taskId)!;
			const marks = (task.get('progress') as import('yjs').Map<import('yjs').Map<unknown>>).get(buildingId)!;
			const at = Date.now();
			doc.transact(() => codes.forEach((code, i) => marks.set(code, { s: i === 0 ? 'absent' : 'visited', by, at })));
			return at;
		},
		{ taskId, buildingId: building.id, codes: codes.slice(0, 10), by: liaisonMe.id }
	);

	await expect.poll(() => progressOf(page, building.id), { message: 'the building turns partial on the chief’s map' }).toBe('partial');
	const after = await probe(page);
	expect(after.partialAt! - markedAt, 'from the liaison’s tap to the chief’s feature state, in ms').toBeLessThan(1_000);
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
	await liaison.evaluate(
		({ taskId, buildingId, code, by }) => {
			const task = window.gridDispatchLive!.doc.getMap<import('yjs').Map<unknown>>('tasks').get(taskId)!;
			(task.get('progress') as import('yjs').Map<import('yjs').Map<unknown>>).get(buildingId)!.set(code, { s: 'refused', by, at: Date.now() });
		},
		{ taskId, buildingId: building.id, code: codes[10], by: liaisonMe.id }
	);
	await expect.poll(() => progressOf(page, building.id)).toBe('attention');
	await expect(panel).toHaveAttribute('data-state', 'attention');
	const last = await probe(page);
	expect(last.setData - before.setData).toBe(last.loads - before.loads);

	await liaisonContext.close();
	expect(errors, 'the liaison’s page logged errors').toEqual([]);
});
