import { database } from './db';
import { seedDemoSamples } from './demo/demo-samples';
import { seedDemo } from './demo/seed';
import { vapidKeys } from './notify/vapid';

export type StartupReport = { db: 'pglite' | 'postgres'; seededNow: boolean; samplesSeededNow: boolean; demo: boolean };

const slot = Symbol.for('grid-dispatch.startup');
type Slot = { [slot]?: Promise<StartupReport> };

/** Why a public site will not start with the demo accounts, and what to set instead. */
export const demoOnPublicOrigin =
	'DEMO is on and ORIGIN is https://…: the demo accounts have a published password (demo1234), so they are not seeded on a public site. ' +
	'Set DEMO=0 to start empty (then `npm run setup`), or DEMO=force if you really want the demo there.';

/**
 * `DEMO=0` starts empty; `DEMO=force` seeds the demo community on first start; anything else
 * does too, except behind an https ORIGIN (a public site), where it refuses to start and says why.
 */
export function demoEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
	const demo = (env.DEMO ?? '1').trim();
	if (demo === '0') return false;
	if (demo !== 'force' && (env.ORIGIN ?? '').trim().toLowerCase().startsWith('https://')) throw new Error(demoOnPublicOrigin);
	return true;
}

/**
 * Applies migrations, makes the VAPID keys on the first start and, in demo mode, seeds once; with
 * DEMO_SAMPLES=1 also the samples, on whichever start first finds them missing.
 * Shared by `server/` and the SvelteKit `init` hook through globalThis, so it runs once per process.
 */
export function prepareApp(): Promise<StartupReport> {
	const holder = globalThis as Slot;
	holder[slot] ??= (async () => {
		const demo = demoEnabled();
		const handle = database();
		await handle.migrate();
		// Made on the first start, before any browser asks for the key to subscribe with.
		await vapidKeys();
		const seededNow = demo ? await seedDemo() : false;
		const samplesSeededNow = demo && process.env.DEMO_SAMPLES === '1' ? await seedDemoSamples() : false;
		return { db: handle.kind, seededNow, samplesSeededNow, demo };
	})();
	return holder[slot];
}

export function resetPrepared(): void {
	delete (globalThis as Slot)[slot];
}
