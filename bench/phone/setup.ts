// The phone benchmark's world: the built server on a fresh demo data dir, liaison01 signed in,
// and an open task over liaison01's buildings (chief1 dispatches one when the demo has none).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from '@playwright/test';
import { signIn } from '../../tests/e2e/fixtures';
import { communityOf, dispatchTask, householdsOf, liaisonArea, signInLive } from '../../tests/e2e/live-helpers';
import { freePort, ServerProcess } from '../../tests/fixtures/server-process';

export type BenchServer = { url: string; output: () => string; stop: () => Promise<void> };

/** `node dist-server/index.js` on PGlite in a fresh folder under tmp/, demo data seeded (as tests/e2e/start-server.mjs does). */
export async function startDemoServer(port?: number): Promise<BenchServer> {
	mkdirSync('tmp', { recursive: true });
	const dataDir = mkdtempSync(path.join('tmp', 'phone-data-'));
	const server = new ServerProcess(port ?? (await freePort()), { DATA_DIR: path.resolve(dataDir), DEMO: '1' });
	const removeData = () => rmSync(dataDir, { recursive: true, force: true });
	try {
		await server.start(120_000);
	} catch (error) {
		await server.kill();
		removeData();
		throw error;
	}
	return {
		url: server.url,
		output: () => server.output,
		stop: async () => {
			await server.stop();
			removeData();
		}
	};
}

export type Scene = {
	/** liaison01's cookies, for every measured context. */
	storageState: Awaited<ReturnType<import('@playwright/test').BrowserContext['storageState']>>;
	taskId: string;
	buildingId: string;
	households: number;
	dispatched: boolean;
};

/** Signs liaison01 in, and makes sure it has an open task over one of its buildings; unthrottled. */
export async function prepareScene(browser: Browser, url: string): Promise<Scene> {
	const chiefContext = await browser.newContext({ baseURL: url });
	try {
		const chiefPage = await chiefContext.newPage();
		const chief = await signInLive(chiefPage, 'chief1');
		const { communityId, structure } = await communityOf(chiefPage, chief);
		const liaisonId = structure.users.find((u) => u.username === 'liaison01')!.id;
		const { buildings } = liaisonArea(structure, chief.id, liaisonId);
		const ids = buildings.map((b) => b.id);
		// An open task of the demo that covers one of liaison01's buildings, if any.
		let found = await chiefPage.evaluate((own) => {
			const tasks = window.gridDispatchLive!.doc.getMap<import('yjs').Map<unknown>>('tasks');
			for (const [id, task] of tasks.entries()) {
				if (task.get('status') !== 'open') continue;
				const scope = (task.get('scope') as import('yjs').Array<string>).toArray();
				const building = own.find((b) => scope.includes(b));
				if (building) return { taskId: id, buildingId: building };
			}
			return null;
		}, ids);
		const dispatched = !found;
		if (!found) {
			const taskId = await dispatchTask(chiefPage, { title: '入户排查（性能测试）', createdBy: chief.id, dueInHours: 24, scope: ids });
			found = { taskId, buildingId: ids[0] };
		}
		const households = await householdsOf(chiefPage, communityId, found.buildingId);

		const liaisonContext = await browser.newContext({ baseURL: url });
		const liaisonPage = await liaisonContext.newPage();
		await signIn(liaisonPage, 'liaison01');
		const storageState = await liaisonContext.storageState();
		await liaisonContext.close();
		return { storageState, ...found, households: households.length, dispatched };
	} finally {
		await chiefContext.close();
	}
}
