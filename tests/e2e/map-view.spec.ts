import fs from 'node:fs';
import path from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import type {} from '../../src/lib/client/map/test-hook';
import type {} from '../../src/lib/client/sync/test-hook';
import { expect, expectNoHorizontalScroll, signIn, test, watchErrors } from './fixtures';
import { mapDataApplied, mapIdle } from './map-helpers';

/**
 * Viewing the community on /map: who sees what, the details panel, search, and labels that
 * render with no font or tile server. The test hook `window.gridDispatchMap` gives the
 * MapLibre map, to find where a building is drawn and what has been rendered.
 */

type MapFeature = {
	id: string;
	geometry: { type: 'Polygon'; coordinates: [number, number][][] } | { type: 'MultiPolygon'; coordinates: [number, number][][][] };
	properties: { kind: string; id: string; name: string; label?: string; microGridId?: string | null; gridId?: string | null; liaisonIds?: string[]; households?: number };
};
type Structure = { users: { id: string; displayName: string; roles: string[] }[] };

const phone = { width: 390, height: 844 };

/** Opens /map and waits until the map data is drawn. */
async function openMap(page: Page) {
	await page.goto('/map');
	await expect(page.getByRole('heading', { name: '地图', exact: true })).toBeVisible();
	await mapDataApplied(page);
	await mapIdle(page);
}

const renderedCount = (page: Page, layer: string) =>
	page.evaluate((id) => window.gridDispatchMap?.map?.queryRenderedFeatures({ layers: [id] }).length ?? 0, layer);

const renderedLabels = (page: Page) =>
	page.evaluate(() => window.gridDispatchMap!.map!.queryRenderedFeatures({ layers: ['building-label'] }).map((f) => String(f.properties.label)));

async function communityId(page: Page): Promise<string> {
	const response = await page.request.get('/api/me');
	const me = (await response.json()) as { memberships: { role: string; communityId: string | null }[] };
	return me.memberships.find((m) => m.communityId)!.communityId!;
}

async function mapFeatures(page: Page, id: string): Promise<MapFeature[]> {
	const response = await page.request.get(`/api/communities/${id}/map`);
	expect(response.ok()).toBe(true);
	return ((await response.json()) as { features: MapFeature[] }).features;
}

async function structure(page: Page, id: string): Promise<Structure> {
	const response = await page.request.get(`/api/communities/${id}/structure`);
	expect(response.ok()).toBe(true);
	return (await response.json()) as Structure;
}

/** A text for use inside a RegExp, matching itself only. */
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function middleOf(feature: MapFeature): [number, number] {
	const ring = feature.geometry.type === 'Polygon' ? feature.geometry.coordinates[0] : feature.geometry.coordinates[0][0];
	const corners = ring.slice(0, -1);
	return [corners.reduce((s, p) => s + p[0], 0) / corners.length, corners.reduce((s, p) => s + p[1], 0) / corners.length];
}

/** Centres the map on a spot at a close zoom and clicks the pixel it lands on. */
async function clickAt(page: Page, lngLat: [number, number]) {
	await page.evaluate((center) => window.gridDispatchMap!.map!.jumpTo({ center, zoom: 18 }), lngLat);
	await mapIdle(page);
	const point = await page.evaluate((center) => {
		const map = window.gridDispatchMap!.map!;
		const pixel = map.project(center);
		const box = map.getCanvas().getBoundingClientRect();
		return { x: box.left + pixel.x, y: box.top + pixel.y };
	}, lngLat);
	await page.mouse.click(point.x, point.y);
}

async function saveScreenshot(page: Page, testInfo: TestInfo, name: string) {
	const file = path.join('test-reports', 'screenshots', `map-${name}.png`);
	fs.mkdirSync(path.dirname(file), { recursive: true });
	await page.screenshot({ path: file });
	await testInfo.attach(`map-${name}.png`, { path: file, contentType: 'image/png' });
}

