/**
 * What is told to whom, against the real server: tasks dispatched and reminded through the live
 * document, matters routed, 督办'd and resolved through the API, due times passed, the weekly
 * digest. `planNotices` records the notices and `deliveriesOf` names every robot and person and
 * writes each message; the test checks the exact audiences and the key texts.
 */
import sharp from 'sharp';
import { and, asc, desc, eq, gt, inArray, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matterFigures } from '../../../src/lib/domain/matter-figures';
import { figureMatterOf } from '../../../src/lib/server/matters/period-figures';
import { matterDueState } from '../../../src/lib/domain/matter-stage';
import type { PushMessage, RobotMessage } from '../../../src/lib/domain/notice-messages';
import { communityTime, householdShare, morningAfter, weekKey, digestMomentOfWeek } from '../../../src/lib/domain/notice-text';
import { noticeKey } from '../../../src/lib/domain/notices';
import { sumTallies, type Tally } from '../../../src/lib/domain/progress';
import { acknowledge, markHousehold, sendReminder } from '../../../src/lib/domain/task-doc';
import { periodCoverage } from '../../../src/lib/domain/coverage';
import { db } from '../../../src/lib/server/db';
import { buildings, households, matterEvents, matters, memberships, microGrids, noticeDeliveries, notices, notifyRobots, progressEvents, pushSubscriptions, tasks, users } from '../../../src/lib/server/db/schema';
import { deliveriesOf, type PlannedDelivery } from '../../../src/lib/server/notify/audience';
import { recordNotice } from '../../../src/lib/server/notify/notices';
import { planNotices, resetPlannerMemory } from '../../../src/lib/server/notify/planners';
import { HttpClient } from '../../fixtures/http-client';
import { createOtherCommunity, signInAll } from '../../fixtures/structure-places';
import type { SyncClient } from '../../fixtures/sync-client';
import { waitFor } from '../../fixtures/sync-client';
import { SyncScenario } from '../../fixtures/sync-scenarios';
import { eventually } from '../../fixtures/task-factory';

const origin = 'https://wgt.example.cn';
let world: SyncScenario;
let clients: Map<string, HttpClient>;
let secretaryDoc: SyncClient;
let liaisonDoc: SyncClient;
let communityId: string;
/** Robot ids by name. */
const robots: Record<string, string> = {};
let grid1: string;
let grid2: string;
let org1: string;
let org2: string;

const as = (username: string) => clients.get(username)!;
const id = (username: string) => world.userId(username);
const api = (rest: string) => `/api/communities/${communityId}${rest}`;

type Person = { id: string; name: string; phone: string; username: string };
async function person(userId: string): Promise<Person> {
	const [row] = await db().select({ id: users.id, name: users.displayName, phone: users.phone, username: users.username }).from(users).where(eq(users.id, userId));
	return row;
}

async function buildingOf(buildingId: string) {
	const [row] = await db()
		.select({ id: buildings.id, label: buildings.label, microGridId: buildings.microGridId, gridId: microGrids.gridId })
		.from(buildings)
		.innerJoin(microGrids, eq(microGrids.id, buildings.microGridId))
		.where(eq(buildings.id, buildingId));
	return row;
}

async function liaisonsOf(microGridId: string): Promise<Person[]> {
	const rows = await db().select({ userId: memberships.userId }).from(memberships).where(and(eq(memberships.role, 'liaison'), eq(memberships.microGridId, microGridId)));
	return Promise.all(rows.map((row) => person(row.userId)));
}

async function noticesWithKey(key: string) {
	return db().select().from(notices).where(eq(notices.key, key));
}

async function forgetNotices(key: string) {
	const ids = (await noticesWithKey(key)).map((notice) => notice.id);
	if (ids.length === 0) return;
	await db().delete(noticeDeliveries).where(inArray(noticeDeliveries.noticeId, ids));
	await db().delete(notices).where(inArray(notices.id, ids));
}

async function recentNotices() {
	return db().select({ key: notices.key, createdAt: notices.createdAt }).from(notices).where(gt(notices.createdAt, new Date(Date.now() - 120_000)));
}

/** Plans at `now` as a fresh instance would, and returns the one notice under `key`. */
async function planned(key: string, now = new Date()) {
	resetPlannerMemory();
	await planNotices(now);
	const rows = await noticesWithKey(key);
	const seen = rows.length === 1 ? '' : `; notices recorded in the last two minutes: ${JSON.stringify(await recentNotices())}`;
	expect(rows, `${key} planned at ${now.toISOString()}${seen}`).toHaveLength(1);
	return rows[0];
}

