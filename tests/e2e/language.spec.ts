import { expect, signIn, switchLanguage, test } from './fixtures';

test('English is chosen on the login page, kept after sign-in and reload, and Chinese comes back', async ({
	page,
	context
}) => {
	await page.goto('/login');
	await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
	await expect(page.getByRole('heading', { name: '登录网格通' })).toBeVisible();
	await expect(page.getByRole('group', { name: '语言' })).toBeVisible();

	await switchLanguage(page, 'en');
	await expect(page.getByRole('heading', { name: 'Sign in to Grid Dispatch' })).toBeVisible();
	await expect(page.getByRole('group', { name: 'Language' })).toBeVisible();
	await expect(page.getByLabel('Username')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
	const cookie = (await context.cookies()).find((c) => c.name === 'PARAGLIDE_LOCALE');
	expect(cookie?.value).toBe('en');

	// The English sign-in form works, and the choice survives the navigation to home.
	await signIn(page, 'secretary', undefined, 'en');
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Hello, /);
	await expect(page.getByRole('heading', { level: 2, name: 'Community overview' })).toBeVisible();
	const totals = page.getByTestId('community-totals');
	await expect(totals.getByText('Micro-grids', { exact: true })).toBeVisible();
	await expect(totals.getByText('Buildings', { exact: true })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Home' })).toBeVisible();
	await expect(page.getByRole('heading', { name: '社区概况' })).toHaveCount(0);

	// A fresh page load keeps English.
	await page.reload();
	await expect(page.getByRole('heading', { level: 2, name: 'Community overview' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'English', exact: true })).toHaveAttribute('aria-pressed', 'true');

	// So does a new tab in the same browser.
	const other = await context.newPage();
	await other.goto('/');
	await expect(other.getByRole('heading', { level: 2, name: 'Community overview' })).toBeVisible();
	await other.close();

	// Back to Chinese from the footer of the signed-in page.
	await switchLanguage(page, 'zh-CN');
	await expect(page.getByRole('heading', { level: 2, name: '社区概况' })).toBeVisible();
	await expect(page.getByRole('button', { name: '退出登录' })).toBeVisible();
	await expect(page.getByRole('group', { name: '语言' })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Community overview' })).toHaveCount(0);
	await page.reload();
	await expect(page.getByRole('heading', { level: 2, name: '社区概况' })).toBeVisible();
	expect((await context.cookies()).find((c) => c.name === 'PARAGLIDE_LOCALE')?.value).toBe('zh-CN');
});