test.describe('who sees the map', () => {
	for (const user of ['secretary', 'chief1', 'liaison01', 'street1']) {
		// At the desktop size (the default viewport); the phone size is under 'labels render without a font server'.
		test(`${user} sees grids, micro-grids and labelled buildings`, async ({ page }, testInfo) => {
			await signIn(page, user);
			await expect(page.getByRole('link', { name: '地图' })).toBeVisible();
			await openMap(page);
			await expect.poll(() => renderedCount(page, 'grid-line')).toBeGreaterThan(0);
			await expect.poll(() => renderedCount(page, 'micro-grid-line')).toBeGreaterThan(0);
			await expect.poll(() => renderedCount(page, 'building-fill')).toBeGreaterThan(0);
			await expect.poll(() => renderedCount(page, 'building-label')).toBeGreaterThan(3);
			expect(await renderedLabels(page)).toContainEqual(expect.stringContaining('号楼'));
			await expect(page.getByTestId('map-legend')).toContainText('第一网格');
			// Only the secretary reads the structure history.
			await expect(page.getByRole('link', { name: '变更记录' })).toHaveCount(user === 'secretary' ? 1 : 0);
			if (user === 'street1') await expect(page.getByText('只读', { exact: true })).toBeVisible();
			await expectNoHorizontalScroll(page, page.viewportSize()!.width);
			await saveScreenshot(page, testInfo, `${user}-desktop`);
		});
	}

	test('a property user is told the map is for community staff', async ({ page }) => {
		await signIn(page, 'property1');
		await expect(page.getByRole('link', { name: '地图' })).toHaveCount(0);
		await page.goto('/map');
		await expect(page.getByRole('heading', { name: '地图仅供社区工作人员使用' })).toBeVisible();
		await expect(page.getByTestId('map-canvas')).toHaveCount(0);
		expect(await page.evaluate(() => window.gridDispatchMap)).toBeUndefined();
	});

	test('the structure history is the secretary’s', async ({ page, browser }) => {
		const chief = await browser.newContext();
		const chiefPage = await chief.newPage();
		await signIn(chiefPage, 'chief1');
		expect((await chiefPage.request.get('/map/history')).status()).toBe(403);
		await chief.close();

		await signIn(page, 'secretary');
		await openMap(page);
		// A rename and its undoing, as the history should tell them.
		const id = await communityId(page);
		// A demo building from the end of the list: map-live.spec.ts renames one at the start of
		// chief1's grid, map-edit.spec.ts draws and deletes its own.
		const building = (await mapFeatures(page, id)).findLast((f) => f.properties.kind === 'building' && /^\d+号楼$/.test(f.properties.label!))!;
		const label = building.properties.label!;
		const renamed = `${label}（历史${Date.now() % 100_000}）`;
		const url = `/api/communities/${id}/buildings/${building.id}`;
		expect((await page.request.patch(url, { data: { label: renamed } })).status()).toBe(200);
		expect((await page.request.patch(url, { data: { label } })).status()).toBe(200);

		await page.getByRole('link', { name: '变更记录' }).click();
		await expect(page.getByRole('heading', { name: '结构变更记录' })).toBeVisible();
		// Newest first: the renaming back, then the renaming; only the name changed, before → after.
		const entries = page.getByTestId('history-entry').filter({ hasText: renamed });
		await expect(entries).toHaveCount(2);
		for (const [entry, before, after] of [
			[entries.nth(0), renamed, label],
			[entries.nth(1), label, renamed]
		] as const) {
			await expect(entry).toContainText(new RegExp(`修改\\s*楼栋\\s*${literal(after)}`));
			await expect(entry).toContainText('陈慧敏');
			await expect(entry.getByRole('listitem')).toHaveCount(1);
			await expect(entry.getByRole('listitem')).toHaveText(new RegExp(`^名称\\s*${literal(before)}\\s*${literal(after)}$`));
		}
		await page.getByRole('link', { name: '返回地图' }).click();
		await expect(page.getByRole('heading', { name: '地图', exact: true })).toBeVisible();
	});
});