const robotDeliveries = (all: PlannedDelivery[]) => all.filter((d): d is Extract<PlannedDelivery, { channel: 'robot' }> => d.channel === 'robot');
const pushDeliveries = (all: PlannedDelivery[]) => all.filter((d): d is Extract<PlannedDelivery, { channel: 'push' }> => d.channel === 'push');
const robotIds = (all: PlannedDelivery[]) => robotDeliveries(all).map((d) => d.robotId).sort();
const pushUsers = (all: PlannedDelivery[]) => pushDeliveries(all).map((d) => d.userId).sort();
const toRobot = (all: PlannedDelivery[], robotId: string): RobotMessage => robotDeliveries(all).find((d) => d.robotId === robotId)!.message;
const toPerson = (all: PlannedDelivery[], userId: string): PushMessage => pushDeliveries(all).find((d) => d.userId === userId)!.message;

async function addRobot(name: string, scope: 'community' | 'grid' | 'org', place: { communityId?: string; gridId?: string; orgId?: string }) {
	const robotId = `robot-${name}`;
	await db()
		.insert(notifyRobots)
		.values({
			id: robotId,
			scope,
			communityId: place.communityId ?? null,
			gridId: place.gridId ?? null,
			orgId: place.orgId ?? null,
			platform: 'wecom',
			name,
			// Loopback addresses outside the allowlist: nothing is ever sent anywhere.
			webhookUrl: `http://127.0.0.1:9/robot/${name}`,
			createdBy: id('secretary')
		});
	robots[name] = robotId;
}

const orgOf = async (username: string) => (await db().select({ orgId: memberships.orgId }).from(memberships).where(eq(memberships.userId, id(username))))[0].orgId!;
const gridOf = async (username: string) => (await db().select({ gridId: memberships.gridId }).from(memberships).where(eq(memberships.userId, id(username))))[0].gridId!;
async function staffOf(orgId: string) {
	const rows = await db()
		.select({ id: users.id })
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(and(eq(memberships.role, 'property'), eq(memberships.orgId, orgId), isNull(users.disabledAt)));
	return [...new Set(rows.map((row) => row.id))].sort();
}

beforeAll(async () => {
	world = await SyncScenario.start();
	communityId = world.places.communityId;
	clients = await signInAll(world.server.url, ['secretary', 'chief1', 'liaison01', 'property1', 'property2', 'street1']);
	[secretaryDoc, liaisonDoc] = await Promise.all([world.connect('secretary'), world.connect('liaison01')]);
	[grid1, org1, org2] = await Promise.all([gridOf('chief1'), orgOf('property1'), orgOf('property2')]);
	grid2 = (await buildingOf(world.places.outsideChief1[0])).gridId;
	expect(grid2).not.toBe(grid1);
	expect(org2).not.toBe(org1);
	await addRobot('community', 'community', { communityId });
	await addRobot('grid1', 'grid', { communityId, gridId: grid1 });
	await addRobot('grid2', 'grid', { communityId, gridId: grid2 });
	await addRobot('org1', 'org', { orgId: org1 });
	await addRobot('org2', 'org', { orgId: org2 });
	// Another community's groups: they never hear of this community.
	const other = await createOtherCommunity();
	await addRobot('other-community', 'community', { communityId: other.communityId });
	await addRobot('other-grid', 'grid', { communityId: other.communityId, gridId: other.gridId });
	// Subscriptions as the push work stores them; deliveries name people, the notifier finds their devices.
	for (const username of ['liaison01', 'liaison02', 'property1']) {
		await db().insert(pushSubscriptions).values({ id: `sub-${username}`, userId: id(username), endpoint: `http://127.0.0.1:9/push/${username}`, p256dh: 'k', auth: 'a' });
	}
});
afterAll(async () => {
	await world?.stop();
});

