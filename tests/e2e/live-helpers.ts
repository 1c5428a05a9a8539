import type { Browser, BrowserContextOptions, Page } from '@playwright/test';
import type { Map as YMap } from 'yjs';
import type {} from '../../src/lib/client/sync/test-hook';
import type {} from '../../src/lib/client/offline/offline-shell';
import type { TaskKind } from '../../src/lib/domain/community-doc';
import type { NewTask } from '../../src/lib/domain/task-doc';
import { newTaskId } from '../../src/lib/domain/task-ids';
import { expect, signIn, watchErrors } from './fixtures';

/**
 * Helpers for specs that work on the live community document through the test hook
 * `window.gridDispatchLive`: who is signed in, where they work, and tasks and marks written
 * as the app's own screens would write them.
 */

/** What `/api/me` answers, as far as the specs use it. */
export type Me = { id: string; displayName: string; memberships: { communityId: string | null }[] };

/** What `/api/communities/:id/structure` answers, as far as the specs use it. */
export type Structure = {
	users: { id: string; username: string }[];
	grids: { id: string; chiefIds: string[] }[];
	microGrids: { id: string; gridId: string; liaisonIds: string[] }[];
	buildings: { id: string; label: string; gridId: string | null; microGridId: string | null }[];
};

/** One household's mark in a building's progress map (`ProgressEntry` in the community document). */
export type Mark = { s: string; by: string; at: number; note?: string };

export async function getJson<T>(page: Page, path: string): Promise<T> {
	const response = await page.request.get(path);
	expect(response.ok(), `GET ${path}`).toBe(true);
	return (await response.json()) as T;
}

export const waitForLiveDocument = (page: Page) => page.waitForFunction(() => window.gridDispatchLive !== undefined);
export const liveState = (page: Page) => page.evaluate(() => window.gridDispatchLive?.status.state);
export const livePending = (page: Page) => page.evaluate(() => window.gridDispatchLive?.status.pending);

/** Signs `username` in on `page`, waits for the live document and says who they are. */
export async function signInLive(page: Page, username: string): Promise<Me> {
	await signIn(page, username);
	await waitForLiveDocument(page);
	return getJson<Me>(page, '/api/me');
}

/**
 * `username` signed in, with the live document open, in a new browser context whose console
 * errors and page errors go to `errors` (see `watchErrors`, which `ignore` is passed to).
 */
export async function signInElsewhere(
	browser: Browser,
	username: string,
	errors: string[],
	{ contextOptions, ignore }: { contextOptions?: BrowserContextOptions; ignore?: RegExp[] } = {}
) {
	const context = await browser.newContext(contextOptions);
	watchErrors(context, errors, { ignore });
	const page = await context.newPage();
	return { context, page, me: await signInLive(page, username) };
}

/** The community of the signed-in user `me`, and its structure. */
export async function communityOf(page: Page, me: Me) {
	const communityId = me.memberships.find((m) => m.communityId)!.communityId!;
	return { communityId, structure: await getJson<Structure>(page, `/api/communities/${communityId}/structure`) };
}

/** The seeded buildings (1号楼, 2号楼…): map-edit.spec.ts draws and deletes buildings of its own in chief1's grid. */
export const isDemoBuilding = (building: { label: string }) => /^\d+号楼$/.test(building.label);

/**
 * The chief's grid, the liaison's micro-grid and the micro-grid's seeded buildings (never one
 * another spec may delete meanwhile). The specs dispatch over that micro-grid as that chief,
 * so it has to lie in the chief's grid.
 */
export function liaisonArea(structure: Structure, chiefId: string, liaisonId: string) {
	const grid = structure.grids.find((g) => g.chiefIds.includes(chiefId))!;
	const microGrid = structure.microGrids.find((mg) => mg.liaisonIds.includes(liaisonId))!;
	expect(microGrid.gridId, "the liaison works in a micro-grid of the chief's grid").toBe(grid.id);
	return { grid, microGrid, buildings: structure.buildings.filter((b) => b.microGridId === microGrid.id && isDemoBuilding(b)) };
}

/** The household codes of one building. */
export async function householdsOf(page: Page, communityId: string, buildingId: string): Promise<string[]> {
	return (await getJson<{ households: string[] }>(page, `/api/communities/${communityId}/buildings/${buildingId}`)).households;
}

/**
 * Runs in the page, so it cannot import `createTask` from src/lib/domain/task-doc.ts: it
 * writes the task exactly as that function does. Keep the two in sync (the same fields, the same
 * nested types, one progress map per building); `NewTask` keeps at least the input in step.
 */
function createTaskInPage(task: NewTask) {
	const { doc, Y } = window.gridDispatchLive!;
	doc.transact(() => {
		const map = new Y.Map<unknown>();
		doc.getMap('tasks').set(task.id, map);
		map.set('title', task.title);
		map.set('kind', task.kind);
		map.set('instructions', task.instructions);
		map.set('createdBy', task.createdBy);
		map.set('createdAt', task.createdAt);
		map.set('dueAt', task.dueAt);
		map.set('status', 'open');
		map.set('round', task.round ?? 1);
		map.set('roundOf', task.roundOf ?? null);
		const scope = new Y.Array<string>();
		map.set('scope', scope);
		scope.push([...task.scope]);
		map.set('acks', new Y.Map<number>());
		map.set('reminders', new Y.Array());
		map.set('notes', new Y.Array());
		const progress = new Y.Map<YMap<Mark>>();
		map.set('progress', progress);
		for (const buildingId of task.scope) progress.set(buildingId, new Y.Map<Mark>());
	});
}

