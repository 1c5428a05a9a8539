import fs from 'node:fs';
import path from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import sharp from 'sharp';
import { expect, hydrated, offlineNoise, signIn, test, watchErrors } from './fixtures';
import { communityOf, dispatchTask, getJson, hasTask, isDemoBuilding, liaisonArea, liveState, offlineReady, signInElsewhere, signInLive } from './live-helpers';

// Offline reloads need the service worker, which most specs leave out (playwright.config.ts).
test.use({ serviceWorkers: 'allow' });

/**
 * Issue 14 end to end: liaison01 on its phone, with no signal, reports a problem from a
 * building's door grid with a photo; the report survives a reload offline and is sent when the
 * signal returns. The secretary, with the 会商 page open on a laptop, sees it arrive without
 * reloading and routes it to 光明物业 in one click. property1 accepts it and resolves it with a
 * photo on its phone; liaison01 verifies; the matter is closed. property2 never sees it.
 */
test.use({ timezoneId: 'Asia/Shanghai' });

const phone = { width: 390, height: 844 };
const laptop = { width: 1366, height: 900 };

async function shot(page: Page, testInfo: TestInfo, name: string) {
	const file = path.join('test-reports', 'screenshots', `matters-flow-${name}.png`);
	fs.mkdirSync(path.dirname(file), { recursive: true });
	await page.screenshot({ path: file, fullPage: true });
	await testInfo.attach(`matters-flow-${name}.png`, { path: file, contentType: 'image/png' });
}