describe('a task dispatched through the live document', () => {
	let taskId: string;
	let scope: string[];
	const dueAt = Date.now() + 2 * 3_600_000;

	it('reaches the group of each grid of its scope with the buildings per liaison, and each liaison of the scope by push', async () => {
		const [own, neighbour, far] = [world.places.liaison01Buildings, world.places.liaison02Buildings[0], world.places.outsideChief1[0]];
		scope = [...own, neighbour, far];
		const task = world.newTask(id('secretary'), scope, { title: '燃气安全**入户**排查', instructions: '请各微网格联络员\n\n\n今晚进行[相关](http://evil.example)排查', dueAt });
		taskId = await world.dispatch(secretaryDoc, liaisonDoc, task);
		await eventually(async () => expect((await db().select().from(tasks).where(eq(tasks.id, taskId))).length).toBe(1));

		const notice = await planned(noticeKey.taskDispatched(taskId));
		expect(notice).toMatchObject({ kind: 'task-dispatched', communityId, subject: { taskId }, urgent: false });
		const all = await deliveriesOf(notice, origin);

		// The grid groups of the scope; not the community group, nor any company's.
		expect(robotIds(all)).toEqual([robots.grid1, robots.grid2].sort());
		const liaison01 = await person(id('liaison01'));
		const liaison02 = await person(id('liaison02'));
		const farLiaisons = await liaisonsOf((await buildingOf(far)).microGridId!);
		const labels = async (ids: string[]) => (await Promise.all(ids.map(buildingOf))).map((b) => b.label).join('、');

		const first = toRobot(all, robots.grid1);
		expect(first.title).toBe('新任务：燃气安全＊＊入户＊＊排查');
		expect(first.link).toBe(`${origin}/tasks/${taskId}`);
		expect(first.markdown).toContain(`**截止时间**：${communityTime(dueAt)}`);
		expect(first.markdown).toMatch(/^\*\*截止时间\*\*：\d{1,2}月\d{1,2}日 \d\d:\d\d$/m);
		expect(first.markdown).toContain('**任务要求**：请各微网格联络员 今晚进行［相关］（http：//evil.example）排查');
		expect(first.markdown).toContain(`**${liaison01.name}**：${await labels(own)}`);
		expect(first.markdown).toContain(`**${liaison02.name}**：${await labels([neighbour])}`);
		expect(first.markdown).not.toContain(farLiaisons[0].name);
		expect(first.mentions.sort()).toEqual([liaison01.phone, liaison02.phone].sort());
		expect(first.mentions.every((phone) => /^1\d{10}$/.test(phone))).toBe(true);

		const second = toRobot(all, robots.grid2);
		expect(second.markdown).toContain(`**${farLiaisons[0].name}**：${await labels([far])}`);
		expect(second.markdown).not.toContain(liaison01.name);
		expect(second.mentions).toEqual(farLiaisons.map((p) => p.phone));

		// Pushes: the liaisons of the scope, and nobody else (liaison03 is chief1's too, but not in the scope).
		expect(pushUsers(all)).toEqual([liaison01.id, liaison02.id, ...farLiaisons.map((p) => p.id)].sort());
		expect(pushUsers(all)).not.toContain(id('liaison03'));
		expect(pushUsers(all)).not.toContain(id('chief1'));
		const push = toPerson(all, liaison01.id);
		expect(push).toMatchObject({ title: '新任务：燃气安全**入户**排查', url: `${origin}/tasks/${taskId}`, tag: `task-${taskId}`, urgent: false });
		expect(push.body).toContain(`${communityTime(dueAt)} 截止。你负责：${await labels(own)}。`);
	});

	it('the server’s own notifier turns the notice into outbox rows: both parts for each 企业微信 group, each subscription of the liaisons', async () => {
		const [notice] = await noticesWithKey(noticeKey.taskDispatched(taskId));
		await eventually(async () => expect((await db().select().from(noticeDeliveries).where(eq(noticeDeliveries.noticeId, notice.id))).length).toBeGreaterThan(0));
		const rows = await db().select().from(noticeDeliveries).where(eq(noticeDeliveries.noticeId, notice.id));
		const targets = rows.map((row) => `${row.channel}:${row.target}:${row.part}`).sort();
		expect(targets).toEqual([`robot:${robots.grid1}:0`, `robot:${robots.grid1}:1`, `robot:${robots.grid2}:0`, `robot:${robots.grid2}:1`, 'push:sub-liaison01:0', 'push:sub-liaison02:0'].sort());
		const planned = await deliveriesOf(notice, world.server.url);
		expect(rows.find((row) => row.target === robots.grid1)!.message).toEqual(toRobot(planned, robots.grid1));
	});

	it('planning again, on this instance or a fresh one, records nothing twice', async () => {
		await planNotices(new Date());
		await planNotices(new Date());
		resetPlannerMemory();
		await planNotices(new Date());
		expect(await noticesWithKey(noticeKey.taskDispatched(taskId))).toHaveLength(1);
		expect(await db().select().from(notices).where(inArray(notices.kind, ['task-reminder']))).toHaveLength(0);
	});

	it('the roll-call reminder names only who has not acknowledged, and pushes only to them', async () => {
		acknowledge(liaisonDoc.doc, taskId, id('liaison01'));
		await waitFor(() => liaisonDoc.confirmed, 10_000, 'the ack is stored');
		sendReminder(secretaryDoc.doc, taskId, { by: id('secretary'), at: Date.now(), to: [id('liaison02')] });
		await waitFor(() => secretaryDoc.confirmed, 10_000, 'the reminder is stored');
		await eventually(async () => expect((await db().select().from(tasks).where(eq(tasks.id, taskId)))[0].reminders).toBe(1));

		const notice = await planned(noticeKey.taskReminder(taskId, 1));
		expect(notice.subject).toEqual({ taskId, reminder: 1 });
		const all = await deliveriesOf(notice, origin);
		const liaison01 = await person(id('liaison01'));
		const liaison02 = await person(id('liaison02'));
		const farLiaisons = await liaisonsOf((await buildingOf(world.places.outsideChief1[0])).microGridId!);

		expect(robotIds(all)).toEqual([robots.grid1, robots.grid2].sort());
		const first = toRobot(all, robots.grid1);
		expect(first.title).toBe('请确认收到：燃气安全＊＊入户＊＊排查');
		expect(first.markdown).toContain('以下联络员尚未确认收到：');
		expect(first.markdown).toContain(`**${liaison02.name}**：`);
		expect(first.markdown).not.toContain(liaison01.name);
		expect(first.mentions).toEqual([liaison02.phone]);
		expect(pushUsers(all)).toEqual([liaison02.id, ...farLiaisons.map((p) => p.id)].sort());

		// A second reminder is a second notice; the first stays one.
		sendReminder(secretaryDoc.doc, taskId, { by: id('secretary'), at: Date.now(), to: [id('liaison02')] });
		await waitFor(() => secretaryDoc.confirmed, 10_000, 'the second reminder is stored');
		await eventually(async () => expect((await db().select().from(tasks).where(eq(tasks.id, taskId)))[0].reminders).toBe(2));
		const again = await planned(noticeKey.taskReminder(taskId, 2));
		expect(toRobot(await deliveriesOf(again, origin), robots.grid1).markdown).toContain('（第 2 次提醒）');
		expect(await noticesWithKey(noticeKey.taskReminder(taskId, 1))).toHaveLength(1);
	});

	it('the morning after the due time, each liaison’s coverage in the grid equals the task API’s figures', async () => {
		const own = world.places.liaison01Buildings;
		const codes = await db().select({ code: households.code }).from(households).where(eq(households.buildingId, own[0])).orderBy(asc(households.code)).limit(3);
		expect(codes).toHaveLength(3);
		const by = id('liaison01');
		markHousehold(liaisonDoc.doc, taskId, own[0], codes[0].code, { s: 'visited', by });
		markHousehold(liaisonDoc.doc, taskId, own[0], codes[1].code, { s: 'absent', by });
		markHousehold(liaisonDoc.doc, taskId, own[0], codes[2].code, { s: 'visited', by });
		markHousehold(liaisonDoc.doc, taskId, own[0], codes[2].code, null);
		await waitFor(() => liaisonDoc.confirmed, 10_000, 'the marks are stored');

		// Before 08:00 after the due time: nothing.
		const morning = morningAfter(dueAt);
		resetPlannerMemory();
		await planNotices(new Date(morning - 60_000));
		expect(await noticesWithKey(noticeKey.taskMorning(taskId, dueAt))).toHaveLength(0);

		const notice = await planned(noticeKey.taskMorning(taskId, dueAt), new Date(morning + 60_000));
		const all = await deliveriesOf(notice, origin);
		expect(pushDeliveries(all)).toEqual([]);
		expect(robotIds(all)).toEqual([robots.grid1, robots.grid2].sort());

		const { body } = await as('chief1').getJson(`/api/tasks/${taskId}`);
		const figures = new Map<string, Tally>(body.buildings.map((b: Tally & { buildingId: string }) => [b.buildingId, b]));
		const sum = (ids: string[]) => sumTallies(ids.map((buildingId) => figures.get(buildingId)!));
		const mine = sum(own);
		expect(mine.done).toBe(2);
		const neighbour = world.places.liaison02Buildings[0];
		const text = toRobot(all, robots.grid1).markdown;
		expect(text).toContain(`**${(await person(by)).name}**：${householdShare(mine.done, mine.total)}`);
		expect(text).toContain(`**${(await person(id('liaison02'))).name}**：${householdShare(0, sum([neighbour]).total)}`);
		expect(text).toContain(`**本网格合计**：${householdShare(mine.done, sum([...own, neighbour]).total)}`);
		expect(text).toContain(`截止时间 ${communityTime(dueAt)} 已过`);
	});
});

