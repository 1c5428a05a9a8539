import fs from 'node:fs';
import path from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import sharp from 'sharp';
import { expect, hydrated, test } from './fixtures';
import { communityOf, getJson, isDemoBuilding, signInElsewhere, signInLive } from './live-helpers';

/**
 * Issue 17 end to end: a resident with no account scans the QR code on a building's sign with a
 * cheap phone, sees whom to call and reports a problem with a photo (a plain form, no
 * JavaScript). liaison01, whose building it is, finds it 待核实 in its matters, marked as a
 * resident's report, with the resident's phone to call back.
 */
test.use({ timezoneId: 'Asia/Shanghai' });

const phone = { width: 390, height: 844 };

async function shot(page: Page, testInfo: TestInfo, name: string) {
	const file = path.join('test-reports', 'screenshots', `resident-report-${name}.png`);
	fs.mkdirSync(path.dirname(file), { recursive: true });
	await page.screenshot({ path: file, fullPage: true });
	await testInfo.attach(`resident-report-${name}.png`, { path: file, contentType: 'image/png' });
}

test('a resident reports through the sign with a photo; liaison01 finds it 待核实 with the phone to call back', async ({ page, browser, pageErrors }, testInfo) => {
	test.setTimeout(120_000);
	const description = `2单元楼道灯不亮，晚上很黑 ${Date.now()}`;

	// The secretary reads the QR code of one of liaison01's buildings, as the sign page would print it.
	const me = await signInLive(page, 'secretary');
	const { communityId, structure } = await communityOf(page, me);
	const liaisonId = structure.users.find((u) => u.username === 'liaison01')!.id;
	const microGrid = structure.microGrids.find((mg) => mg.liaisonIds.includes(liaisonId))!;
	const building = structure.buildings.find((b) => b.microGridId === microGrid.id && isDemoBuilding(b))!;
	const { publicCode } = await getJson<{ publicCode: string }>(page, `/api/communities/${communityId}/buildings/${building.id}`);
	expect(publicCode).toMatch(/^[a-z2-7]{16}$/);

	// A resident, no account, on a small phone.
	const residentContext = await browser.newContext({ viewport: phone, isMobile: true, hasTouch: true });
	residentContext.on('console', (message) => message.type() === 'error' && pageErrors.push(`resident console.error: ${message.text()}`));
	const resident = await residentContext.newPage();
	const scripts: string[] = [];
	resident.on('request', (request) => request.resourceType() === 'script' && scripts.push(request.url()));
	await resident.goto(`/b/${publicCode}`);
	await expect(resident.getByTestId('public-building')).toHaveText(building.label);
	await expect(resident.getByTestId('public-contacts')).toContainText('微网格联络员');
	await expect(resident.getByTestId('public-contacts')).toContainText('网格长');
	await expect(resident.getByTestId('public-property')).toContainText('光明物业');
	expect(scripts, 'the resident page loads no JavaScript').toEqual([]);
	await shot(resident, testInfo, 'page-phone');

	// Touch targets a thumb can hit.
	const submit = resident.getByTestId('public-report-submit');
	expect((await submit.boundingBox())!.height).toBeGreaterThanOrEqual(48);
	const chip = resident.locator('label', { hasText: '公用设施' });
	expect((await chip.boundingBox())!.height).toBeGreaterThanOrEqual(44);

	await chip.click();
	await resident.getByLabel('问题描述').fill(description);
	const photo = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#7a6a4a' } }).jpeg().toBuffer();
	await resident.getByLabel('照片（可选）').setInputFiles({ name: 'IMG_2001.jpg', mimeType: 'image/jpeg', buffer: photo });
	await resident.getByLabel('您的电话（可选）').fill('139 1234 5678');
	await shot(resident, testInfo, 'form-filled-phone');
	await submit.click();
	await expect(resident.getByTestId('public-thanks')).toContainText('已收到，谢谢您');
	expect(resident.url()).toContain('sent=1');
	await shot(resident, testInfo, 'thanks-phone');
	await residentContext.close();

	// liaison01 on its phone: the report waits 待核实 in its matters, marked as a resident's.
	const liaison = await signInElsewhere(browser, 'liaison01', pageErrors, { contextOptions: { viewport: phone } });
	await liaison.page.goto('/matters');
	await hydrated(liaison.page);
	const card = liaison.page.locator('[data-testid^="matter-card-"]', { hasText: description });
	await expect(card).toBeVisible({ timeout: 15_000 });
	await expect(card).toContainText('待核实');
	await expect(card.getByTestId('matter-resident')).toHaveText('居民扫码反映');
	await card.click();
	await expect(liaison.page.getByTestId('matter-resident-phone')).toHaveAttribute('href', 'tel:13912345678');
	await expect(liaison.page.getByTestId('matter-facts').locator('img')).toHaveCount(1);
	await shot(liaison.page, testInfo, 'liaison-matter-phone');
	await liaison.context.close();
});
