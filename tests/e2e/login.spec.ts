import { expect, hydrated, signIn, test } from './fixtures';

test.describe('sign-in per role', () => {
	test('secretary sees the community overview with the demo totals', async ({ page }) => {
		await signIn(page, 'secretary');
		await expect(page.getByRole('heading', { level: 2, name: '社区概况' })).toBeVisible();
		await expect(page.getByText('扬子津街道 · 乐雅社区')).toBeVisible();

		const totals = page.getByTestId('community-totals');
		await expect(totals).toBeVisible();
		const stat = (label: string) =>
			totals.locator('dl > div').filter({ has: page.getByText(label, { exact: true }) }).locator('dd');
		await expect(stat('网格')).toHaveText('5');
		await expect(stat('微网格')).toHaveText('31');
		await expect(stat('楼栋')).toHaveText('45');
		// All five grids are listed below the totals.
		await expect(page.getByTestId('grid-card')).toHaveCount(5);
	});

	test('chief1 sees its grid with liaisons to call', async ({ page }) => {
		await signIn(page, 'chief1');
		await expect(page.getByRole('heading', { level: 2, name: '我的网格' })).toBeVisible();
		const grid = page.getByTestId('grid-card');
		await expect(grid).toHaveCount(1);
		await expect(grid.getByRole('heading', { level: 3, name: '第一网格' })).toBeVisible();
		// The chief's own grid is open, so the liaisons' phone links are visible and dialable.
		const phones = grid.locator('a[href^="tel:"]');
		await expect(phones.first()).toBeVisible();
		expect(await phones.count()).toBeGreaterThan(1);
		await expect(phones.first()).toHaveAttribute('href', /^tel:1\d{10}$/);
		await expect(page.getByText('第一网格第1微网格')).toBeVisible();
		// Header shows the people page link for chiefs and no secretary overview.
		await expect(page.getByRole('link', { name: '人员' })).toBeVisible();
		await expect(page.getByRole('heading', { name: '社区概况' })).toHaveCount(0);
	});

	test('liaison01 sees its micro-grid and buildings', async ({ page }) => {
		await signIn(page, 'liaison01');
		await expect(page.getByRole('heading', { level: 2, name: '我负责的微网格' })).toBeVisible();
		const card = page.getByTestId('liaison-micro-grid');
		await expect(card).toHaveCount(1);
		await expect(card.getByRole('heading', { level: 3 })).toHaveText(/微网格/);
		const buildings = card.getByRole('listitem');
		await expect(buildings.first()).toContainText('号楼');
		await expect(buildings.first()).toContainText(/\d+ 户/);
		// A liaison does not manage people and sees no grid overview.
		await expect(page.getByRole('link', { name: '人员' })).toHaveCount(0);
		await expect(page.getByRole('heading', { name: '我的网格' })).toHaveCount(0);
	});

	test('property1 sees the compounds it serves', async ({ page }) => {
		await signIn(page, 'property1');
		await expect(page.getByRole('heading', { level: 2, name: '服务的小区' })).toBeVisible();
		await expect(page.getByText('光明物业', { exact: true })).toBeVisible();
		const compounds = page.getByTestId('compound');
		await expect(compounds).toHaveCount(1);
		await expect(compounds).toContainText('光明铂悦华府');
		await expect(compounds).toContainText(/\d+ 栋楼 ·\s*\d+ 户/);
		await expect(page.getByText('华建雅筑')).toHaveCount(0);
	});

	test('street1 sees the communities of its street', async ({ page }) => {
		await signIn(page, 'street1');
		await expect(page.getByRole('heading', { level: 2, name: '辖区社区' })).toBeVisible();
		await expect(page.getByText('扬子津街道', { exact: true })).toBeVisible();
		const community = page.getByTestId('street-community').filter({ hasText: '乐雅社区' });
		await expect(community).toBeVisible();
		await expect(community.locator('dl > div').filter({ hasText: '网格' }).first().locator('dd')).toHaveText('5');
	});
});

test('a wrong password shows the Chinese error and stays on /login', async ({ page }) => {
	await page.goto('/login');
	await expect(page.getByRole('heading', { name: '登录网格通' })).toBeVisible();
	await hydrated(page);
	await page.getByLabel('用户名').fill('chief2');
	await page.getByLabel('密码').fill('not-the-password');
	await page.getByRole('button', { name: '登录', exact: true }).click();

	await expect(page.getByRole('alert')).toHaveText('用户名或密码不正确，请重试。');
	await expect(page).toHaveURL(/\/login$/);
	// The username is kept so the user only retypes the password.
	await expect(page.getByLabel('用户名')).toHaveValue('chief2');
	await expect(page.getByRole('button', { name: '退出登录' })).toHaveCount(0);
});

test('signing out returns to /login and the home page then needs signing in again', async ({ page }) => {
	await signIn(page, 'chief3');
	await expect(page.getByRole('heading', { level: 2, name: '我的网格' })).toBeVisible();

	await page.getByRole('button', { name: '退出登录' }).click();
	await page.waitForURL(/\/login$/);
	await expect(page.getByRole('heading', { name: '登录网格通' })).toBeVisible();

	await page.goto('/');
	await expect(page).toHaveURL(/\/login$/);
	await expect(page.getByRole('heading', { name: '登录网格通' })).toBeVisible();
	await expect(page.getByRole('button', { name: '退出登录' })).toHaveCount(0);
});
