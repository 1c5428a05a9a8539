import type { Page } from '@playwright/test';
import type { Map as YMap } from 'yjs';
import type {} from '../../src/lib/client/sync/test-hook';
import { expect, test } from './fixtures';
import { communityOf, dispatchTask, isDemoBuilding, liaisonArea, livePending, liveState, markDoors, signInElsewhere, signInLive, waitForLiveDocument } from './live-helpers';

/**
 * A phone writes on one Yjs client id across page loads, so a year of evenings does not leave
 * the community document with a client id per load. The id is taken up again only when it is
 * safe: after the first sync, by one tab at a time (Web Locks), and never after the local copy
 * was lost. Every mark below must reach the chief under the id the test expects, unrefused.
 */

const clientIdOf = (page: Page) => page.evaluate(() => window.gridDispatchLive!.doc.clientID);

/** The client id the chief's copy (hence the server) holds the mark of `code` under. */
function writerOnChiefSide(chief: Page, taskId: string, buildingId: string, code: string) {
	return chief.evaluate(
		({ taskId, buildingId, code }) => {
			const task = window.gridDispatchLive?.doc.getMap<YMap<unknown>>('tasks').get(taskId);
			const building = (task?.get('progress') as YMap<YMap<unknown>> | undefined)?.get(buildingId);
			return building?._map.get(code)?.id.client ?? null;
		},
		{ taskId, buildingId, code }
	);
}

/** Opens the app in `page` and waits until its first sync is done and nothing waits to be stored. */
async function openSynced(page: Page) {
	await page.goto('/');
	await waitForLiveDocument(page);
	await expect.poll(() => liveState(page), { timeout: 20_000 }).toBe('online');
	await expect.poll(() => livePending(page)).toBe(0);
}

test('a liaison’s phone writes on one client id across reloads, never two tabs on one, and only after syncing once its local copy is lost', async ({
	page: chief,
	browser,
	pageErrors
}) => {
	test.setTimeout(120_000);
	const chiefMe = await signInLive(chief, 'chief1');
	const { structure } = await communityOf(chief, chiefMe);
	const { context, page: first, me } = await signInElsewhere(browser, 'liaison01', pageErrors);
	const { grid, buildings } = liaisonArea(structure, chiefMe.id, me.id);
	const buildingId = buildings[0].id;
	const scope = structure.buildings.filter((b) => b.gridId === grid.id && isDemoBuilding(b)).map((b) => b.id);
	const taskId = await dispatchTask(chief, { title: '同一部手机的排查', createdBy: chiefMe.id, dueInHours: 6, scope });
	await expect.poll(() => first.evaluate((id) => window.gridDispatchLive!.doc.getMap('tasks').has(id), taskId)).toBe(true);

	const mark = async (page: Page, code: string) => {
		await markDoors(page, taskId, buildingId, { [code]: { s: 'visited', by: me.id } });
		await expect.poll(() => livePending(page), { message: `${code} is stored` }).toBe(0);
		await expect.poll(() => writerOnChiefSide(chief, taskId, buildingId, code), { message: `${code} reached chief1` }).not.toBeNull();
		return writerOnChiefSide(chief, taskId, buildingId, code);
	};

	// The first load writes on a client id of its own; a reload writes on the same one.
	await expect.poll(() => livePending(first)).toBe(0);
	const phoneId = await mark(first, '1-101');
	expect(phoneId).toBe(await clientIdOf(first));
	await first.reload();
	await openSynced(first);
	await expect.poll(() => clientIdOf(first), { message: 'the reloaded page took up the id of the load before' }).toBe(phoneId);
	expect(await mark(first, '1-102')).toBe(phoneId);

	// A second tab open at the same time never shares it: it writes on an id of its own.
	const second = await context.newPage();
	await openSynced(second);
	const secondId = await clientIdOf(second);
	expect(secondId).not.toBe(phoneId);
	expect(await mark(second, '1-103')).toBe(secondId);
	expect(await mark(first, '1-104')).toBe(phoneId);

	// Once the first tab is closed, a new tab takes its id up (the second tab still holds its own).
	await first.close();
	const third = await context.newPage();
	await openSynced(third);
	await expect.poll(() => clientIdOf(third)).toBe(phoneId);
	expect(await mark(third, '1-105')).toBe(phoneId);

	// The browser lost the local copy but kept the ledger in localStorage. Before the first sync
	// the empty copy is behind the stored clocks, so no old id is taken up; the sync brings every
	// stored change back, and then one may be, and the server takes the next change unrefused.
	await second.close();
	// A page of the same origin without the app, so nothing holds the database open.
	await context.route('**/__no-app', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><link rel="icon" href="data:,">' }));
	await third.goto('/__no-app');
	const deleted = await third.evaluate(async (prefix) => {
		const names = (await indexedDB.databases()).map((db) => db.name ?? '').filter((name) => name.startsWith(prefix));
		await Promise.all(
			names.map(
				(name) =>
					new Promise<void>((resolve, reject) => {
						const request = indexedDB.deleteDatabase(name);
						request.onsuccess = () => resolve();
						request.onerror = () => reject(request.error);
						request.onblocked = () => reject(new Error(`${name} is still open`));
					})
			)
		);
		return names.length;
	}, `grid-dispatch:${me.id}:`);
	expect(deleted).toBeGreaterThan(0);
	await openSynced(third);
	await expect.poll(async () => [phoneId, secondId].includes(await clientIdOf(third)), { message: 'an old id was taken up after the sync' }).toBe(true);
	expect(await mark(third, '1-106')).toBe(await clientIdOf(third));

	for (const tab of [chief, third]) await expect(tab.getByTestId('sync-refusal')).toHaveCount(0);
	await context.close();
});
