import type { Page } from '@playwright/test';
import type {} from '../../src/lib/client/map/test-hook';
import type {} from '../../src/lib/client/sync/test-hook';
import { expect, signIn, test, watchErrors } from './fixtures';
import { mapDataApplied, mapIdle } from './map-helpers';

/**
 * 第四网格 (chief4): no other spec relies on its micro-grids or its liaisons (map-edit.spec.ts
 * only draws a building of its own there for a moment). The chief asks for balanced
 * micro-grids, moves one building to another group and applies; the secretary's open map
 * shows the building in its new micro-grid without a reload.
 */

type Feature = { id: string; geometry: { type: 'Polygon'; coordinates: [number, number][][] }; properties: { kind: string; id: string; name: string; gridId?: string | null; microGridId?: string | null } };

async function openMap(page: Page) {
	await page.goto('/map');
	await mapDataApplied(page);
	await expect.poll(() => page.evaluate(() => window.gridDispatchLive?.status.state), { timeout: 20_000 }).toBe('online');
	await mapIdle(page, { tiles: false });
}

const microGridOnMap = (page: Page, buildingId: string) =>
	page.evaluate((id) => {
		const [feature] = window.gridDispatchMap!.map!.querySourceFeatures('structure', { filter: ['==', ['get', 'id'], id] });
		return (feature?.properties.microGridId as string | undefined) ?? null;
	}, buildingId);

test('a chief balances 第四网格, moves a building between groups and applies; the secretary’s map follows live', async ({ page, browser }) => {
	test.setTimeout(90_000);
	await page.setViewportSize({ width: 1280, height: 900 });
	const errors: string[] = [];
	const secretary = await browser.newContext({ viewport: { width: 390, height: 844 } });
	watchErrors(secretary, errors);
	const secretaryPage = await secretary.newPage();
	await signIn(secretaryPage, 'secretary');
	await signIn(page, 'chief4');
	await Promise.all([openMap(secretaryPage), openMap(page)]);

	const me = (await (await page.request.get('/api/me')).json()) as { memberships: { role: string; communityId: string | null; gridId: string | null }[] };
	const chief = me.memberships.find((m) => m.role === 'chief')!;
	const features = ((await (await page.request.get(`/api/communities/${chief.communityId}/map`)).json()) as { features: Feature[] }).features;

	// The grid's panel offers the suggestion; it opens with the groups and their households.
	await page.getByTestId('map-legend').getByRole('button', { name: /^第四网格/ }).first().click();
	await page.getByRole('button', { name: '均衡划分微网格' }).click();
	const panel = page.getByTestId('suggest-panel');
	await expect(panel.getByTestId('suggest-group').first()).toBeVisible();
	const groups = panel.getByTestId('suggest-group');
	const count = await groups.count();
	expect(count).toBeGreaterThan(1);
	await expect(groups.first()).toContainText(/第1组\s*\d+户/);
	await expect.poll(() => page.evaluate(() => window.gridDispatchMap!.map!.queryRenderedFeatures({ layers: ['suggestion-label'] }).length)).toBeGreaterThan(0);

	// Tap a building of group 1 on the map (its first, as the server lists it) and move it to group 2.
	const suggestion = await page.request.post(`/api/communities/${chief.communityId}/grids/${chief.gridId}/micro-grid-suggestion`, {
		data: { targetMin: 80, targetMax: 100 },
		headers: { origin: new URL(page.url()).origin }
	});
	const [first] = ((await suggestion.json()) as { groups: { buildingIds: string[]; households: number }[] }).groups;
	const building = features.find((f) => f.id === first.buildingIds[0])!;
	// A matter pin sits on the building's centre (other specs report matters too): while a
	// suggestion is open the pins are hidden, so the tap reaches the building.
	const categories = (await (await page.request.get(`/api/communities/${chief.communityId}/matter-categories`)).json()) as { id: string }[];
	const reported = await page.request.post(`/api/communities/${chief.communityId}/matters`, {
		data: { clientKey: `e2e-suggest-${Date.now()}`, category: categories[0].id, buildingId: building.id, description: '楼道灯不亮（均衡划分测试）' },
		headers: { origin: new URL(page.url()).origin }
	});
	expect(reported.status(), await reported.text()).toBe(201);
	const before = await microGridOnMap(secretaryPage, building.id);
	expect(before).toBe(building.properties.microGridId);
	const ring = building.geometry.coordinates[0].slice(0, -1);
	const centre: [number, number] = [ring.reduce((s, p) => s + p[0], 0) / ring.length, ring.reduce((s, p) => s + p[1], 0) / ring.length];
	await page.evaluate((at) => window.gridDispatchMap!.map!.jumpTo({ center: at, zoom: 18 }), centre);
	await mapIdle(page, { tiles: false });
	const point = await page.evaluate((at) => {
		const map = window.gridDispatchMap!.map!;
		const rect = map.getCanvas().getBoundingClientRect();
		const p = map.project(at);
		return { x: rect.left + p.x, y: rect.top + p.y };
	}, centre);
	await page.mouse.click(point.x, point.y);
	const move = panel.getByTestId('suggest-move');
	await expect(move).toContainText(building.properties.name);
	await move.getByRole('button', { name: '移到第2组' }).click();
	await expect(groups.nth(1)).toContainText(building.properties.name);

	// 应用 asks first, saying what changes; then the micro-grids are replaced.
	await page.getByRole('button', { name: '应用', exact: true }).click();
	const confirm = page.getByTestId('suggest-confirm');
	await expect(confirm).toContainText(/个新微网格将替换现在的 6 个/);
	await confirm.getByRole('button', { name: '确认应用' }).click();
	await expect(page.getByRole('status').filter({ hasText: '已应用' })).toBeVisible();
	await expect(panel).toHaveCount(0);

	// The secretary's map (a phone) shows the building in another micro-grid, without reload.
	await expect.poll(() => microGridOnMap(secretaryPage, building.id), { timeout: 15_000 }).not.toBe(before);
	const after = await microGridOnMap(secretaryPage, building.id);
	const fresh = ((await (await page.request.get(`/api/communities/${chief.communityId}/map`)).json()) as { features: Feature[] }).features;
	expect(fresh.find((f) => f.id === building.id)!.properties.microGridId).toBe(after);
	expect(errors).toEqual([]);
	await secretary.close();
});
