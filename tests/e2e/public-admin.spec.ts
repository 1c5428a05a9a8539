import type { Page } from '@playwright/test';
import { expect, hydrated, signIn, test } from './fixtures';
import { mapDataApplied } from './map-helpers';

/**
 * The staff side of what residents see: a building's QR code in the map's panel (replaced by the
 * secretary after a confirmation), the community hotline on /people and the consent to a
 * public phone on a person's page. On a phone-sized screen, where the secretary would do it.
 */
test.use({ viewport: { width: 390, height: 844 } });

/** Opens liaison01's micro-grid through the search, then its first building. */
async function openFirstBuildingOfLiaison01(page: Page) {
	await page.goto('/map');
	await mapDataApplied(page);
	await page.getByRole('combobox', { name: '搜索楼栋或联络员' }).fill('钱立新');
	await page.getByRole('option', { name: /钱立新/ }).first().click();
	const panel = page.getByTestId('map-details');
	await expect(panel).toHaveAttribute('data-kind', 'microGrid');
	await panel.getByRole('button', { name: /^\d+号楼/ }).first().click();
	await expect(panel).toHaveAttribute('data-kind', 'building');
	return panel;
}

test('the secretary replaces a building’s QR code after reading what it means; the chief sees the code only', async ({ page, browser }) => {
	await signIn(page, 'secretary');
	const panel = await openFirstBuildingOfLiaison01(page);
	const value = panel.getByTestId('map-public-code-value');
	await expect(value).toHaveText(/^[a-z2-7]{16}$/);
	const before = (await value.innerText()).trim();

	await panel.getByTestId('map-public-code-rotate').click();
	const dialog = page.getByRole('alertdialog');
	await expect(dialog).toContainText('旧公示牌上的二维码将失效，居民扫码会看到‘此公示牌已更换’');
	await dialog.getByRole('button', { name: '取消' }).click();
	await expect(dialog).toHaveCount(0);
	await expect(value).toHaveText(before);

	await panel.getByTestId('map-public-code-rotate').click();
	await page.getByRole('alertdialog').getByTestId('map-public-code-confirm').click();
	await expect(page.getByRole('alertdialog')).toHaveCount(0);
	await expect(panel.getByRole('status')).toContainText('已更换二维码');
	await expect(value).toHaveText(/^[a-z2-7]{16}$/);
	const after = (await value.innerText()).trim();
	expect(after).not.toBe(before);

	const chiefContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
	const chief = await chiefContext.newPage();
	await signIn(chief, 'chief1');
	const chiefPanel = await openFirstBuildingOfLiaison01(chief);
	await expect(chiefPanel.getByTestId('map-public-code-value')).toHaveText(after);
	await expect(chiefPanel.getByTestId('map-public-code-rotate')).toHaveCount(0);
	await chiefContext.close();
});

test.describe('the hotline', () => {
	// The refused save is a 400, which Chromium logs as a console error.
	test.use({ expectedConsoleErrors: [/status of 400/] });

	test('the secretary sets the community hotline on /people; a bad number is refused in words', async ({ page }) => {
		await signIn(page, 'secretary');
		await page.goto('/people');
		await hydrated(page);
		const section = page.getByTestId('people-hotline');
		await expect(section.getByTestId('people-hotline-value')).toHaveText('0514-87221234');
		await section.getByRole('button', { name: '修改' }).click();
		const input = section.getByRole('textbox', { name: '社区服务热线' });
		await input.fill('0514-热线');
		await section.getByRole('button', { name: '保存' }).click();
		await expect(section.getByRole('alert')).toHaveText('社区服务热线只能包含数字、空格、“-”、“+”和括号，且至少 3 位数字。');
		await input.fill('0514-87221235');
		await section.getByRole('button', { name: '保存' }).click();
		await expect(section.getByTestId('people-hotline-value')).toHaveText('0514-87221235');
		await expect(section.getByRole('status')).toHaveText('社区服务热线已保存。');
		// Put it back for the other specs.
		await section.getByRole('button', { name: '修改' }).click();
		await section.getByRole('textbox', { name: '社区服务热线' }).fill('0514-87221234');
		await section.getByRole('button', { name: '保存' }).click();
		await expect(section.getByTestId('people-hotline-value')).toHaveText('0514-87221234');
	});
});

test('the secretary records a person’s consent to a public phone, and the list marks it', async ({ page }) => {
	await signIn(page, 'secretary');
	await page.goto('/people');
	await hydrated(page);
	const row = page.getByTestId('people-list').getByRole('listitem').filter({ hasText: '@liaison20' });
	await expect(row.getByTestId('person-public-contact-badge')).toHaveCount(0);
	await expect(page.getByTestId('people-list').getByRole('listitem').filter({ hasText: '@liaison01' }).getByTestId('person-public-contact-badge')).toHaveText('公示电话');

	await row.getByRole('link', { name: /^资料/ }).click();
	await hydrated(page);
	const consent = page.getByLabel('同意在公示牌公开电话');
	await expect(consent).not.toBeChecked();
	await consent.check();
	await page.getByRole('button', { name: '保存', exact: true }).click();
	// The saved notice, not the header's sync status: leaving before the save is answered would let
	// the form's reload of the page supersede the navigation.
	await expect(page.getByRole('status').filter({ hasText: '已保存' })).toBeVisible();
	await expect(page.getByLabel('同意在公示牌公开电话')).toBeChecked();
	await page.getByRole('link', { name: /返回人员列表/ }).click();
	// The list is loaded afresh; on a busy machine that takes more than the default 5 s.
	await expect(page).toHaveURL(/\/people\?/);
	await expect(page.getByTestId('people-list').getByRole('listitem').filter({ hasText: '@liaison20' }).getByTestId('person-public-contact-badge')).toBeVisible({ timeout: 20_000 });

	// And back, so the demo stays as seeded.
	await page.getByTestId('people-list').getByRole('listitem').filter({ hasText: '@liaison20' }).getByRole('link', { name: /^资料/ }).click();
	await hydrated(page);
	await page.getByLabel('同意在公示牌公开电话').uncheck();
	await page.getByRole('button', { name: '保存', exact: true }).click();
	await expect(page.getByRole('status').filter({ hasText: '已保存' })).toBeVisible();
	await expect(page.getByLabel('同意在公示牌公开电话')).not.toBeChecked();
});