describe('text people typed', () => {
	it('a liaison’s name, a building label or a phone cannot format a group message, link out or mention anyone', async () => {
		const building = world.places.liaison02Buildings[0];
		const [before] = await db().select({ label: buildings.label }).from(buildings).where(eq(buildings.id, building));
		const [liaison] = await db().select({ name: users.displayName, phone: users.phone }).from(users).where(eq(users.id, id('liaison02')));
		await db().update(buildings).set({ label: '2号楼](http://evil.example/b)' }).where(eq(buildings.id, building));
		await db().update(users).set({ displayName: '**王**[点我](http://evil.example)\n\n# 大标题', phone: '138 [x](http://evil)' }).where(eq(users.id, id('liaison02')));
		try {
			const task = world.newTask(id('secretary'), [building], { title: '[标题](http://evil.example)', dueAt: Date.now() + 3_600_000 });
			const taskId = await world.dispatch(secretaryDoc, liaisonDoc, task);
			await eventually(async () => expect((await db().select().from(tasks).where(eq(tasks.id, taskId))).length).toBe(1));
			const all = await deliveriesOf(await planned(noticeKey.taskDispatched(taskId)), origin);
			const message = toRobot(all, robots.grid1);
			expect(message.title).toBe('新任务：［标题］（http：//evil.example）');
			expect(message.markdown).toContain('**＊＊王＊＊［点我］（http：//evil.example） ＃ 大标题**：2号楼］（http：//evil.example/b）');
			expect(message.markdown).not.toMatch(/\]\(|:\/\/|^#/m);
			expect(message.mentions).toEqual([]);
		} finally {
			await db().update(buildings).set({ label: before.label }).where(eq(buildings.id, building));
			await db().update(users).set({ displayName: liaison.name, phone: liaison.phone }).where(eq(users.id, id('liaison02')));
		}
	});
});

describe('matters', () => {
	let category: string;
	let keys = 0;
	const report = async (username: string, extra: Record<string, unknown> = {}) => {
		const { status, body } = await as(username).postJson(api('/matters'), {
			clientKey: `notice-${Date.now()}-${++keys}`,
			category,
			buildingId: world.places.liaison01Buildings[0],
			description: '3单元楼道堆放杂物',
			...extra
		});
		expect(status).toBe(201);
		return body.id as string;
	};
	const act = async (username: string, matterId: string, body: Record<string, unknown>) => {
		const answer = await as(username).postJson(`/api/matters/${matterId}/actions`, body);
		expect(answer.status, JSON.stringify(answer.body)).toBe(200);
		return answer.body;
	};
	const lastEvent = async (matterId: string, action: string) =>
		(await db().select({ id: matterEvents.id }).from(matterEvents).where(and(eq(matterEvents.matterId, matterId), eq(matterEvents.action, action))).orderBy(desc(matterEvents.id)).limit(1))[0].id;
	const noticeOf = async (key: string) => {
		const rows = await noticesWithKey(key);
		expect(rows, key).toHaveLength(1);
		return rows[0];
	};

	beforeAll(async () => {
		const { body } = await as('liaison01').getJson(api('/matter-categories'));
		category = body.find((c: { name: string }) => c.name === '楼道卫生').id;
	});

	let matterId: string;
	let photoId: string;

	it('routed to a property company: its group and its staff, with the photo; never another company’s group', async () => {
		const bytes = await sharp({ create: { width: 60, height: 40, channels: 3, background: '#468' } }).jpeg().toBuffer();
		const upload = await as('liaison01').postMultipart(api('/photos'), { name: 'p.jpg', bytes, type: 'image/jpeg' });
		photoId = (await upload.json()).id;
		matterId = await report('liaison01', { description: '楼道堆物[点我](http://evil.example) **加粗**\n\n\n\n\n#标题', photoIds: [photoId] });
		const routed = await act('secretary', matterId, { action: 'route', destination: { kind: 'property' } });
		expect(routed.destination).toEqual({ kind: 'property', orgId: org1 });

		// Recorded by the action itself, in its transaction: no planner needed.
		const notice = await noticeOf(noticeKey.matterEvent('matter-routed', await lastEvent(matterId, 'route')));
		expect(notice).toMatchObject({ kind: 'matter-routed', communityId, urgent: false, subject: { matterId } });
		const all = await deliveriesOf(notice, origin);
		expect(robotIds(all)).toEqual([robots.org1]);
		expect(pushUsers(all)).toEqual(await staffOf(org1));
		expect(pushUsers(all)).toContain(id('property1'));
		expect(pushUsers(all)).not.toContain(id('property2'));

		const message = toRobot(all, robots.org1);
		expect(message.title).toBe('新派遣事项：房屋及楼道 · 楼道卫生');
		expect(message.link).toBe(`${origin}/matters/${matterId}`);
		expect(message.mentions).toEqual([]);
		const label = (await buildingOf(world.places.liaison01Buildings[0])).label;
		expect(message.markdown).toContain(`**地点**：${label}（`);
		expect(message.markdown).toContain('**描述**：楼道堆物［点我］（http：//evil.example） ＊＊加粗＊＊ ＃标题');
		expect(message.markdown).toContain(`**办结时限**：${communityTime(routed.dueAt)}`);
		const thumb = `${origin}/api/photos/${photoId}?size=thumb`;
		expect(message.markdown).toContain(`[查看现场照片](${thumb})`);
		// The only links are ours; the description made none.
		expect([...message.markdown.matchAll(/\]\(([^)]*)\)/g)].map((match) => match[1])).toEqual([thumb]);
		// The thumbnail answers to the company that handles it.
		expect((await as('property1').get(`/api/photos/${photoId}?size=thumb`, { accept: 'image/*' })).status).toBe(200);

		expect(toPerson(all, id('property1'))).toMatchObject({ title: '新派遣事项：房屋及楼道 · 楼道卫生', url: `${origin}/matters/${matterId}`, tag: `matter-${matterId}`, urgent: false });
	});

	it('another company’s matter goes to that company’s group alone', async () => {
		const other = await report('liaison01', { description: '单元门禁损坏' });
		await act('secretary', other, { action: 'route', destination: { kind: 'property', orgId: org2 } });
		const all = await deliveriesOf(await noticeOf(noticeKey.matterEvent('matter-routed', await lastEvent(other, 'route'))), origin);
		expect(robotIds(all)).toEqual([robots.org2]);
		expect(pushUsers(all)).toEqual(await staffOf(org2));
		expect(pushUsers(all)).not.toContain(id('property1'));
	});

	it('督办 reaches the same audience, with the note; urgent matters push urgently', async () => {
		await act('chief1', matterId, { action: 'remind', note: '请今天内**处理**' });
		const all = await deliveriesOf(await noticeOf(noticeKey.matterEvent('matter-reminded', await lastEvent(matterId, 'remind'))), origin);
		expect(robotIds(all)).toEqual([robots.org1]);
		expect(pushUsers(all)).toEqual(await staffOf(org1));
		const message = toRobot(all, robots.org1);
		expect(message.title).toBe('督办：房屋及楼道 · 楼道卫生');
		expect(message.markdown).toContain('第 1 次督办 · 当前未签收');
		expect(message.markdown).toContain('**督办意见**：请今天内＊＊处理＊＊');

		const urgent = await report('liaison01', { description: '电梯困人', urgent: true });
		await act('chief1', urgent, { action: 'route', destination: { kind: 'property' } });
		const notice = await noticeOf(noticeKey.matterEvent('matter-routed', await lastEvent(urgent, 'route')));
		expect(notice.urgent).toBe(true);
		const urgentAll = await deliveriesOf(notice, origin);
		expect(toRobot(urgentAll, robots.org1).title).toBe('【紧急】新派遣事项：房屋及楼道 · 楼道卫生');
		expect(pushDeliveries(urgentAll).every((d) => d.message.urgent)).toBe(true);
	});

	it('routed to a staff member or the street: pushes to them, no group', async () => {
		const toStaff = await report('liaison01', { description: '路灯不亮' });
		await act('secretary', toStaff, { action: 'route', destination: { kind: 'community', userId: id('chief1') } });
		const staff = await deliveriesOf(await noticeOf(noticeKey.matterEvent('matter-routed', await lastEvent(toStaff, 'route'))), origin);
		expect(robotIds(staff)).toEqual([]);
		expect(pushUsers(staff)).toEqual([id('chief1')]);

		const toStreet = await report('liaison01', { description: '道路塌陷' });
		await act('secretary', toStreet, { action: 'route', destination: { kind: 'street' } });
		const street = await deliveriesOf(await noticeOf(noticeKey.matterEvent('matter-routed', await lastEvent(toStreet, 'route'))), origin);
		expect(robotIds(street)).toEqual([]);
		expect(pushUsers(street)).toContain(id('street1'));
		expect(pushUsers(street)).not.toContain(id('secretary'));
	});

	it('resolved: a push to the reporter, who verifies; no group', async () => {
		await act('property1', matterId, { action: 'accept' });
		await act('property1', matterId, { action: 'resolve', note: '杂物已清理' });
		const notice = await noticeOf(noticeKey.matterEvent('matter-resolved', await lastEvent(matterId, 'resolve')));
		const all = await deliveriesOf(notice, origin);
		expect(robotIds(all)).toEqual([]);
		expect(pushUsers(all)).toEqual([id('liaison01')]);
		const push = toPerson(all, id('liaison01'));
		expect(push.title).toBe('待核实：房屋及楼道 · 楼道卫生');
		expect(push.body).toContain('已由光明物业办结：杂物已清理。请到现场核实。');
		expect(push.url).toBe(`${origin}/matters/${matterId}`);
	});

	it('a reporter who has left the community (and may no longer see the matter) is not told', async () => {
		const building = world.places.liaison02Buildings[0];
		const clientOf = (orgId: string) => (orgId === org1 ? 'property1' : 'property2');
		const reporter = new HttpClient(world.server.url);
		expect((await reporter.signIn('liaison02')).status).toBe(303);
		const answer = await reporter.postJson(api('/matters'), { clientKey: `left-${Date.now()}`, category, buildingId: building, description: '消防通道被占' });
		expect(answer.status).toBe(201);
		const left = answer.body.id as string;
		const routed = await act('secretary', left, { action: 'route', destination: { kind: 'property' } });
		await act(clientOf(routed.destination.orgId), left, { action: 'accept' });
		const kept = await db().select().from(memberships).where(eq(memberships.userId, id('liaison02')));
		await db().delete(memberships).where(eq(memberships.userId, id('liaison02')));
		try {
			await act(clientOf(routed.destination.orgId), left, { action: 'resolve', note: '已清理' });
			const all = await deliveriesOf(await noticeOf(noticeKey.matterEvent('matter-resolved', await lastEvent(left, 'resolve'))), origin);
			expect(all).toEqual([]);
		} finally {
			await db().insert(memberships).values(kept);
		}
	});

	it('overdue: the destination and the secretary, once per due time', async () => {
		const late = await report('liaison01', { description: '垃圾桶破损' });
		await act('secretary', late, { action: 'route', destination: { kind: 'property' } });
		await act('property1', late, { action: 'accept' });
		const dueAt = new Date(Date.now() - 3_600_000);
		await db().update(matters).set({ dueAt }).where(eq(matters.id, late));
		// What the overdue planner looks for; if this holds and no notice follows, the planner is wrong.
		const [row] = await db().select({ status: matters.status, dueAt: matters.dueAt }).from(matters).where(eq(matters.id, late));
		expect(row).toEqual({ status: 'accepted', dueAt });

		const notice = await planned(noticeKey.matterOverdue(late, dueAt.getTime()));
		expect(notice.kind).toBe('matter-overdue');
		const all = await deliveriesOf(notice, origin);
		expect(robotIds(all)).toEqual([robots.org1]);
		expect(pushUsers(all)).toEqual([...(await staffOf(org1)), id('secretary')].sort());
		expect(toRobot(all, robots.org1).markdown).toContain(`已超过办结时限（${communityTime(dueAt.getTime())}）1 天`);
		expect(toPerson(all, id('secretary')).body).toContain('光明物业办理的事项已超期');

		await planNotices(new Date());
		resetPlannerMemory();
		await planNotices(new Date());
		expect(await db().select().from(notices).where(eq(notices.key, noticeKey.matterOverdue(late, dueAt.getTime())))).toHaveLength(1);
	});

	it('a planning asked for while another is in flight (the server’s own notifier) finds the notice recorded when it returns', async () => {
		const late = await report('liaison01', { description: '单元门禁损坏' });
		await act('secretary', late, { action: 'route', destination: { kind: 'property' } });
		const dueAt = new Date(Date.now() - 3_600_000);
		await db().update(matters).set({ dueAt }).where(eq(matters.id, late));
		resetPlannerMemory();
		const inFlight = planNotices(new Date(Date.now() - 10));
		// Before the first planning is done, a second one, a moment later, as a fresh instance.
		await planned(noticeKey.matterOverdue(late, dueAt.getTime()));
		await inFlight;
	});
});

