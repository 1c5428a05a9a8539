import { test as base, expect, type BrowserContext, type ConsoleMessage, type Page } from '@playwright/test';

export { expect };

/** Texts of the sign-in form per UI language (messages/zh-CN.json, messages/en.json). */
export const loginTexts = {
	'zh-CN': { username: '用户名', password: '密码', submit: '登录', title: '登录网格通' },
	en: { username: 'Username', password: 'Password', submit: 'Sign in', title: 'Sign in to Grid Dispatch' }
} as const;
export type Lang = keyof typeof loginTexts;

export const demoPassword = 'demo1234';

function describeConsole(message: ConsoleMessage): string {
	const { url, lineNumber } = message.location();
	return `console.error: ${message.text()}${url ? ` (${url}:${lineNumber})` : ''}`;
}

/**
 * `test` with a watchdog: every page of the test's browser context reports uncaught
 * exceptions and console errors, and the test fails after it ran if there was any.
 * `test.use({ expectedConsoleErrors: [[/…/, /…/], { scope: 'test' }] })` lets through what a test
 * provokes on purpose: Chromium logs every 4xx answer to fetch as a console error, and a 409 is
 * how the server asks for confirmation. The list goes inside `[list, { scope: 'test' }]` because
 * Playwright reads a bare list of two or more as a value and its options, keeping only the first
 * pattern; the watchdog refuses that.
 */
export type LiveFixtures = {
	pageErrors: string[];
	expectedConsoleErrors: RegExp[];
	/**
	 * Where the liaisons' browser contexts sign in (`signInElsewhere(…, { contextOptions: { baseURL } })`):
	 * the test's own server, unless a project puts them on a second instance (`chromium-pg-redis`).
	 */
	liaisonBaseURL: string | undefined;
};

export const test = base.extend<LiveFixtures>({
	expectedConsoleErrors: [[], { option: true }],
	liaisonBaseURL: [async ({ baseURL }, use) => use(baseURL), { option: true }],
	pageErrors: async ({ context, expectedConsoleErrors }, use, testInfo) => {
		if (!Array.isArray(expectedConsoleErrors)) throw new Error("expectedConsoleErrors must be a list: wrap it as [[…], { scope: 'test' }] in test.use");
		const errors: string[] = [];
		const onConsole = (message: ConsoleMessage) => {
			if (message.type() === 'error') errors.push(`[${message.page()?.url() ?? '?'}] ${describeConsole(message)}`);
		};
		const onWebError = (webError: { error(): Error; page(): Page | null }) => {
			const error = webError.error();
			errors.push(`[${webError.page()?.url() ?? '?'}] pageerror: ${error.stack ?? error.message}`);
		};
		context.on('console', onConsole);
		context.on('weberror', onWebError);
		await use(errors);
		context.off('console', onConsole);
		context.off('weberror', onWebError);
		const unexpected = errors.filter((error) => !expectedConsoleErrors.some((pattern) => pattern.test(error)));
		errors.splice(0, errors.length, ...unexpected);
		if (errors.length > 0) await testInfo.attach('page-errors', { body: errors.join('\n'), contentType: 'text/plain' });
		expect(errors, 'the page logged errors or threw uncaught exceptions').toEqual([]);
	},
	// Depend on the watchdog so it is armed before the page is used, in every test.
	page: async ({ page, pageErrors }, use) => {
		void pageErrors;
		await use(page);
	}
});

/** What a context with no network logs by design: failed requests the service worker does not answer, the sync socket. */
export const offlineNoise = [/ERR_INTERNET_DISCONNECTED/, /WebSocket connection to .* failed/];

/**
 * Collects console errors and uncaught exceptions of a second browser context into `errors`:
 * the test's `pageErrors` (the watchdog then fails the test on them as on its own) or a list the
 * test checks itself. `ignore` leaves out console errors the context logs by design (`offlineNoise`).
 */
export function watchErrors(context: BrowserContext, errors: string[], { ignore = [] }: { ignore?: RegExp[] } = {}) {
	context.on('console', (message: ConsoleMessage) => {
		if (message.type() !== 'error' || ignore.some((noise) => noise.test(message.text()))) return;
		errors.push(`[${message.page()?.url() ?? 'worker'}] console.error: ${message.text()}`);
	});
	context.on('weberror', (webError) => errors.push(`pageerror: ${webError.error().stack ?? webError.error().message}`));
}

/**
 * Resolves once Svelte has hydrated the page. Typing before that can be wiped when Svelte takes
 * over the inputs (seen under load: the username came back empty and `required` stopped the submit).
 */
export const hydrated = (page: Page) => page.locator('html[data-hydrated]').waitFor({ state: 'attached' });

/** Signs in through the login form and waits for the home page. */
export async function signIn(page: Page, username: string, password = demoPassword, lang: Lang = 'zh-CN') {
	const texts = loginTexts[lang];
	await page.goto('/login');
	await expect(page.getByRole('heading', { name: texts.title })).toBeVisible();
	await hydrated(page);
	await page.getByLabel(texts.username).fill(username);
	await page.getByLabel(texts.password).fill(password);
	await page.getByRole('button', { name: texts.submit, exact: true }).click();
	await page.waitForURL('/');
	await expect(page).toHaveURL('/');
}

/**
 * Clicks a language button until the page has reloaded in that language. The first click
 * can land before Svelte has hydrated the button (server-rendered markup, no handler yet),
 * so we retry instead of sleeping.
 */
export async function switchLanguage(page: Page, lang: Lang) {
	const label = lang === 'en' ? 'English' : '中文';
	const button = page.getByRole('button', { name: label, exact: true });
	await expect(async () => {
		if ((await page.locator('html').getAttribute('lang')) !== lang) await button.click();
		await expect(page.locator('html')).toHaveAttribute('lang', lang, { timeout: 2_000 });
		await expect(button).toHaveAttribute('aria-pressed', 'true', { timeout: 2_000 });
	}).toPass({ timeout: 15_000 });
}

/**
 * The page fits a screen `width` wide: no sideways scrolling. With mobile emulation an overflowing
 * page would widen the layout viewport instead of scrolling, so first make sure the window really
 * is as wide as the device.
 */
export async function expectNoHorizontalScroll(page: Page, width: number) {
	await expect.poll(() => page.evaluate(() => window.innerWidth), { message: 'window.innerWidth' }).toBe(width);
	await expect
		.poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), {
			message: 'document.documentElement.scrollWidth - window.innerWidth (> 0 means horizontal scroll)'
		})
		.toBeLessThanOrEqual(0);
}
