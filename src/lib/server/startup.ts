import { database } from './db';
import { seedDemo } from './demo/seed';

export type StartupReport = { db: 'pglite' | 'postgres'; seededNow: boolean; demo: boolean };

const slot = Symbol.for('grid-dispatch.startup');
type Slot = { [slot]?: Promise<StartupReport> };

/** `DEMO=0` starts empty; anything else seeds the demo community on first start. */
export function demoEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
	return (env.DEMO ?? '1').trim() !== '0';
}

/**
 * Applies migrations and, in demo mode, seeds once. Shared by `server/` and the
 * SvelteKit `init` hook through globalThis, so it runs once per process.
 */
export function prepareApp(): Promise<StartupReport> {
	const holder = globalThis as Slot;
	holder[slot] ??= (async () => {
		const handle = database();
		await handle.migrate();
		const demo = demoEnabled();
		const seededNow = demo ? await seedDemo() : false;
		return { db: handle.kind, seededNow, demo };
	})();
	return holder[slot];
}

export function resetPrepared(): void {
	delete (globalThis as Slot)[slot];
}
