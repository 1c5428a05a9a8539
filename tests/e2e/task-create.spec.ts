import fs from 'node:fs';
import path from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import type {} from '../../src/lib/client/map/test-hook';
import type {} from '../../src/lib/client/sync/test-hook';
import { expect, hydrated, signIn, test } from './fixtures';
import { mapDataApplied, mapIdle } from './map-helpers';

/**
 * Creating and dispatching a task on /tasks/new: a template, "tonight", buildings from the
 * list or on the map, then 派发任务 writes it into the live document and opens its board.
 * The browser runs on Shanghai time, as the users do, whatever the machine's zone.
 */
test.use({ timezoneId: 'Asia/Shanghai' });

type Building = { id: string; label: string; gridId: string | null; microGridId: string | null; households: number; middle: [number, number] };
type Place = { communityId: string; gridId: string; buildings: Building[] };

type Feature = {
	id: string;
	geometry: { type: 'Polygon'; coordinates: [number, number][][] } | { type: 'MultiPolygon'; coordinates: [number, number][][][] };
	properties: { kind: string; label?: string; gridId?: string | null; microGridId?: string | null; households?: number };
};

function middleOf(feature: Feature): [number, number] {
	const ring = feature.geometry.type === 'Polygon' ? feature.geometry.coordinates[0] : feature.geometry.coordinates[0][0];
	const corners = ring.slice(0, -1);
	return [corners.reduce((s, p) => s + p[0], 0) / corners.length, corners.reduce((s, p) => s + p[1], 0) / corners.length];
}

/** The signed-in chief's grid and every building of the community, from the API. */
async function place(page: Page): Promise<Place> {
	const me = (await (await page.request.get('/api/me')).json()) as { memberships: { role: string; communityId: string | null; gridId: string | null }[] };
	const chief = me.memberships.find((m) => m.role === 'chief' && m.gridId)!;
	const response = await page.request.get(`/api/communities/${chief.communityId}/map`);
	expect(response.ok()).toBe(true);
	const features = ((await response.json()) as { features: Feature[] }).features;
	const buildings = features
		.filter((f) => f.properties.kind === 'building')
		.map((f) => ({
			id: f.id,
			label: f.properties.label ?? '',
			gridId: f.properties.gridId ?? null,
			microGridId: f.properties.microGridId ?? null,
			households: f.properties.households ?? 0,
			middle: middleOf(f)
		}));
	return { communityId: chief.communityId!, gridId: chief.gridId!, buildings };
}

/** 22:00 tonight in Shanghai, or tomorrow's once that has passed (what "tonight" means). */
function tonightInShanghai(now: number): number {
	const shanghai = new Date(now + 8 * 3_600_000);
	const tonight = Date.UTC(shanghai.getUTCFullYear(), shanghai.getUTCMonth(), shanghai.getUTCDate(), 22) - 8 * 3_600_000;
	return now < tonight ? tonight : tonight + 86_400_000;
}

async function openForm(page: Page) {
	await page.goto('/tasks/new');
	await expect(page.getByRole('heading', { name: '新建任务' })).toBeVisible();
	await hydrated(page);
}

async function openScopeMap(page: Page) {
	await page.getByTestId('scope-mode-map').click();
	await mapDataApplied(page);
	await mapIdle(page);
}

/** Centres the map on a spot at a close zoom and returns the page pixel it lands on. */
async function pixelOf(page: Page, lngLat: [number, number], zoom = 18) {
	await page.evaluate(([center, z]) => window.gridDispatchMap!.map!.jumpTo({ center, zoom: z }), [lngLat, zoom] as const);
	await mapIdle(page);
	return page.evaluate((center) => {
		const map = window.gridDispatchMap!.map!;
		const pixel = map.project(center);
		const box = map.getCanvas().getBoundingClientRect();
		return { x: box.left + pixel.x, y: box.top + pixel.y };
	}, lngLat);
}

const picked = (page: Page, id: string) =>
	page.evaluate((buildingId) => window.gridDispatchMap?.map?.getFeatureState({ source: 'structure', id: buildingId })?.picked === true, id);

async function saveScreenshot(page: Page, testInfo: TestInfo, name: string) {
	const file = path.join('test-reports', 'screenshots', `task-create-${name}.png`);
	fs.mkdirSync(path.dirname(file), { recursive: true });
	await page.screenshot({ path: file });
	await testInfo.attach(`task-create-${name}.png`, { path: file, contentType: 'image/png' });
}