describe('the weekly digest', () => {
	it('goes to the community group on Monday morning with the week’s matter figures and coverage', async () => {
		const at = digestMomentOfWeek(Date.now()) + 7 * 86_400_000;
		// Enough matters in hand past their due time that the list is cut at ten.
		const { body: categories } = await as('liaison01').getJson(api('/matter-categories'));
		const category = categories.find((c: { name: string }) => c.name === '楼道卫生').id;
		for (let i = 0; i < 10; i++) {
			const { body } = await as('liaison01').postJson(api('/matters'), { clientKey: `digest-${Date.now()}-${i}`, category, buildingId: world.places.liaison01Buildings[0], description: `井盖松动 ${i}` });
			expect((await as('secretary').postJson(`/api/matters/${body.id}/actions`, { action: 'route', destination: { kind: 'property' } })).status).toBe(200);
			await db().update(matters).set({ dueAt: new Date(Date.now() - (i + 2) * 3_600_000) }).where(eq(matters.id, body.id));
		}
		const key = noticeKey.weeklyDigest(communityId, weekKey(at));
		// The morning report above plans at 08:01 after its due time: on a Sunday (community time)
		// that is this Monday's digest moment, so it has planned this digest already. Start from none.
		await forgetNotices(key);
		resetPlannerMemory();
		await planNotices(new Date(at - 60_000));
		expect(await noticesWithKey(key)).toHaveLength(0);

		const notice = await planned(key, new Date(at + 60_000));
		const all = await deliveriesOf(notice, origin);
		expect(robotIds(all)).toEqual([robots.community]);
		expect(pushDeliveries(all)).toEqual([]);
		const message = toRobot(all, robots.community);
		expect(message.link).toBe(`${origin}/consultation`);

		// The figures as matter-figures.ts counts them over every matter of the community.
		const rows = await db().select().from(matters).where(eq(matters.communityId, communityId));
		const figureRows = rows.map(figureMatterOf);
		const { total } = matterFigures(figureRows, { from: at - 7 * 86_400_000, to: at }, at);
		expect(total.reported, "the six matters this test reported").toBeGreaterThanOrEqual(6);
		const rate = total.closed ? `${Math.floor((total.closedOnTime / total.closed) * 100)}%` : '—';
		expect(message.markdown).toContain(`新报 ${total.reported} 件 · 派遣 ${total.routed} 件 · 办结 ${total.closed} 件 · 按期办结率 ${rate} · 超期 ${total.overdue} 件`);

		// Open matters by destination: those still with 光明物业, counted.
		const withOrg1 = rows.filter((row) => (row.status === 'routed' || row.status === 'accepted') && row.destination?.kind === 'property' && row.destination.orgId === org1);
		expect(withOrg1.length).toBeGreaterThan(0);
		expect(message.markdown).toMatch(new RegExp(`^物业公司：.*光明物业 ${withOrg1.length} 件`, 'm'));
		const overdue = rows.filter((row) => matterDueState({ status: row.status, dueAt: row.dueAt?.getTime() ?? null }, at) === 'overdue');
		expect(overdue.length).toBeGreaterThan(10);
		expect(total.overdueOpen).toBe(overdue.length);
		expect(message.markdown).toContain(`**超期事项**：${overdue.length} 件`);
		const overdueListed = [...message.markdown.matchAll(/^\d+\. \[[^\]]*\]\(([^)]*)\)：.*超期 \d+ 天$/gm)].map((match) => match[1]);
		expect(overdueListed).toHaveLength(10);
		expect(message.markdown).toContain(`……另有 ${overdue.length - 10} 件`);
		const longestOverdue = [...overdue].sort((a, b) => a.dueAt!.getTime() - b.dueAt!.getTime() || a.id.localeCompare(b.id))[0];
		expect(overdueListed[0]).toBe(`${origin}/matters/${longestOverdue.id}`);
		for (const link of overdueListed) expect(link).toMatch(new RegExp(`^${origin}/matters/[^/]+$`));

		// Coverage: households of the community reached in the week, from the stored marks.
		const codes = await db().select({ buildingId: households.buildingId, code: households.code }).from(households).innerJoin(buildings, eq(buildings.id, households.buildingId)).where(eq(buildings.communityId, communityId));
		const byBuilding = new Map<string, string[]>();
		for (const row of codes) byBuilding.set(row.buildingId, [...(byBuilding.get(row.buildingId) ?? []), row.code]);
		const events = await db().select().from(progressEvents).where(eq(progressEvents.communityId, communityId)).orderBy(asc(progressEvents.id));
		const coverage = periodCoverage(
			byBuilding,
			events.map((e) => ({ id: e.id, taskId: e.taskId, buildingId: e.buildingId, code: e.householdCode, status: e.status, at: e.recordedAt.getTime() })),
			{ from: at - 7 * 86_400_000, to: at }
		);
		expect(coverage.reached).toBeGreaterThanOrEqual(2);
		expect(message.markdown).toContain(`**过去一周入户覆盖**：${householdShare(coverage.reached, coverage.households)}`);
	});
});

describe('the robot test message', () => {
	it('goes to that robot alone; a notice about nothing known reaches nobody', async () => {
		const key = noticeKey.robotTest(robots.grid2, Date.now());
		await recordNotice(db(), { key, communityId, kind: 'robot-test', subject: { robotId: robots.grid2 } });
		const all = await deliveriesOf((await noticesWithKey(key))[0], origin);
		expect(robotIds(all)).toEqual([robots.grid2]);
		expect(pushDeliveries(all)).toEqual([]);

		const bogus = { ...(await noticesWithKey(key))[0] };
		expect(await deliveriesOf({ ...bogus, subject: { robotId: 'no-such-robot' } }, origin)).toEqual([]);
		expect(await deliveriesOf({ ...bogus, kind: 'task-dispatched', subject: { taskId: 'no-such-task' } }, origin)).toEqual([]);
		expect(await deliveriesOf({ ...bogus, kind: 'matter-routed', subject: { matterId: 'no-such-matter', eventId: 1 } }, origin)).toEqual([]);
		expect(await deliveriesOf({ ...bogus, kind: 'weekly-digest', subject: { week: 'last week' } }, origin)).toEqual([]);
	});
});
