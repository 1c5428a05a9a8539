import type { Page } from '@playwright/test';
import jsQR from 'jsqr';
import { PDFDocument } from 'pdf-lib';
import { PNG } from 'pngjs';
import { expect, test } from './fixtures';
import { communityOf, isDemoBuilding, signInElsewhere, signInLive, type Structure } from './live-helpers';
import { mapDataApplied } from './map-helpers';

/**
 * The 公示牌 print page: chief1 prints its grid's signs, one PDF page per building, none of them
 * clipped; a sign's QR code, read back from the screen, opens `/b/<code>` of this server with a
 * code that stays the building's. The map offers the links to those who may print only.
 */

const codePattern = /^[a-z2-7]{16}$/;
const pxPerMm = 96 / 25.4;

const gridBuildings = (structure: Structure, gridId: string) => structure.buildings.filter((b) => b.gridId === gridId);

/** The QR code inside `selector`, read from a screenshot of it. */
async function readQr(page: Page, selector: string): Promise<string | null> {
	const png = PNG.sync.read(await page.locator(selector).first().screenshot());
	return jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height)?.data ?? null;
}

/** Every sign's overflow in print emulation: content wider or taller than its box, or a box taller than the page. */
function clippedSigns(page: Page, pageHeightPx: number) {
	return page.getByTestId('sign').evaluateAll(
		(signs, limit) =>
			signs.flatMap((sign, i) => {
				const box = sign.getBoundingClientRect();
				const clipped = sign.scrollHeight > sign.clientHeight + 1 || sign.scrollWidth > sign.clientWidth + 1 || box.height > limit;
				return clipped ? [`sign ${i}: scroll ${sign.scrollWidth}×${sign.scrollHeight} in ${sign.clientWidth}×${sign.clientHeight}, box ${box.height}`] : [];
			}),
		pageHeightPx
	);
}

test("chief1 prints its grid's signs: a page per building, nothing clipped, QR codes that open the building's page", async ({ page, baseURL }, testInfo) => {
	test.setTimeout(120_000);
	const me = await signInLive(page, 'chief1');
	const { communityId, structure } = await communityOf(page, me);
	const grid = structure.grids.find((g) => g.chiefIds.includes(me.id))!;
	const before = gridBuildings(structure, grid.id);

	await page.setViewportSize({ width: 1366, height: 900 });
	await page.goto(`/signs?gridId=${grid.id}`);
	await expect(page.getByTestId('sign').first()).toBeVisible();
	const signs = await page.getByTestId('sign').count();
	// map-edit.spec.ts may draw a building of its own in this grid meanwhile: N is the grid's count then.
	const after = gridBuildings((await communityOf(page, me)).structure, grid.id);
	expect([before.length, after.length]).toContain(signs);
	expect(signs).toBeGreaterThan(1);
	const headings = await page.getByTestId('sign-heading').allTextContents();
	expect(headings.filter((label) => isDemoBuilding({ label })).sort()).toEqual(before.filter(isDemoBuilding).map((b) => b.label).sort());
	await expect(page.getByTestId('signs-count')).toHaveText(`共 ${signs} 张`);
	await expect(page.getByTestId('sign').first()).toContainText('乐雅社区 微网格公示牌');
	await expect(page.getByTestId('sign').first()).toContainText('扫码反映问题 · 查看联系人');
	await page.screenshot({ path: testInfo.outputPath('signs-1366.png'), fullPage: false });

	// The first sign's QR code, read as a phone would: this server's /b/<code>.
	const decoded = await readQr(page, '[data-testid="sign-qr"]');
	expect(decoded).not.toBeNull();
	const url = new URL(decoded!);
	expect(url.origin).toBe(new URL(baseURL!).origin);
	expect(url.pathname).toMatch(/^\/b\/[a-z2-7]{16}$/);
	expect(url.pathname.slice(3)).toMatch(codePattern);
	expect(await page.getByTestId('sign-qr').first().getAttribute('data-url')).toBe(decoded);
	// Printed at least 30 mm wide.
	const qrBox = (await page.getByTestId('sign-qr').first().boundingBox())!;
	expect(qrBox.width).toBeGreaterThanOrEqual(30 * pxPerMm - 1);
	// The code is kept for the building: the building's own sign, asked for later, carries the same one.
	const firstBuilding = before.find((b) => b.label === headings[0]) ?? after.find((b) => b.label === headings[0])!;
	await page.goto(`/signs?buildingId=${firstBuilding.id}`);
	await expect(page.getByTestId('sign')).toHaveCount(1);
	expect(await page.getByTestId('sign-qr').getAttribute('data-url')).toBe(decoded);

	// Paper: one page per sign, nothing clipped, the toolbar not printed.
	await page.goto(`/signs?gridId=${grid.id}`);
	await expect(page.getByTestId('sign')).toHaveCount(signs);
	await page.emulateMedia({ media: 'print' });
	await expect(page.getByTestId('signs-toolbar')).toBeHidden();
	expect(await clippedSigns(page, 277 * pxPerMm)).toEqual([]);
	await page.getByTestId('sign').first().screenshot({ path: testInfo.outputPath('sign-a4-print.png') });
	const pdf = await PDFDocument.load(await page.pdf({ preferCSSPageSize: true, printBackground: true }));
	expect(pdf.getPageCount()).toBe(signs);
	const { width, height } = pdf.getPage(0).getSize();
	expect([Math.round(width), Math.round(height)]).toEqual([595, 842]);

	// A5 likewise.
	await page.emulateMedia({ media: 'screen' });
	await page.goto(`/signs?gridId=${grid.id}&size=A5`);
	await expect(page.getByTestId('sign')).toHaveCount(signs);
	await page.emulateMedia({ media: 'print' });
	expect(await clippedSigns(page, 194 * pxPerMm)).toEqual([]);
	await page.getByTestId('sign').first().screenshot({ path: testInfo.outputPath('sign-a5-print.png') });
	const a5 = await PDFDocument.load(await page.pdf({ preferCSSPageSize: true, printBackground: true }));
	expect(a5.getPageCount()).toBe(signs);
	expect(Math.abs(a5.getPage(0).getSize().width - 419.5)).toBeLessThan(2);

	// One sign per micro-grid: fewer pages, each building's code on its micro-grid's sign.
	await page.emulateMedia({ media: 'screen' });
	await page.goto(`/signs?gridId=${grid.id}&per=microGrid`);
	const microSigns = await page.getByTestId('sign').count();
	const microGrids = new Set(before.map((b) => b.microGridId));
	expect(microSigns).toBe(microGrids.size);
	await expect(page.getByTestId('sign-qr')).toHaveCount(signs);
	await page.emulateMedia({ media: 'print' });
	expect(await clippedSigns(page, 277 * pxPerMm)).toEqual([]);
	await page.getByTestId('sign').nth(2).screenshot({ path: testInfo.outputPath('sign-micro-grid-print.png') });
	expect((await PDFDocument.load(await page.pdf({ preferCSSPageSize: true, printBackground: true }))).getPageCount()).toBe(microSigns);

	// A phone: whole pages, scaled to the width, nothing sideways.
	await page.emulateMedia({ media: 'screen' });
	await page.setViewportSize({ width: 390, height: 844 });
	await page.goto(`/signs?gridId=${grid.id}&community=${communityId}`);
	await expect(page.getByTestId('sign').first()).toBeVisible();
	await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
	const phoneBox = (await page.getByTestId('sign').first().boundingBox())!;
	expect(phoneBox.x).toBeGreaterThanOrEqual(0);
	expect(phoneBox.x + phoneBox.width).toBeLessThanOrEqual(390);
	await expect(page.getByTestId('signs-print')).toBeVisible();
	await page.screenshot({ path: testInfo.outputPath('signs-390.png'), fullPage: false });
});

