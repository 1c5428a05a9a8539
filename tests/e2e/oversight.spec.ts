import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type {} from '../../src/lib/client/map/test-hook';
import { expect, test } from './fixtures';
import { communityOf, dispatchTask, hasTask, householdsOf, isDemoBuilding, liaisonArea, livePending, markDoors, signInElsewhere, signInLive, type Mark } from './live-helpers';
import { mapDataApplied } from './map-helpers';

/**
 * The secretary's dashboard: a building liaison03 last visited 40 days ago shows "over 30 days";
 * liaison03 taps a door in it and, within a second, the secretary's map shows it "0–7 days",
 * through feature state only (the structure source is never set again for it).
 * liaison03 because no other spec marks its buildings: specs run in parallel on one server, and a
 * fresh mark by another spec would hide the old visit.
 */

const day = 86_400_000;
const visitAgeOf = (page: Page, buildingId: string) =>
	page.evaluate((id) => window.gridDispatchMap?.map?.getFeatureState({ source: 'structure', id })?.visitAge ?? null, buildingId);

/** Marks one household per building at a chosen time (a phone that was offline for weeks writes such times). */
function markLongAgo(page: Page, taskId: string, marks: { buildingId: string; code: string; mark: Mark }[]) {
	return page.evaluate(
		({ taskId, marks }) => {
			const { doc } = window.gridDispatchLive!;
			const task = doc.getMap<import('yjs').Map<unknown>>('tasks').get(taskId)!;
			const progress = task.get('progress') as import('yjs').Map<import('yjs').Map<Mark>>;
			doc.transact(() => {
				for (const { buildingId, code, mark } of marks) progress.get(buildingId)!.set(code, mark);
			});
		},
		{ taskId, marks }
	);
}

/** Counts setData on the structure source and notes when the watched building turns within7. */
function instrument(page: Page, buildingId: string) {
	return page.evaluate((watched) => {
		const map = window.gridDispatchMap!.map!;
		const probe = { setData: 0, freshAt: null as number | null };
		const source = map.getSource('structure') as unknown as { setData: (...args: unknown[]) => unknown };
		const setData = source.setData.bind(source);
		source.setData = (...args: unknown[]) => {
			probe.setData++;
			return setData(...args);
		};
		const setFeatureState = map.setFeatureState.bind(map);
		map.setFeatureState = (feature, state) => {
			if (feature.id === watched && state.visitAge === 'within7' && probe.freshAt === null) probe.freshAt = Date.now();
			return setFeatureState(feature, state);
		};
		(window as unknown as { visitProbe: typeof probe }).visitProbe = probe;
	}, buildingId);
}
const probe = (page: Page) =>
	page.evaluate(() => ({ ...(window as unknown as { visitProbe: { setData: number; freshAt: number | null } }).visitProbe, loads: window.gridDispatchMap!.loads }));

/** The secretary's dashboard open in `page`, its map's feature state in place. */
async function openDashboard(page: Page) {
	await page.goto('/overview');
	await expect(page.getByRole('heading', { name: '社区总览' })).toBeVisible();
	await mapDataApplied(page);
	await page.waitForFunction(() => window.gridDispatchMap?.map?.loaded());
}