test('chief1 dispatches a check for tonight to one micro-grid, chosen from the list, on a phone', async ({ page }, testInfo) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await signIn(page, 'chief1');
	const { gridId, buildings } = await place(page);
	const ours = buildings.filter((b) => b.gridId === gridId && b.microGridId);
	const microGridId = ours[0].microGridId!;
	const inMicro = ours.filter((b) => b.microGridId === microGridId);
	const households = inMicro.reduce((sum, b) => sum + b.households, 0);

	await page.goto('/tasks');
	await hydrated(page);
	await page.getByTestId('task-new').click();
	await page.waitForURL('**/tasks/new');
	await hydrated(page);

	await page.getByTestId('task-template-check').click();
	await expect(page.getByLabel('标题', { exact: true })).toHaveValue('今晚入户排查');
	await expect(page.getByLabel('任务说明', { exact: true })).toHaveValue('请各微网格联络员今晚进行相关排查，逐户记录走访情况。');
	await page.getByTestId('due-tonight').click();
	await expect(page.getByTestId('due-tonight')).toHaveAttribute('aria-pressed', 'true');

	await page.getByTestId(`scope-micro-${microGridId}`).check();
	for (const building of inMicro) await expect(page.getByTestId(`scope-building-${building.id}`)).toBeChecked();
	await expect(page.getByTestId('scope-summary')).toHaveText(`${inMicro.length} 栋楼 · ${households} 户`);
	await page.evaluate(() => window.scrollTo(0, 0));
	await saveScreenshot(page, testInfo, 'form-phone');
	await page.evaluate(() => document.querySelector('[data-testid="scope-summary"]')?.scrollIntoView({ block: 'center', behavior: 'instant' }));
	await saveScreenshot(page, testInfo, 'form-phone-scope');

	const before = Date.now();
	await page.getByTestId('task-dispatch').click();
	await page.waitForURL(/\/tasks\/t[0-9a-f]{16}$/);
	const taskId = new URL(page.url()).pathname.split('/').pop()!;

	// In the live document as sent, and accepted and projected by the server.
	const task = await page.evaluate((id) => (window.gridDispatchLive?.doc.getMap('tasks').get(id) as { toJSON(): unknown } | undefined)?.toJSON(), taskId);
	expect(task).toMatchObject({ title: '今晚入户排查', kind: 'check', status: 'open', round: 1, scope: inMicro.map((b) => b.id) });
	const dueAt = (task as { dueAt: number }).dueAt;
	expect([tonightInShanghai(before), tonightInShanghai(Date.now())]).toContain(dueAt);
	await expect
		.poll(async () => (await page.request.get(`/api/tasks/${taskId}`)).status(), { timeout: 10_000, message: 'the server has the task' })
		.toBe(200);
	const detail = (await (await page.request.get(`/api/tasks/${taskId}`)).json()) as { scope: string[]; dueAt: number; title: string };
	expect(detail).toMatchObject({ title: '今晚入户排查', dueAt });
	expect([...detail.scope].sort()).toEqual(inMicro.map((b) => b.id).sort());

	await page.goto('/tasks');
	const row = page.getByTestId(`task-row-${taskId}`);
	await expect(row).toBeVisible();
	await expect(row).toContainText('今晚入户排查');
	await expect(row).toContainText('排查');
	await expect(row.getByTestId('task-progress')).toContainText(`0/${households}`);
	await expect(page.getByTestId('task-history')).toBeVisible();
});

test('the form asks for a title and buildings before it dispatches', async ({ page }) => {
	await signIn(page, 'chief1');
	await openForm(page);
	await page.getByTestId('task-template-custom').click();
	await expect(page.getByLabel('标题', { exact: true })).toHaveValue('');
	await page.getByTestId('task-dispatch').click();
	await expect(page.getByText('请填写任务标题。')).toBeVisible();
	await expect(page.getByTestId('scope-error')).toBeVisible();
	await expect(page).toHaveURL(/\/tasks\/new$/);

	// A due time already gone is pointed out.
	await page.getByTestId('due-date').fill('2020-01-01T08:00');
	await expect(page.getByTestId('due-past')).toBeVisible();
});