/** A photo as a phone camera gives it: a JPEG with a GPS position in its EXIF. */
async function cameraPhoto(colour: string): Promise<Buffer> {
	return sharp({ create: { width: 1600, height: 1200, channels: 3, background: colour } })
		.jpeg({ quality: 85 })
		.withExif({ IFD0: { Make: 'PhoneMaker', Model: 'Cheap 1' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '32/1 23/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '119/1 25/1 0/1' } })
		.toBuffer();
}

test('a stairwell report, offline with a photo, routed at the 会商, resolved by the company, verified by its liaison', async ({ page, browser, pageErrors }, testInfo) => {
	test.setTimeout(240_000);
	const description = `5单元楼道灯不亮 ${Date.now()}`;

	// chief1 dispatches tonight's check, so liaison01 has a door grid for its building.
	const chiefMe = await signInLive(page, 'chief1');
	const { communityId, structure } = await communityOf(page, chiefMe);
	const liaison = await signInElsewhere(browser, 'liaison01', pageErrors, { contextOptions: { viewport: phone }, ignore: offlineNoise });
	const { grid, microGrid, buildings } = liaisonArea(structure, chiefMe.id, liaison.me.id);
	// map-live.spec.ts renames 1号楼 for a while; then any building of the micro-grid will do.
	const building = buildings[0] ?? structure.buildings.find((b) => b.microGridId === microGrid.id)!;
	const scope = [...new Set([building.id, ...structure.buildings.filter((b) => b.gridId === grid.id && isDemoBuilding(b)).map((b) => b.id)])];
	const taskId = await dispatchTask(page, { title: '今晚楼道巡查', createdBy: chiefMe.id, dueInHours: 6, scope });
	await expect.poll(() => hasTask(liaison.page, taskId)).toBe(true);

	// The secretary opens the 会商 page on a laptop.
	const secretary = await signInElsewhere(browser, 'secretary', pageErrors, { contextOptions: { viewport: laptop } });
	await secretary.page.goto('/consultation');
	await hydrated(secretary.page);
	await expect.poll(() => liveState(secretary.page), { timeout: 20_000 }).toBe('online');

	// liaison01 at the door grid loses the signal and reports, the building filled in.
	await liaison.page.goto(`/tasks/${taskId}?b=${building.id}`);
	await hydrated(liaison.page);
	await offlineReady(liaison.page);
	await liaison.context.setOffline(true);
	await expect(liaison.page.getByTestId('sync-status')).toHaveAttribute('data-state', 'offline');
	await liaison.page.getByTestId('report-open').click();
	const sheet = liaison.page.getByTestId('report-sheet');
	await expect(sheet).toContainText('号楼');
	await sheet.getByTestId('category-chips').getByRole('button', { name: '公用设施' }).click();
	await sheet.getByTestId('subcategory-chips').getByRole('button', { name: '路灯维修' }).click();
	await sheet.getByTestId('photo-input').setInputFiles({ name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: await cameraPhoto('#8a6d3b') });
	await expect(sheet.getByTestId('photo-picker').locator('img')).toHaveCount(1, { timeout: 15_000 });
	await sheet.getByLabel('描述').fill(description);
	await shot(liaison.page, testInfo, 'report-offline-phone');
	await sheet.getByTestId('report-submit').click();
	await expect(sheet).toHaveCount(0);
	await expect(liaison.page.getByTestId('sync-status')).toContainText('待同步');

	// Reloading without signal loses nothing: the report waits on the phone.
	await liaison.page.goto('/');
	const waiting = liaison.page.getByTestId('outbox-item').filter({ hasText: '路灯维修' });
	await expect(waiting).toBeVisible({ timeout: 15_000 });
	await expect(waiting.getByTestId('send-state')).toHaveAttribute('data-state', /waiting|sending/);
	await shot(liaison.page, testInfo, 'waiting-offline-phone');

	// The signal returns: the report is sent once, with its photo.
	await liaison.context.setOffline(false);
	const mine = liaison.page.getByTestId('matter-item').filter({ hasText: description });
	await expect(mine).toBeVisible({ timeout: 30_000 });
	await expect(waiting).toHaveCount(0, { timeout: 30_000 });
	const listed = await getJson<{ matters: { id: string; description: string; coverPhoto: string | null }[] }>(liaison.page, `/api/communities/${communityId}/matters?mine=1`);
	const sent = listed.matters.filter((m) => m.description === description);
	expect(sent, 'one matter, however often the phone retried').toHaveLength(1);
	const matterId = sent[0].id;
	expect(sent[0].coverPhoto).toBeTruthy();
	const stored = await liaison.page.request.get(`/api/photos/${sent[0].coverPhoto}`);
	const metadata = await sharp(await stored.body()).metadata();
	expect(metadata.exif, 'no EXIF (GPS, camera) left on the stored photo').toBeUndefined();

	// The secretary's queue shows it without a reload; one click routes it to 光明物业.
	const card = secretary.page.locator(`[data-testid="queue-card"][data-matter="${matterId}"]`);
	await expect(card).toBeVisible({ timeout: 20_000 });
	await card.getByText(description).click();
	await shot(secretary.page, testInfo, 'consultation-desktop');
	await expect(card.getByTestId('route-property')).toContainText('光明物业');
	await card.getByTestId('route-property').click();
	await expect(card).toHaveCount(0, { timeout: 15_000 });

	// property2 never sees it, by page or by API.
	const other = await browser.newContext({ viewport: phone });
	watchErrors(other, pageErrors);
	const property2 = await other.newPage();
	await signIn(property2, 'property2');
	expect((await property2.request.get(`/api/matters/${matterId}`)).status()).toBe(404);
	await property2.goto('/matters');
	await hydrated(property2);
	await expect(property2.getByText(description)).toHaveCount(0);
	await other.close();

	// property1 on its phone: 未签收 → 签收 → 处置完成 with a photo.
	// A context of its own: a request of the page signed in before could still bring its cookie back.
	const propertyContext = await browser.newContext({ viewport: phone });
	watchErrors(propertyContext, pageErrors);
	const property = await propertyContext.newPage();
	await signIn(property, 'property1');
	await property.goto('/matters');
	await hydrated(property);
	const queued = property.getByTestId(`matter-card-${matterId}`);
	await expect(queued.getByTestId('matter-stage')).toHaveText('已派遣·未签收');
	await shot(property, testInfo, 'work-queue-phone');
	await queued.click();
	await property.waitForURL(`/matters/${matterId}`);
	await hydrated(property);
	await property.getByTestId('matter-do-accept').click();
	await expect(property.getByTestId('matter-facts').getByTestId('matter-stage')).toHaveText('处理中');
	await property.getByTestId('matter-do-resolve').click();
	await property.getByLabel('处置情况').fill('已更换灯泡，楼道照明恢复');
	await property.getByTestId('matter-photo-input').setInputFiles({ name: 'fixed.jpg', mimeType: 'image/jpeg', buffer: await cameraPhoto('#f2e6c9') });
	await expect(property.getByTestId('matter-form-resolve').locator('img')).toHaveCount(1, { timeout: 15_000 });
	await shot(property, testInfo, 'resolve-phone');
	await property.getByTestId('matter-form-resolve').getByRole('button', { name: '处置完成' }).click();
	await expect(property.getByTestId('matter-facts').getByTestId('matter-stage')).toHaveText('已处置·待核实');

	// liaison01 verifies on its phone: closed.
	await liaison.page.goto(`/matters/${matterId}`);
	await hydrated(liaison.page);
	await liaison.page.getByTestId('matter-do-verify').click();
	await liaison.page.getByTestId('matter-verify-pass').click();
	await expect(liaison.page.getByTestId('matter-facts').getByTestId('matter-stage')).toHaveText('已结案');
	const steps = liaison.page.getByTestId('matter-event');
	expect(await steps.evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.action))).toEqual(['report', 'route', 'accept', 'resolve', 'verify']);
	await shot(liaison.page, testInfo, 'closed-phone');
	await secretary.page.goto(`/matters/${matterId}`);
	await hydrated(secretary.page);
	await expect(secretary.page.getByTestId('matter-facts').getByTestId('matter-stage')).toHaveText('已结案');
	await shot(secretary.page, testInfo, 'closed-desktop');
	await liaison.context.close();
	await secretary.context.close();
	await propertyContext.close();
});