test("the secretary's dashboard at 1366×900 and 390×844: a building over 30 days turns 0–7 days within a second of liaison03's tap", async ({
	page,
	browser
}) => {
	test.setTimeout(120_000);
	const errors: string[] = [];
	const chiefMe = await signInLive(page, 'chief1');
	const { communityId, structure } = await communityOf(page, chiefMe);
	const { context: liaisonContext, page: liaison, me: liaisonMe } = await signInElsewhere(browser, 'liaison03', errors);
	const { buildings } = liaisonArea(structure, chiefMe.id, liaisonMe.id);
	const scope = buildings.map((b) => b.id);

	// Forty days ago liaison03 visited one household in each of its buildings (kept offline, sent now).
	const taskId = await dispatchTask(page, { title: '总览：四十天前的走访', createdBy: chiefMe.id, dueInHours: 6, scope });
	await expect.poll(() => hasTask(liaison, taskId)).toBe(true);
	const codes = new Map(await Promise.all(scope.map(async (id) => [id, await householdsOf(liaison, communityId, id)] as const)));
	const longAgo = Date.now() - 40 * day;
	await markLongAgo(
		liaison,
		taskId,
		scope.map((buildingId) => ({ buildingId, code: codes.get(buildingId)!.at(-1)!, mark: { s: 'visited', by: liaisonMe.id, at: longAgo } }))
	);
	await expect.poll(() => livePending(liaison), { message: 'the old visits are stored' }).toBe(0);

	// The secretary watches on a desktop and on a phone, each a browser of its own: signing the
	// chief's page out instead raced the chief's own requests, which could bring its cookie back.
	const { context: deskContext, page: desk } = await signInElsewhere(browser, 'secretary', errors, { contextOptions: { viewport: { width: 1366, height: 900 } } });
	const { context: phoneContext, page: phone } = await signInElsewhere(browser, 'secretary', errors, { contextOptions: { viewport: { width: 390, height: 844 } } });
	const screens = [desk, phone];
	for (const screen of screens) await openDashboard(screen);

	const [building] = scope;
	for (const screen of screens) {
		await expect.poll(() => visitAgeOf(screen, building)).toBe('over30');
		await expect(screen.getByTestId('visit-age-count-over30')).not.toHaveText('0');
		await instrument(screen, building);
	}
	const before = await Promise.all(screens.map(probe));

	const markedAt = await markDoors(liaison, taskId, building, { [codes.get(building)![0]]: { s: 'visited', by: liaisonMe.id } });
	for (const [i, screen] of screens.entries()) {
		await expect.poll(() => visitAgeOf(screen, building), { message: 'the building turns 0–7 days on the secretary’s map' }).toBe('within7');
		const after = await probe(screen);
		expect(after.freshAt! - markedAt, 'from the tap to the secretary’s feature state, in ms').toBeLessThan(1_000);
		expect(after.setData - before[i].setData, 'the structure source is set only for new map data').toBe(after.loads - before[i].loads);
	}

	// The tables, the attention list and the trends are there, and nothing scrolls sideways.
	mkdirSync('test-reports/screenshots', { recursive: true });
	for (const [screen, size] of [
		[desk, '1366x900'],
		[phone, '390x844']
	] as const) {
		await expect(screen.getByTestId('grid-table')).toContainText('第一网格');
		await expect(screen.getByTestId('liaison-table')).toContainText(liaisonMe.displayName);
		await expect(screen.getByTestId('trends')).toBeVisible();
		const width = screen.viewportSize()!.width;
		expect(await screen.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
		await screen.screenshot({ path: `test-reports/screenshots/overview-${size}.png` });
	}
	await liaisonContext.close();
	await deskContext.close();
	await phoneContext.close();
	expect(errors).toEqual([]);
});

test("clearing the grid filter colours the community's other buildings and counts them in the legend", async ({ page, browser }) => {
	const errors: string[] = [];
	const chiefMe = await signInLive(page, 'chief1');
	const { structure } = await communityOf(page, chiefMe);
	const grid = structure.grids.find((g) => g.chiefIds.includes(chiefMe.id))!;
	const inGrid = structure.buildings.filter((b) => isDemoBuilding(b) && b.gridId === grid.id);
	const outside = structure.buildings.filter((b) => isDemoBuilding(b) && b.gridId !== null && b.gridId !== grid.id);
	expect(inGrid.length, "chief1's grid has seeded buildings").toBeGreaterThan(0);
	expect(outside.length, 'other grids have seeded buildings').toBeGreaterThan(0);
	const counted = (screen: Page) =>
		screen.evaluate(() => ['within7', 'within14', 'within30', 'over30', 'never'].map((band) => document.querySelector(`[data-testid="visit-age-count-${band}"]`)?.textContent ?? ''));

	// The secretary in a context of its own: a request of the chief's page could still bring its cookie back.
	const { context: deskContext, page: desk } = await signInElsewhere(browser, 'secretary', errors);
	await desk.goto(`/overview?grid=${encodeURIComponent(grid.id)}`);
	await expect(desk.getByTestId('overview-grid-filter')).toBeVisible();
	await mapDataApplied(desk);
	await desk.waitForFunction(() => window.gridDispatchMap?.map?.loaded());
	await expect.poll(() => visitAgeOf(desk, inGrid[0].id)).not.toBeNull();
	expect(await visitAgeOf(desk, outside[0].id), 'a building of another grid is not coloured while the grid is chosen').toBeNull();

	// Back to the whole community on the same page (a client-side navigation): every building gets its band.
	await desk.evaluate(() => ((window as unknown as { samePage: boolean }).samePage = true));
	await desk.getByTestId('overview-grid-filter').click();
	await expect(desk.getByTestId('overview-grid-filter')).toHaveCount(0);
	expect(await desk.evaluate(() => (window as unknown as { samePage?: boolean }).samePage), 'the page was not loaded again').toBe(true);
	for (const building of outside) await expect.poll(() => visitAgeOf(desk, building.id), { message: `${building.label} of another grid is coloured` }).not.toBeNull();
	const afterNavigation = await counted(desk);

	// The legend counts what a fresh load of the whole community counts.
	await openDashboard(desk);
	await expect.poll(() => visitAgeOf(desk, outside[0].id)).not.toBeNull();
	await expect.poll(() => counted(desk)).toEqual(afterNavigation);
	expect(errors).toEqual([]);
	await deskContext.close();
});

test('the street office sees its communities side by side and opens one read-only', async ({ page }) => {
	await signInLive(page, 'street1');
	await page.goto('/street');
	await expect(page.getByRole('heading', { name: '街道总览' })).toBeVisible();
	const table = page.getByTestId('street-table');
	await expect(table).toContainText('乐雅社区');
	// 2,818 households in the seeded community; the escalated list says what is open or that nothing is.
	await expect(page.getByTestId('escalated-list').or(page.getByTestId('escalated-empty'))).toBeVisible();
	await table.getByRole('link', { name: '乐雅社区' }).first().click();
	await page.waitForURL(/\/overview\?community=/);
	await expect(page.getByRole('heading', { name: '社区总览' })).toBeVisible();
	await expect(page.getByText('只读')).toBeVisible();
	await expect(page.getByTestId('grid-table')).toContainText('第一网格');
	mkdirSync('test-reports/screenshots', { recursive: true });
	await page.screenshot({ path: 'test-reports/screenshots/street-1280x800.png' });
});

test('a liaison is told the overview is not for its role', async ({ page }) => {
	await signInLive(page, 'liaison02');
	await page.goto('/overview');
	await expect(page.getByTestId('overview-not-for-role')).toBeVisible();
	await page.goto('/street');
	await expect(page.getByTestId('street-not-for-role')).toBeVisible();
});