test.describe('details and search', () => {
	test('clicking a building opens its panel with label, liaison and a phone to call', async ({ page }) => {
		await signIn(page, 'chief1');
		await openMap(page);
		const id = await communityId(page);
		const people = await structure(page, id);
		const features = await mapFeatures(page, id);
		// A demo building from the end of the list: map-live.spec.ts renames one at the start of
		// chief1's grid, map-edit.spec.ts draws and deletes its own.
		const building = features.findLast(
			(f) => f.properties.kind === 'building' && /^\d+号楼$/.test(f.properties.label!) && (f.properties.liaisonIds?.length ?? 0) > 0
		)!;
		const liaison = people.users.find((u) => u.id === building.properties.liaisonIds![0])!;
		await clickAt(page, middleOf(building));
		const panel = page.getByTestId('map-details');
		await expect(panel).toHaveAttribute('data-kind', 'building');
		await expect(panel.getByRole('heading', { name: building.properties.label })).toBeVisible();
		await expect(panel.getByTestId('map-details-households')).toHaveText(String(building.properties.households));
		await expect(panel.getByTestId('map-details-liaisons')).toContainText(liaison.displayName);
		await expect(panel.getByRole('link', { name: /拨打|呼叫|\d{11}/ }).first()).toHaveAttribute('href', /^tel:1\d{10}$/);

		// Its micro-grid from the panel: the liaison again, and its buildings to go to.
		await panel.getByRole('button', { name: features.find((f) => f.id === building.properties.microGridId)!.properties.name }).click();
		await expect(panel).toHaveAttribute('data-kind', 'microGrid');
		await expect(panel.getByTestId('map-details-liaisons')).toContainText(liaison.displayName);
		await panel.getByRole('button', { name: new RegExp(`^${building.properties.label}`) }).click();
		await expect(panel).toHaveAttribute('data-kind', 'building');

		await panel.getByRole('button', { name: '关闭' }).click();
		await expect(panel).toHaveCount(0);
	});

	test('search finds a liaison and opens the micro-grid they serve', async ({ page }) => {
		await signIn(page, 'secretary');
		await openMap(page);
		const id = await communityId(page);
		const people = await structure(page, id);
		const features = await mapFeatures(page, id);
		const microGrid = features.find((f) => f.properties.kind === 'microGrid' && (f.properties.liaisonIds?.length ?? 0) > 0)!;
		const liaison = people.users.find((u) => u.id === microGrid.properties.liaisonIds![0])!;

		await page.getByRole('combobox', { name: '搜索楼栋或联络员' }).fill(liaison.displayName);
		const option = page.getByRole('option', { name: new RegExp(`${liaison.displayName}.*${microGrid.properties.name}`) });
		await expect(option).toBeVisible();
		await option.click();
		const panel = page.getByTestId('map-details');
		await expect(panel).toHaveAttribute('data-kind', 'microGrid');
		await expect(panel.getByRole('heading', { name: microGrid.properties.name })).toBeVisible();
		await expect(panel.getByTestId('map-details-liaisons')).toContainText(liaison.displayName);

		await page.getByRole('combobox').fill('没有这个名字');
		await expect(page.getByText('没有找到匹配的楼栋或人员。')).toBeVisible();
	});
});

test('layer toggles hide and show what they name', async ({ page }) => {
	await signIn(page, 'liaison01');
	await openMap(page);
	await expect.poll(() => renderedCount(page, 'building-label')).toBeGreaterThan(0);
	await page.getByTestId('map-layers-button').click();
	const layers = page.getByTestId('map-layers');
	await layers.getByLabel('楼栋名称').uncheck();
	await expect.poll(() => renderedCount(page, 'building-label')).toBe(0);
	await layers.getByLabel('微网格').uncheck();
	await expect.poll(() => renderedCount(page, 'micro-grid-line')).toBe(0);
	expect(await renderedCount(page, 'building-fill')).toBeGreaterThan(0);
	await layers.getByLabel('楼栋名称').check();
	await expect.poll(() => renderedCount(page, 'building-label')).toBeGreaterThan(0);
});