test('the map offers a grid and a building their signs to who may print there, and not to a liaison', async ({ page, browser }) => {
	const me = await signInLive(page, 'chief1');
	const { structure } = await communityOf(page, me);
	const grid = structure.grids.find((g) => g.chiefIds.includes(me.id))!;
	// From the end of the grid: map-live.spec.ts renames one at its start.
	const building = gridBuildings(structure, grid.id).filter(isDemoBuilding).at(-1)!;
	const openBuilding = async (on: Page) => {
		await on.goto('/map');
		// The search lists buildings only once the map's data is in; typing earlier can be lost to hydration.
		await mapDataApplied(on);
		await on.getByRole('combobox', { name: '搜索楼栋或联络员' }).fill(building.label);
		await on.getByRole('option', { name: new RegExp(`^${building.label}`) }).first().click();
		await expect(on.getByTestId('map-details')).toHaveAttribute('data-kind', 'building');
		return on.getByTestId('map-details');
	};
	const panel = await openBuilding(page);
	await expect(panel.getByRole('link', { name: '打印公示牌' })).toHaveAttribute('href', `/signs?community=${encodeURIComponent(me.memberships.find((m) => m.communityId)!.communityId!)}&buildingId=${building.id}`);
	await panel.locator('dd button').first().click();
	await expect(panel).toHaveAttribute('data-kind', 'grid');
	await panel.getByRole('link', { name: '打印本网格公示牌' }).click();
	await expect(page).toHaveURL(new RegExp(`/signs\\?community=\\w+&gridId=${grid.id}$`));
	await expect(page.getByTestId('sign').first()).toBeVisible();

	// A context of its own: a request of the chief's page still in flight could bring its cookie back.
	const errors: string[] = [];
	const { context, page: liaison } = await signInElsewhere(browser, 'liaison01', errors);
	await openBuilding(liaison);
	await expect(liaison.getByTestId('map-print-signs')).toHaveCount(0);
	expect(errors).toEqual([]);
	await context.close();
});
