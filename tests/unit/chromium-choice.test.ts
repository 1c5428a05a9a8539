import { describe, expect, it } from 'vitest';
import { chooseTestChromiums, systemChromium, systemHeadlessShell } from '../e2e/chromium';

/** A machine holding exactly `files`. */
const machine = (...files: string[]) => (file: string) => files.includes(file);

// The end-to-end specs run in whichever browser this picks; the notification specs need one that
// shows notifications, which a headless shell does not (it answers "denied").
describe('the Chromium of an end-to-end run', () => {
	it('uses Debian’s headless shell for pages and the full system browser for notifications when both are there (CI)', async () => {
		const chosen = await chooseTestChromiums({}, machine(systemChromium, systemHeadlessShell));
		expect(chosen.pages).toMatchObject({ executablePath: systemHeadlessShell, source: 'system headless shell' });
		expect(chosen.notifications).toMatchObject({ executablePath: systemChromium, source: 'system' });
		expect(chosen.pages.args).toContain('--no-sandbox');
	});

	it('runs everything in the system browser when it has no headless shell beside it', async () => {
		const chosen = await chooseTestChromiums({}, machine(systemChromium));
		expect(chosen.pages.source).toBe('system');
		expect(chosen.notifications).toBe(chosen.pages);
	});

	it('runs everything in CHROMIUM_PATH when it is set, and refuses one that does not exist', async () => {
		const own = '/opt/chromium/chrome';
		const chosen = await chooseTestChromiums({ CHROMIUM_PATH: own }, machine(own, systemChromium, systemHeadlessShell));
		expect(chosen.pages).toMatchObject({ executablePath: own, source: 'CHROMIUM_PATH' });
		expect(chosen.notifications).toBe(chosen.pages);
		await expect(chooseTestChromiums({ CHROMIUM_PATH: '/nowhere/chrome' }, machine(systemChromium))).rejects.toThrow(
			'CHROMIUM_PATH=/nowhere/chrome does not exist'
		);
	});

	it('falls back to the packaged Chromium with no system browser, and then has none for notifications', async () => {
		const chosen = await chooseTestChromiums({}, machine());
		expect(chosen.pages.source).toBe('@sparticuz/chromium');
		expect(chosen.pages.args, 'WebGL through SwiftShader, which MapLibre needs').toContain('--use-angle=swiftshader');
		expect(chosen.notifications).toBeNull();
	}, 60_000);
});
