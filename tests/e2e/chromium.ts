import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Which Chromium the end-to-end tests and the benchmarks launch. Browsers are never
 * downloaded (CI and fresh machines may have no network for them): `CHROMIUM_PATH`, else the system's `/usr/bin/chromium`,
 * else the Chromium that the devDependency `@sparticuz/chromium` brings from the npm registry.
 */
export type ChosenChromium = {
	executablePath: string;
	source: 'CHROMIUM_PATH' | 'system' | 'system headless shell' | '@sparticuz/chromium';
	args: string[];
};

export const systemChromium = '/usr/bin/chromium';
/**
 * Debian's `chromium-headless-shell`: the same Chromium build without the browser around the
 * page, which is what Playwright itself runs headless. On a CPU-bound 2-core machine the
 * end-to-end suite took 9.0 minutes in it against 13.1 in the full browser's headless mode.
 */
export const systemHeadlessShell = '/usr/lib/chromium/chromium-headless-shell';

/** Several contexts per browser, no network of its own; `--disable-gpu` leaves WebGL to SwiftShader. */
const projectArgs = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-quic',
	'--no-first-run'
];

/**
 * The packaged build is chrome-headless-shell with SwiftShader beside it. Chromium ≥ 137 gives
 * WebGL through SwiftShader only when asked (MapLibre needs WebGL 2). Its serverless defaults
 * (`--single-process`, `--no-zygote`, `--in-process-gpu`) are left out: they are for one page
 * per process, and the tests run several contexts in one browser.
 */
const packagedArgs = [...projectArgs, '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'];

/**
 * chrome-headless-shell answers `Notification.permission` with "denied" whatever the context
 * grants, so a shown notification cannot be tested with it; the specs that need one say so and skip.
 */
export const packagedChromiumDeniesNotifications =
	'The packaged Chromium (@sparticuz/chromium, chrome-headless-shell) denies notifications: the tests that show a Web Push notification are skipped (optional; they run with a system Chromium, as on CI).';

/**
 * The browsers of one end-to-end run: `pages` for every spec, `notifications` for the specs that
 * show a Web Push notification, which a headless shell denies (null when this machine has no
 * Chromium that shows them).
 */
export type TestChromiums = { pages: ChosenChromium; notifications: ChosenChromium | null };

/**
 * `CHROMIUM_PATH` runs everything. A system Chromium runs the notification specs, and every
 * other spec runs in Debian's headless shell when it is installed too (CI installs both).
 * The packaged Chromium runs every spec it can; the notification specs skip and say why.
 */
export async function chooseTestChromiums(env: NodeJS.ProcessEnv = process.env, exists: (file: string) => boolean = existsSync): Promise<TestChromiums> {
	const chosen = await chooseChromium(env, exists);
	if (chosen.source === '@sparticuz/chromium') return { pages: chosen, notifications: null };
	if (chosen.source === 'system' && exists(systemHeadlessShell)) {
		return { pages: { executablePath: systemHeadlessShell, source: 'system headless shell', args: projectArgs }, notifications: chosen };
	}
	return { pages: chosen, notifications: chosen };
}

/** Set in a worker when its run has a Chromium that shows notifications (global-setup.ts). */
export const notificationsShown = () => !!process.env.E2E_NOTIFY_CHROMIUM_PATH;

/** `exists`: which files this machine has (tests pass another machine's). */
export async function chooseChromium(env: NodeJS.ProcessEnv = process.env, exists: (file: string) => boolean = existsSync): Promise<ChosenChromium> {
	if (env.CHROMIUM_PATH) {
		if (!exists(env.CHROMIUM_PATH)) throw new Error(`CHROMIUM_PATH=${env.CHROMIUM_PATH} does not exist`);
		return { executablePath: env.CHROMIUM_PATH, source: 'CHROMIUM_PATH', args: projectArgs };
	}
	if (exists(systemChromium)) return { executablePath: systemChromium, source: 'system', args: projectArgs };
	return { executablePath: await unpackPackagedChromium(), source: '@sparticuz/chromium', args: packagedArgs };
}

/**
 * `@sparticuz/chromium` unpacks its brotli archives into `os.tmpdir()` and reuses whatever
 * `chromium` it finds there, of any version, even half written. We give it a scratch folder of
 * its own and move the result to a folder named after the version, so a stale or interrupted
 * unpack is never launched and two runs unpacking at once do not write into one another.
 */
async function unpackPackagedChromium(): Promise<string> {
	const require = createRequire(import.meta.url);
	// Its exports hide package.json: the entry is <package>/build/index.js.
	const packageDir = path.dirname(path.dirname(require.resolve('@sparticuz/chromium')));
	const { version } = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string };
	const target = path.join(tmpdir(), `grid-dispatch-chromium-${version}`);
	const executable = path.join(target, 'chromium');
	if (existsSync(executable)) return executable;

	const scratch = `${target}.partial-${process.pid}`;
	rmSync(scratch, { recursive: true, force: true });
	mkdirSync(scratch, { recursive: true });
	const { default: Chromium } = await import('@sparticuz/chromium');
	const previousTmpdir = process.env.TMPDIR;
	process.env.TMPDIR = scratch;
	let unpacking: Promise<string>;
	try {
		// It reads os.tmpdir() synchronously when the call starts; restored at once for everything else.
		unpacking = Chromium.executablePath(path.join(packageDir, 'bin'));
	} finally {
		if (previousTmpdir === undefined) delete process.env.TMPDIR;
		else process.env.TMPDIR = previousTmpdir;
	}
	const unpacked = await unpacking;
	if (path.dirname(unpacked) !== scratch) throw new Error(`@sparticuz/chromium unpacked to ${unpacked}, not into ${scratch}`);
	try {
		renameSync(scratch, target);
	} catch (error) {
		// Another run finished first: use its copy.
		rmSync(scratch, { recursive: true, force: true });
		if (!existsSync(executable)) throw error;
	}
	return executable;
}