test.describe('when there is nothing to show', () => {
	const mapData = '**/api/communities/*/map';
	// `page.route` does not see requests the service worker answers (docs/offline.md).
	test.use({ serviceWorkers: 'block' });

	test('a community with nothing drawn yet says so, and tells an editor how to start', async ({ page }) => {
		await page.route(mapData, (route) =>
			route.fulfill({ status: 200, contentType: 'application/geo+json', body: JSON.stringify({ type: 'FeatureCollection', features: [] }) })
		);
		await signIn(page, 'chief1');
		await page.goto('/map');
		const empty = page.getByTestId('map-empty');
		await expect(empty).toContainText('还没有绘制网格和楼栋');
		await expect(empty).toContainText('绘制工具');
	});

	test('a liaison is told who draws the map', async ({ page }) => {
		await page.route(mapData, (route) =>
			route.fulfill({ status: 200, contentType: 'application/geo+json', body: JSON.stringify({ type: 'FeatureCollection', features: [] }) })
		);
		await signIn(page, 'liaison01');
		await page.goto('/map');
		await expect(page.getByTestId('map-empty')).toContainText('社区书记或网格长绘制后');
	});

	test('map data that fails to load shows an error with a retry that recovers', async ({ browser }) => {
		const context = await browser.newContext();
		const errors: string[] = [];
		// The browser reports the refused request itself; anything else is a real error.
		context.on('console', (message) => {
			if (message.type() === 'error' && !message.text().includes('status of 503')) errors.push(message.text());
		});
		context.on('weberror', (webError) => void errors.push(webError.error().message));
		let failing = true;
		await context.route(mapData, (route) =>
			failing ? route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":"down"}' }) : route.fallback()
		);
		const page = await context.newPage();
		await signIn(page, 'chief1');
		await page.goto('/map');
		const failure = page.getByTestId('map-error');
		await expect(failure).toContainText('地图数据加载失败');
		// Once the live document is in sync it may ask for the map once more (refused too);
		// after that only the retry button asks.
		await expect.poll(() => page.evaluate(() => window.gridDispatchLive?.status.state), { timeout: 20_000 }).toBe('online');
		await page.waitForTimeout(1_000);
		await expect(failure).toBeVisible();
		failing = false;
		await failure.getByRole('button', { name: '重试' }).click();
		await expect(failure).toHaveCount(0);
		await expect.poll(() => renderedCount(page, 'building-fill'), { timeout: 20_000 }).toBeGreaterThan(0);
		await context.close();
		expect(errors).toEqual([]);
	});
});

// The desktop size, the default viewport, is checked under 'who sees the map'.
test.describe('labels render without a font server', () => {
	test(`at ${phone.width}×${phone.height}`, async ({ browser }, testInfo) => {
		for (const user of ['chief1', 'secretary']) {
			const context = await browser.newContext({ viewport: phone, locale: 'zh-CN', isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
			const errors: string[] = [];
			watchErrors(context, errors);
			const page = await context.newPage();
			await signIn(page, user);
			await openMap(page);
			await expect.poll(() => renderedCount(page, 'building-label')).toBeGreaterThan(3);
			expect(await renderedLabels(page)).toContainEqual(expect.stringContaining('号楼'));
			await expectNoHorizontalScroll(page, phone.width);
			await saveScreenshot(page, testInfo, `${user}-phone`);
			await context.close();
			expect(errors, `errors on the ${user} page`).toEqual([]);
		}
	});
});