test('a chief is never offered buildings outside its grids', async ({ page }) => {
	await signIn(page, 'chief1');
	const { gridId, buildings } = await place(page);
	await openForm(page);
	const ours = buildings.filter((b) => b.gridId === gridId && b.microGridId);
	const others = buildings.filter((b) => b.gridId !== gridId);
	expect(ours.length).toBeGreaterThan(0);
	expect(others.length).toBeGreaterThan(0);
	await expect(page.getByTestId(`scope-grid-${gridId}`)).toHaveCount(1);
	await expect(page.locator('[data-testid^="scope-grid-"]')).toHaveCount(1);
	await expect(page.locator('[data-testid^="scope-building-"]')).toHaveCount(ours.length);
	for (const building of others) await expect(page.getByTestId(`scope-building-${building.id}`)).toHaveCount(0);

	// The whole grid at once, then none.
	await page.getByTestId(`scope-grid-${gridId}`).check();
	await expect(page.getByTestId('scope-summary')).toContainText(`${ours.length} 栋楼`);
	await page.getByTestId(`scope-grid-${gridId}`).uncheck();
	await expect(page.getByTestId('scope-summary')).toContainText('0 栋楼');
});

test('buildings are picked on the map by a tap and by the lasso, only the chief\'s own', async ({ page }, testInfo) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await signIn(page, 'chief1');
	const { gridId, buildings } = await place(page);
	const ours = buildings.filter((b) => b.gridId === gridId && b.microGridId);
	const other = buildings.find((b) => b.gridId !== gridId)!;
	const [first] = ours;
	// The lasso is drawn around the building farthest from the first, so it cannot catch that one.
	const distance = (b: Building) => Math.hypot(b.middle[0] - first.middle[0], b.middle[1] - first.middle[1]);
	const second = ours.reduce((far, b) => (distance(b) > distance(far) ? b : far));
	await openForm(page);
	await openScopeMap(page);

	// A tap toggles the building.
	let point = await pixelOf(page, first.middle);
	await page.mouse.click(point.x, point.y);
	await expect.poll(() => picked(page, first.id)).toBe(true);
	await expect(page.getByTestId('scope-summary')).toHaveText(`1 栋楼 · ${first.households} 户`);
	await page.mouse.click(point.x, point.y);
	await expect.poll(() => picked(page, first.id)).toBe(false);
	await expect(page.getByTestId('scope-summary')).toContainText('0 栋楼');

	// Someone else's building is greyed and stays out.
	point = await pixelOf(page, other.middle);
	await page.mouse.click(point.x, point.y);
	await expect(page.getByTestId('scope-map-hint')).toContainText('不在您负责的网格内');
	expect(await picked(page, other.id)).toBe(false);

	// The lasso: a ring drawn around the second building adds it.
	const centre = await pixelOf(page, second.middle);
	await page.getByTestId('scope-lasso').click();
	const area = page.getByTestId('scope-lasso-area');
	await expect(area).toBeVisible();
	const radius = 60;
	await page.mouse.move(centre.x + radius, centre.y);
	await page.mouse.down();
	for (let step = 1; step <= 24; step++) {
		const angle = (step / 24) * 2 * Math.PI;
		await page.mouse.move(centre.x + radius * Math.cos(angle), centre.y + radius * Math.sin(angle));
	}
	await page.mouse.up();
	await expect(area).toHaveCount(0);
	await expect.poll(() => picked(page, second.id)).toBe(true);
	await expect(page.getByTestId('scope-map-hint')).toContainText('新圈入');
	await pixelOf(page, second.middle, 16.5);
	await saveScreenshot(page, testInfo, 'map-phone');

	// Back in the list, the map's choice is there.
	await page.getByTestId('scope-mode-list').click();
	await expect(page.getByTestId(`scope-building-${second.id}`)).toBeChecked();
	await expect(page.getByTestId(`scope-building-${first.id}`)).not.toBeChecked();
});

