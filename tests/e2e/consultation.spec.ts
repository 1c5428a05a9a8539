import fs from 'node:fs';
import type { APIRequestContext, Page } from '@playwright/test';
import { demoPassword, expect, hydrated, test } from './fixtures';
import { liveState, signInLive, type Me, type Structure } from './live-helpers';

/**
 * The weekly 会商 on the secretary's laptop: the meeting starts, a matter liaison01 reports
 * from the phone appears in the queue without a reload, one click routes it to 光明物业 and
 * it leaves the queue, the meeting ends, and the minutes list the decision.
 */
test.use({ timezoneId: 'Asia/Shanghai' });

const laptop = { width: 1366, height: 900 };
const phone = { width: 390, height: 844 };

async function shot(page: Page, name: string) {
	fs.mkdirSync('tmp', { recursive: true });
	await page.screenshot({ path: `tmp/consultation-${name}.png` });
}

/** liaison01, signed in over HTTP as the phone's report sheet would be. */
async function liaisonSession(playwright: { request: { newContext(options: object): Promise<APIRequestContext> } }, baseURL: string) {
	const request = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
	const signedIn = await request.post('/login', { form: { username: 'liaison01', password: demoPassword }, headers: { accept: 'text/html' }, maxRedirects: 0 });
	expect(signedIn.status()).toBe(303);
	return request;
}

async function reportAs(request: APIRequestContext, description: string): Promise<string> {
	const me = (await (await request.get('/api/me')).json()) as Me;
	const communityId = me.memberships.find((m) => m.communityId)!.communityId!;
	const structure = (await (await request.get(`/api/communities/${communityId}/structure`)).json()) as Structure;
	const microGrid = structure.microGrids.find((mg) => mg.liaisonIds.includes(me.id))!;
	const building = structure.buildings.find((b) => b.microGridId === microGrid.id)!;
	const categories = (await (await request.get(`/api/communities/${communityId}/matter-categories`)).json()) as { id: string; name: string }[];
	const reported = await request.post(`/api/communities/${communityId}/matters`, {
		data: { clientKey: `e2e-consultation-${Date.now()}`, category: categories.find((c) => c.name === '楼道卫生')!.id, buildingId: building.id, description }
	});
	expect(reported.status()).toBe(201);
	return ((await reported.json()) as { id: string }).id;
}

test('the secretary holds the 会商: a new report appears live, one click routes it to 光明物业, the minutes list it', async ({ page, playwright, baseURL }) => {
	test.setTimeout(120_000);
	await page.setViewportSize(laptop);
	await signInLive(page, 'secretary');
	await page.goto('/consultation');
	await hydrated(page);
	await expect.poll(() => liveState(page), { timeout: 20_000 }).toBe('online');
	await expect(page.getByRole('heading', { name: '会商', exact: true })).toBeVisible();

	await page.getByTestId('start-meeting').click();
	// Under load the answer and the page's refetch take a while: generous, as the other specs are.
	await expect(page.getByTestId('meeting-open')).toBeVisible({ timeout: 15_000 });
	const attendee = page.getByRole('textbox', { name: '添加出席人员' });
	await attendee.fill('王书记');
	await attendee.press('Enter');
	await expect(page.getByTestId('attendees')).toContainText('王书记', { timeout: 15_000 });

	const description = `2单元楼道堆放电动车电池，有起火隐患（${Date.now()}）`;
	const liaison = await liaisonSession(playwright, baseURL!);
	const matterId = await reportAs(liaison, description);
	await liaison.dispose();

	// Appears without a reload: the live document's mattersVersion moved.
	const card = page.getByTestId('queue-card').filter({ hasText: description });
	await expect(card).toBeVisible({ timeout: 15_000 });
	await card.getByText(description).click();
	await expect(card).toHaveAttribute('aria-current', 'true');
	await shot(page, 'queue-desktop');

	const routeButton = card.getByTestId('route-property');
	await expect(routeButton).toContainText('光明物业');
	await routeButton.click();
	await expect(page.locator(`[data-testid="queue-card"][data-matter="${matterId}"]`)).toHaveCount(0, { timeout: 15_000 });

	await page.getByRole('button', { name: '结束会商' }).click();
	await page.getByRole('alertdialog').getByRole('button', { name: '结束会商' }).click();
	await expect(page.getByTestId('start-meeting')).toBeVisible({ timeout: 15_000 });

	await page.getByText('历次纪要').click();
	await page.getByTestId('meeting-history').getByRole('link').first().click();
	const decisions = page.getByTestId('minutes-decisions');
	await expect(decisions).toContainText(description);
	await expect(decisions.locator(`[data-matter="${matterId}"]`)).toContainText('派遣至光明物业');
	await expect(page.getByTestId('minutes-attendees')).toHaveText('王书记');
	await shot(page, 'minutes-desktop');

	await page.setViewportSize(phone);
	await shot(page, 'minutes-phone');
	await page.goto('/consultation');
	await expect(page.getByTestId('period-figures')).toBeVisible();
	await shot(page, 'queue-phone');
});