export type Dispatch = {
	/** The app's kind of id unless given. */
	id?: string;
	title: string;
	kind?: TaskKind;
	instructions?: string;
	createdBy: string;
	dueInHours: number;
	scope: readonly string[];
};

/** A first-round task (a check unless told) written into `chief`'s live document; resolves once the server stored it. */
export async function dispatchTask(chief: Page, { id = newTaskId(), kind = 'check', instructions = '', dueInHours, ...task }: Dispatch) {
	const createdAt = Date.now();
	await chief.evaluate(createTaskInPage, { ...task, id, kind, instructions, createdAt, dueAt: createdAt + dueInHours * 60 * 60 * 1000 });
	await expect.poll(() => livePending(chief), { message: "the chief's task is stored" }).toBe(0);
	return id;
}

/** Whether the task has reached this page's live document. */
export const hasTask = (page: Page, taskId: string) =>
	page.evaluate((id) => window.gridDispatchLive?.doc.getMap('tasks').has(id), taskId);

/** `userId` acknowledges the task (收到) in this page's live document. */
export function acknowledge(page: Page, taskId: string, userId: string) {
	return page.evaluate(
		({ taskId, userId }) => {
			const task = window.gridDispatchLive!.doc.getMap<YMap<unknown>>('tasks').get(taskId)!;
			(task.get('acks') as YMap<number>).set(userId, Date.now());
		},
		{ taskId, userId }
	);
}

/** Marks households of one building in one transaction, all at one time, which it returns (the page's clock). */
export function markDoors(page: Page, taskId: string, buildingId: string, marks: Record<string, Omit<Mark, 'at'>>) {
	return page.evaluate(
		({ taskId, buildingId, marks }) => {
			const { doc } = window.gridDispatchLive!;
			const task = doc.getMap<YMap<unknown>>('tasks').get(taskId)!;
			const building = (task.get('progress') as YMap<YMap<Mark>>).get(buildingId)!;
			const at = Date.now();
			doc.transact(() => {
				for (const [code, mark] of Object.entries(marks)) building.set(code, { ...mark, at });
			});
			return at;
		},
		{ taskId, buildingId, marks }
	);
}

/** The marks this page's live document holds for one building (code → mark), or null while it has none of it. */
export const marksOf = (page: Page, taskId: string, buildingId: string) =>
	page.evaluate(
		({ taskId, buildingId }) => {
			const task = window.gridDispatchLive?.doc.getMap<YMap<unknown>>('tasks').get(taskId);
			const building = (task?.get('progress') as YMap<YMap<Mark>> | undefined)?.get(buildingId);
			return building ? (building.toJSON() as Record<string, Mark>) : null;
		},
		{ taskId, buildingId }
	);

/**
 * Waits until the service worker controls the page and has stored what this page load asked for:
 * a phone that has been online for a moment. Before that, a dialog fetched on demand cannot come
 * without signal (lazy-offline.spec.ts covers that case on purpose).
 */
export async function offlineReady(page: Page) {
	try {
		// The first visit of a browser installs the worker and precaches the whole app, which may
		// take a while on a loaded machine; a page loaded during that install is taken over when it
		// asks (controllingWorker), which offline-shell.spec.ts covers with a hard reload.
		await page.waitForFunction(() => !!navigator.serviceWorker?.controller && window.gridDispatchOffline !== undefined, undefined, {
			timeout: 40_000
		});
	} catch (caught) {
		throw new Error(`the service worker never controlled the page: ${await page.evaluate(serviceWorkerState)}`, { cause: caught });
	}
	await page.evaluate(() => window.gridDispatchOffline!.ready);
}

/** What the browser says of the page's service worker, for a failure message. */
async function serviceWorkerState(): Promise<string> {
	const registration = await navigator.serviceWorker?.getRegistration();
	const state = (worker: ServiceWorker | null | undefined) => worker?.state ?? 'none';
	return JSON.stringify({
		controller: !!navigator.serviceWorker?.controller,
		offlineHook: window.gridDispatchOffline !== undefined,
		registered: !!registration,
		installing: state(registration?.installing),
		waiting: state(registration?.waiting),
		active: state(registration?.active)
	});
}

/** The first seeded building (1号楼…) of liaison01's micro-grid: one the map specs never delete. */
export async function liaisonBuilding(page: Page, communityId: string, me: Me): Promise<string> {
	const structure = await getJson<Structure>(page, `/api/communities/${communityId}/structure`);
	const microGrid = structure.microGrids.find((mg) => mg.liaisonIds.includes(me.id))!;
	return structure.buildings.find((b) => b.microGridId === microGrid.id && isDemoBuilding(b))!.id;
}