test('the edit dialog changes the title, due time and buildings of an open task', async ({ page }, testInfo) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await signIn(page, 'chief1');
	const { gridId, buildings } = await place(page);
	const ours = buildings.filter((b) => b.gridId === gridId && b.microGridId);
	const [first, added] = [ours[0], ours.find((b) => b.microGridId !== ours[0].microGridId)!];
	await openForm(page);
	await page.getByLabel('标题', { exact: true }).fill('楼道堆物检查');
	await page.getByTestId(`scope-building-${first.id}`).check();
	await page.getByTestId('task-dispatch').click();
	await page.waitForURL(/\/tasks\/t[0-9a-f]{16}$/);
	const taskId = new URL(page.url()).pathname.split('/').pop()!;

	await page.getByTestId('task-edit').click();
	const dialog = page.getByTestId('task-edit-dialog');
	await expect(dialog).toBeVisible();
	await expect(dialog.getByLabel('标题', { exact: true })).toHaveValue('楼道堆物检查');
	await expect(dialog.getByTestId(`scope-building-${first.id}`)).toBeChecked();
	await dialog.getByLabel('标题', { exact: true }).fill('楼道堆物复查');
	// A day some hundred days ahead on Shanghai's clock (the server takes due times up to a year ahead).
	const dueDay = new Date(Date.now() + 100 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
	await dialog.getByTestId('due-date').fill(`${dueDay}T18:30`);
	await dialog.getByTestId(`scope-building-${added.id}`).check();
	await expect(dialog.getByTestId('scope-summary')).toContainText('2 栋楼');
	await saveScreenshot(page, testInfo, 'edit-phone');
	await dialog.getByTestId('task-edit-save').click();
	await expect(dialog).toHaveCount(0);

	const task = await page.evaluate((id) => (window.gridDispatchLive?.doc.getMap('tasks').get(id) as { toJSON(): unknown } | undefined)?.toJSON(), taskId);
	expect(task).toMatchObject({ title: '楼道堆物复查', dueAt: Date.parse(`${dueDay}T18:30:00+08:00`), scope: [first.id, added.id] });
	// Accepted by the sync server: the projection follows.
	await expect
		.poll(async () => ((await (await page.request.get(`/api/tasks/${taskId}`)).json()) as { title?: string }).title, { timeout: 10_000 })
		.toBe('楼道堆物复查');
});

/** Dispatches a task from the form to the given buildings; returns its id. */
async function dispatchTo(page: Page, title: string, buildingIds: string[]): Promise<string> {
	await openForm(page);
	await page.getByLabel('标题', { exact: true }).fill(title);
	for (const id of buildingIds) await page.getByTestId(`scope-building-${id}`).check();
	await page.getByTestId('task-dispatch').click();
	await page.waitForURL(/\/tasks\/t[0-9a-f]{16}$/);
	return new URL(page.url()).pathname.split('/').pop()!;
}

test('a liaison lists only tasks of their micro-grid; a closed task moves to the history', async ({ page, browser }) => {
	await signIn(page, 'chief1');
	const { gridId, buildings } = await place(page);
	const liaisonContext = await browser.newContext({ timezoneId: 'Asia/Shanghai' });
	const liaison = await liaisonContext.newPage();
	await signIn(liaison, 'liaison01');
	const me = (await (await liaison.request.get('/api/me')).json()) as { memberships: { role: string; microGridId: string | null }[] };
	const microGridId = me.memberships.find((m) => m.role === 'liaison')!.microGridId!;
	const theirs = buildings.filter((b) => b.microGridId === microGridId);
	const elsewhere = buildings.filter((b) => b.gridId === gridId && b.microGridId && b.microGridId !== microGridId);
	expect(theirs.length).toBeGreaterThan(0);

	const forThem = await dispatchTo(page, '给一号微网格的排查', [theirs[0].id]);
	const notForThem = await dispatchTo(page, '给别的微网格的排查', [elsewhere[0].id]);

	await liaison.goto('/tasks');
	// The list comes from the live document: seconds until it has synced on a loaded machine.
	await expect(liaison.getByTestId(`task-row-${forThem}`)).toBeVisible({ timeout: 20_000 });
	await expect(liaison.getByTestId(`task-row-${notForThem}`)).toHaveCount(0);
	await expect(liaison.getByTestId('task-new')).toHaveCount(0);

	// The chief sees both, closes one: it leaves the open list for the history.
	await page.goto('/tasks');
	await expect(page.getByTestId(`task-row-${forThem}`)).toBeVisible();
	await expect(page.getByTestId(`task-row-${notForThem}`)).toBeVisible();
	await page.goto(`/tasks/${notForThem}`);
	await page.getByTestId('task-close').click();
	await page.getByTestId('task-close-confirm').click();
	await page.goto('/tasks');
	await expect(page.getByTestId(`task-row-${notForThem}`)).toHaveCount(0);
	await expect(page.getByTestId('task-history').getByTestId(`history-row-${notForThem}`)).toContainText('给别的微网格的排查');
	await liaisonContext.close();
});
