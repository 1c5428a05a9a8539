import { expect, hydrated, test } from './fixtures';
import { getJson, liaisonBuilding, liveState, signInLive } from './live-helpers';

/**
 * Page data reloaded by a live change while a page is opening (`PageDataRefresh`): SvelteKit
 * would let the reload take over the navigation, so it waits for the navigation to end, and
 * then it must run: the page that opened shows what changed on the way, without another tap.
 */
test.use({ viewport: { width: 390, height: 844 }, timezoneId: 'Asia/Shanghai' });

const mattersVersion = () => window.gridDispatchLive?.doc.getMap('signals').get('mattersVersion') ?? null;

test('a matter reported while 事项 is opening shows there once it is open, and the tap still opens it', async ({ page }) => {
	test.setTimeout(90_000);
	const me = await signInLive(page, 'liaison01');
	await hydrated(page);
	await expect.poll(() => liveState(page), { timeout: 20_000 }).toBe('online');
	const communityId = me.memberships.find((m) => m.communityId)!.communityId!;
	const categories = await getJson<{ id: string; name: string }[]>(page, `/api/communities/${communityId}/matter-categories`);
	const buildingId = await liaisonBuilding(page, communityId, me);
	const before = await page.evaluate(mattersVersion);

	// The list's data is fetched as the tap asks for it, but handed to the page only later: the
	// navigation is under way while the report below changes the matters.
	let fetched!: () => void;
	const dataFetched = new Promise<void>((resolve) => (fetched = resolve));
	let release!: () => void;
	const released = new Promise<void>((resolve) => (release = resolve));
	await page.route(
		/\/matters\/__data\.json/,
		async (route) => {
			const response = await route.fetch();
			fetched();
			await released;
			await route.fulfill({ response });
		},
		{ times: 1 }
	);
	await page.getByRole('navigation', { name: '菜单', exact: true }).first().getByRole('link', { name: /事项/ }).click();
	await dataFetched;

	const description = `楼道灯不亮 ${Date.now()}`;
	const reported = await page.request.post(`/api/communities/${communityId}/matters`, {
		data: { clientKey: `e2e-refresh-${Date.now()}`, category: categories.find((c) => c.name === '楼道卫生')!.id, buildingId, description }
	});
	expect(reported.status()).toBe(201);
	const matterId = ((await reported.json()) as { id: string }).id;
	// The live document says the matters changed while the navigation still waits for its data.
	await expect.poll(() => page.evaluate(mattersVersion), { timeout: 20_000 }).not.toBe(before);
	release();

	await page.waitForURL('/matters');
	await expect(page.getByTestId(`matter-card-${matterId}`), 'the change heard on the way is loaded once the page is open').toContainText(description, {
		timeout: 15_000
	});
	await expect(page).toHaveURL('/matters');
});
