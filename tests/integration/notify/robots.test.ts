import { robotRemoved } from '../../../src/lib/server/notify/outbox-lease';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../../src/lib/server/db';
import { auditEvents, grids, memberships, noticeDeliveries, notifyRobots, orgs } from '../../../src/lib/server/db/schema';
import { newId } from '../../../src/lib/server/ids';
import { FakeRobotPlatform } from '../../fixtures/fake-robot';
import { HttpClient } from '../../fixtures/http-client';
import { pageData } from '../../fixtures/page-data';
import { signInAll, structurePlaces, type StructurePlaces } from '../../fixtures/structure-places';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
let fake: FakeRobotPlatform;
/** The fake's origin, `http://127.0.0.1:<port>`. */
let fakeOrigin: string;
let places: StructurePlaces;
let clients: Map<string, HttpClient>;
/** A chief of a grid that is not chief1's. */
let otherChief: string;
let guangming: string;
let huajian: string;

const people = ['secretary', 'chief1', 'liaison01', 'property1', 'property2', 'street1'];

beforeAll(async () => {
	fake = await new FakeRobotPlatform().start();
	fakeOrigin = `http://127.0.0.1:${fake.port}`;
	// The loopback fake on its own port only: any other loopback port (the database's) stays refused.
	process.env.NOTIFY_ALLOWED_HOSTS = `127.0.0.1:${fake.port}`;
	server = await startTestServer();
	places = await structurePlaces();
	const [chief] = await db()
		.select({ userId: memberships.userId })
		.from(memberships)
		.where(and(eq(memberships.role, 'chief'), eq(memberships.gridId, places.otherGrid.id)));
	otherChief = [...places.userIds].find(([, id]) => id === chief.userId)![0];
	const orgRows = await db().select().from(orgs);
	guangming = orgRows.find((o) => o.name === '光明物业')!.id;
	huajian = orgRows.find((o) => o.name === '华建物业')!.id;
	clients = await signInAll(server.url, [...people, otherChief]);
});
afterAll(async () => {
	await server?.stop();
	await fake?.stop();
	delete process.env.NOTIFY_ALLOWED_HOSTS;
});

const as = (username: string) => clients.get(username)!;
const robots = '/api/notify/robots';
const robotCount = async () => (await db().select({ n: count() }).from(notifyRobots))[0].n;
const robotRow = async (id: string) => (await db().select().from(notifyRobots).where(eq(notifyRobots.id, id)))[0];

type Place = 'community' | 'grid' | 'org';
const placeBody = (place: Place) =>
	place === 'community' ? { scope: 'community', communityId: places.communityId } : place === 'grid' ? { scope: 'grid', gridId: places.grid1.id } : { scope: 'org', orgId: guangming };

let serial = 0;
/** A 企业微信 robot pointing at the fake, with a key nobody could guess. */
function wecomBody(place: Place, name = '测试群') {
	serial += 1;
	return { ...placeBody(place), platform: 'wecom', name, webhookUrl: `${fakeOrigin}/cgi-bin/webhook/send?key=wk${serial}x9q7z3m5v8c2b6n4` };
}

async function create(username: string, body: Record<string, unknown>) {
	const answer = await as(username).postJson(robots, body);
	expect(answer.status, JSON.stringify(answer.body)).toBe(201);
	keys.set(answer.body.id, new URL(body.webhookUrl as string).searchParams.get('key') ?? '');
	return answer.body as { id: string };
}

/** Who may manage the robot of each place; everyone else is refused (403 when they manage no robot at all, else 404). */
const managers: Record<Place, string[]> = { community: ['secretary'], grid: ['secretary', 'chief1'], org: ['property1'] };
const managesNone = ['liaison01', 'street1'];
const everyone = () => [...people, otherChief];

/** The webhook key of a robot made by `wecomBody`. */
const keyOf = (id: string) => keys.get(id)!;
const keys = new Map<string, string>();

/** Test messages the fake received for a robot (the notifier may post other notices meanwhile). */
const testsTo = (id: string) => fake.to(keyOf(id)).filter((r) => r.raw.includes('群机器人已连通'));

/** The test message reached the fake 企业微信 once, in Chinese, with a link to the app. */
function expectTestDelivered(answer: { status: number; body: any }, id: string, before: number) {
	expect(answer.status).toBe(200);
	expect(answer.body).toEqual({ ok: true });
	expect(testsTo(id)).toHaveLength(before + 1);
	const sent = testsTo(id).at(-1)!;
	expect(sent.body).toMatchObject({ msgtype: 'markdown' });
	expect(sent.raw).toContain(`${server.url}/notifications`);
}

describe('signed out', () => {
	it('every robot route answers 401 and changes nothing', async () => {
		const stranger = new HttpClient(server.url);
		const id = (await create('secretary', wecomBody('community'))).id;
		const before = await robotCount();
		expect((await stranger.getJson(robots)).status).toBe(401);
		expect((await stranger.postJson(robots, wecomBody('community'))).status).toBe(401);
		expect((await stranger.patchJson(`${robots}/${id}`, { name: '改名' })).status).toBe(401);
		expect((await stranger.delete(`${robots}/${id}`)).status).toBe(401);
		expect((await stranger.postJson(`${robots}/${id}/test`, {})).status).toBe(401);
		expect(await robotCount()).toBe(before);
		expect((await robotRow(id)).name).toBe('测试群');
	});
});

describe('the permission matrix', () => {
	for (const place of ['community', 'grid', 'org'] as const) {
		it(`${place} robots: only ${managers[place].join(', ')} create, list, edit, test and delete them`, async () => {
			const allowed = managers[place];
			// Each manager adds its own robot, so each may test one without meeting the 10 s throttle.
			const own = new Map<string, string>();
			for (const username of allowed) own.set(username, (await create(username, wecomBody(place, `${username}的群`))).id);
			const target = own.get(allowed[0])!;

			for (const username of everyone()) {
				const refusedStatus = managesNone.includes(username) ? 403 : 404;
				const before = await robotCount();
				const created = await as(username).postJson(robots, wecomBody(place));
				const listed = await as(username).getJson(robots);
				if (allowed.includes(username)) {
					expect(created.status, username).toBe(201);
					expect(listed.status).toBe(200);
					expect(listed.body.robots.map((r: { id: string }) => r.id), username).toEqual(expect.arrayContaining([...own.values(), created.body.id]));
					expect(listed.body.scopes.some((s: { scope: string }) => s.scope === place), username).toBe(true);
					continue;
				}
				expect(created.status, username).toBe(403);
				expect(await robotCount(), username).toBe(before);
				if (managesNone.includes(username)) expect(listed.status, username).toBe(403);
				else expect(listed.body.robots.map((r: { id: string }) => r.id), username).not.toContain(target);

				const received = testsTo(target).length;
				expect((await as(username).patchJson(`${robots}/${target}`, { name: '被改名' })).status, username).toBe(refusedStatus);
				expect((await as(username).postJson(`${robots}/${target}/test`, {})).status, username).toBe(refusedStatus);
				expect((await as(username).delete(`${robots}/${target}`)).status, username).toBe(refusedStatus);
				expect(await robotRow(target), username).toMatchObject({ name: `${allowed[0]}的群` });
				expect(testsTo(target), username).toHaveLength(received);
			}

			for (const username of allowed) {
				const id = own.get(username)!;
				const edited = await as(username).patchJson(`${robots}/${target}`, { name: `${username}改的名` });
				expect(edited.status, username).toBe(200);
				expect(edited.body.name).toBe(`${username}改的名`);
				const before = testsTo(id).length;
				expectTestDelivered(await as(username).postJson(`${robots}/${id}/test`, {}), id, before);
				const again = await as(username).postJson(`${robots}/${id}/test`, {});
				expect(again.status).toBe(429);
				expect(again.body.code).toBe('error_robot_test_throttled');
				expect(testsTo(id)).toHaveLength(before + 1);
			}
			for (const username of allowed) {
				const removed = await as(username).delete(`${robots}/${own.get(username)}`);
				expect(removed.status, username).toBe(204);
				expect(await robotRow(own.get(username)!)).toBeUndefined();
			}
		});
	}

	it('a chief cannot attach a robot to another grid, a secretary not to a company, a company not to another company or the community', async () => {
		const before = await robotCount();
		const refused = [
			['chief1', { ...wecomBody('grid'), gridId: places.otherGrid.id }],
			['chief1', wecomBody('community')],
			['secretary', wecomBody('org')],
			['property1', { ...wecomBody('org'), orgId: huajian }],
			['property1', wecomBody('community')],
			['property2', wecomBody('org')],
			['secretary', { ...wecomBody('grid'), gridId: 'no-such-grid' }]
		] as const;
		for (const [username, body] of refused) {
			const answer = await as(username).postJson(robots, body);
			expect(answer.status, `${username} ${JSON.stringify(body)}`).toBe(403);
			expect(answer.body.code).toBe('error_robot_scope_forbidden');
		}
		expect(await robotCount()).toBe(before);
	});

	it('offers each manager the groups it may attach a robot to', async () => {
		const scopes = async (username: string) => (await as(username).getJson(robots)).body.scopes.map((s: { scope: string; label: string }) => `${s.scope}:${s.label}`);
		const secretary = await scopes('secretary');
		expect(secretary[0]).toBe('community:乐雅社区');
		expect(secretary).toContain(`grid:${places.grid1.name}`);
		expect(secretary).toContain(`grid:${places.otherGrid.name}`);
		expect(secretary.some((s: string) => s.startsWith('org:'))).toBe(false);
		expect(await scopes('chief1')).toEqual([`grid:${places.grid1.name}`]);
		expect(await scopes('property1')).toEqual(['org:光明物业']);
	});
});

describe('bad input', () => {
	const refusedAddresses = [
		['wecom', 'http://127.0.0.1:5432/'],
		['wecom', 'http://169.254.169.254/latest/meta-data/'],
		['wecom', 'https://evil.example.com/cgi-bin/webhook/send?key=abc'],
		['wecom', 'https://qyapi.weixin.qq.com:8443/cgi-bin/webhook/send?key=abc'],
		['wecom', 'http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc'],
		['wecom', 'https://user:pw@qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc'],
		['wecom', 'https://oapi.dingtalk.com/robot/send?access_token=abc'],
		['dingtalk', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc'],
		['feishu', 'file:///etc/passwd'],
		['wecom', 'not an address']
	] as const;

	it('refuses an address outside the platform’s host with a 400 naming the address to use, storing nothing', async () => {
		const before = await robotCount();
		for (const [platform, webhookUrl] of refusedAddresses) {
			const answer = await as('secretary').postJson(robots, { ...placeBody('community'), platform, name: '坏地址', webhookUrl });
			expect(answer.status, webhookUrl).toBe(400);
			expect(answer.body.code, webhookUrl).toBe('error_robot_address');
			expect(answer.body.error).toContain(platform === 'wecom' ? 'https://qyapi.weixin.qq.com/' : platform === 'dingtalk' ? 'https://oapi.dingtalk.com/' : 'https://open.feishu.cn/');
		}
		expect(await robotCount()).toBe(before);
	});

	it('refuses a bad name, platform, secret or extra field with a 400 that never quotes the secret', async () => {
		const before = await robotCount();
		const secret = 'SECdo not echo this 1234';
		const bodies = [
			{ ...wecomBody('community'), name: '长'.repeat(41) },
			{ ...wecomBody('community'), name: '   ' },
			{ ...wecomBody('community'), platform: 'slack' },
			{ ...wecomBody('community'), platform: 'dingtalk', signingSecret: secret },
			{ ...wecomBody('community'), platform: 'dingtalk', signingSecret: 'S'.repeat(201) },
			{ ...wecomBody('community'), webhookUrl: `${fakeOrigin}/${'x'.repeat(2100)}` },
			{ ...wecomBody('community'), isAdmin: true },
			{ scope: 'street', communityId: places.communityId }
		];
		for (const body of bodies) {
			const answer = await as('secretary').postJson(robots, body);
			expect(answer.status, JSON.stringify(body).slice(0, 120)).toBe(400);
			expect(JSON.stringify(answer.body)).not.toContain('do not echo');
		}
		expect(await robotCount()).toBe(before);
	});

	it('stores at most 10 robots per group', async () => {
		const existing = (await db().select({ n: count() }).from(notifyRobots).where(eq(notifyRobots.gridId, places.otherGrid.id)))[0].n;
		for (let i = existing; i < 10; i++) await create('secretary', { ...wecomBody('grid'), gridId: places.otherGrid.id });
		const eleventh = await as('secretary').postJson(robots, { ...wecomBody('grid'), gridId: places.otherGrid.id });
		expect(eleventh.status).toBe(400);
		expect(eleventh.body.code).toBe('error_robot_too_many');
		expect((await db().select({ n: count() }).from(notifyRobots).where(eq(notifyRobots.gridId, places.otherGrid.id)))[0].n).toBe(10);
		// Another group still has room.
		await create('secretary', wecomBody('grid'));
	});

	it('refuses a bad edit and keeps the robot as it was', async () => {
		const { id } = await create('secretary', wecomBody('community', '原名'));
		const row = await robotRow(id);
		for (const body of [{ name: '长'.repeat(41) }, { webhookUrl: 'http://169.254.169.254/' }, { platform: 'dingtalk' }, { webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=abc' }]) {
			expect((await as('secretary').patchJson(`${robots}/${id}`, body)).status, JSON.stringify(body)).toBe(400);
		}
		expect(await robotRow(id)).toEqual(row);
		expect((await as('secretary').patchJson(`${robots}/no-such-robot`, { name: 'x' })).status).toBe(404);
	});
});

describe('editing and removing', () => {
	it('an empty address or secret keeps the stored one; a new one replaces it; removeSecret clears it', async () => {
		const created = await as('secretary').postJson(robots, {
			...placeBody('community'),
			platform: 'dingtalk',
			name: '钉钉群',
			webhookUrl: `${fakeOrigin}/robot/send?access_token=dt0123456789abcdefgh`,
			signingSecret: 'SEC0123456789abcdef'
		});
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({ platform: 'dingtalk', hasSecret: true, maskedUrl: `${fakeOrigin}/robot/send?access_token=••••efgh` });
		const id = created.body.id;
		await as('secretary').patchJson(`${robots}/${id}`, { name: '钉钉工作群', webhookUrl: '', signingSecret: '' });
		expect(await robotRow(id)).toMatchObject({ name: '钉钉工作群', webhookUrl: `${fakeOrigin}/robot/send?access_token=dt0123456789abcdefgh`, signingSecret: 'SEC0123456789abcdef' });
		await as('secretary').patchJson(`${robots}/${id}`, { webhookUrl: `${fakeOrigin}/robot/send?access_token=new0123456789abcd`, signingSecret: 'SECnewnewnew0000' });
		expect(await robotRow(id)).toMatchObject({ webhookUrl: `${fakeOrigin}/robot/send?access_token=new0123456789abcd`, signingSecret: 'SECnewnewnew0000' });
		const cleared = await as('secretary').patchJson(`${robots}/${id}`, { removeSecret: true });
		expect(cleared.body.hasSecret).toBe(false);
		expect((await robotRow(id)).signingSecret).toBeNull();
	});

	it('shows the last 7 days’ deliveries and the last error; removing a robot fails what still waited for it', async () => {
		const { id } = await create('secretary', wecomBody('community', '统计群'));
		const day = 24 * 3600_000;
		const delivery = (noticeId: number, status: 'pending' | 'sent' | 'failed', ageMs: number, lastError: string | null = null) => ({
			noticeId,
			channel: 'robot' as const,
			target: id,
			message: { kind: 'robot' as const, title: 't', markdown: 'm', link: 'http://x/', mentions: [] },
			status,
			lastError,
			createdAt: new Date(Date.now() - ageMs),
			// Waiting for a retry an hour ahead: the server's own notifier must not send them meanwhile.
			...(status === 'pending' ? { nextAttemptAt: new Date(Date.now() + 3600_000) } : {})
		});
		await db()
			.insert(noticeDeliveries)
			.values([
				delivery(900001, 'sent', 8 * day),
				delivery(900002, 'sent', 2 * day),
				delivery(900003, 'sent', day),
				delivery(900004, 'failed', 3600_000, '{"errcode":93000,"errmsg":"invalid webhook url"}'),
				delivery(900005, 'pending', 60_000),
				delivery(900006, 'pending', 1000)
			]);
		const listed = (await as('secretary').getJson(robots)).body.robots.find((r: { id: string }) => r.id === id);
		expect(listed).toMatchObject({ sent: 2, pending: 2, failed: 1, lastError: '{"errcode":93000,"errmsg":"invalid webhook url"}' });
		expect(listed.lastErrorAt).toBeGreaterThan(Date.now() - 2 * 3600_000);

		expect((await as('secretary').delete(`${robots}/${id}`)).status).toBe(204);
		const left = await db().select().from(noticeDeliveries).where(eq(noticeDeliveries.target, id));
		expect(left.filter((d) => d.status === 'pending')).toEqual([]);
		expect(left.filter((d) => d.lastError === robotRemoved).map((d) => d.noticeId).sort()).toEqual([900005, 900006]);
		expect(left.filter((d) => d.status === 'sent')).toHaveLength(3);
	});
});

describe('the test button', () => {
	it('shows the platform’s own error, with the address’s key masked', async () => {
		const key = 'errkey0123456789abcd';
		const { id } = await create('secretary', { ...placeBody('community'), platform: 'wecom', name: '报错群', webhookUrl: `${fakeOrigin}/cgi-bin/webhook/send?key=${key}` });
		fake.answer = () => ({ json: { errcode: 93000, errmsg: `invalid webhook url, key ${key}` } });
		try {
			const answer = await as('secretary').postJson(`${robots}/${id}/test`, {});
			expect(answer.status).toBe(200);
			expect(answer.body.ok).toBe(false);
			expect(answer.body.error).toContain('93000');
			expect(answer.body.error).toContain('invalid webhook url');
			expect(answer.body.error).not.toContain(key);
		} finally {
			fake.answer = () => ({ json: { errcode: 0, errmsg: 'ok' } });
		}
		expect(fake.to(key)).toHaveLength(1);
	});
});

describe('a removed grid', () => {
	it('takes its robots with it, and what still waited for them fails', async () => {
		const gridId = newId();
		await db().insert(grids).values({ id: gridId, communityId: places.communityId, name: '待撤销网格', geometry: places.otherGrid.geometry });
		const { id } = await create('secretary', { ...wecomBody('grid'), gridId });
		await db()
			.insert(noticeDeliveries)
			.values({
				noticeId: 910001,
				channel: 'robot',
				target: id,
				message: { kind: 'robot', title: 't', markdown: 'm', link: 'http://x/', mentions: [] },
				// Waiting for a retry an hour ahead: the server's notifier sent it before the grid went once (CI, PostgreSQL).
				nextAttemptAt: new Date(Date.now() + 3600_000)
			});
		const removed = await as('secretary').delete(`/api/communities/${places.communityId}/grids/${gridId}`);
		expect(removed.status, JSON.stringify(removed.body)).toBeLessThan(300);
		expect(await robotRow(id)).toBeUndefined();
		const [delivery] = await db().select().from(noticeDeliveries).where(eq(noticeDeliveries.noticeId, 910001));
		expect(delivery).toMatchObject({ status: 'failed', lastError: robotRemoved });
	});
});

describe('secrets never leave the server', () => {
	const key = 'ZQXKEY7781wecomUniqueToken5531';
	const token = 'ZQXTOKdingtalkUniqueToken9917';
	const feishuToken = 'ZQXHOOKfeishu0011aa22bb33cc';
	const secret = 'SECZQXsigningSecretUnique4242';
	const feishuSecret = 'ZQXfeishuSecretUnique8080';
	const leaks = [key, token, feishuToken, secret, feishuSecret, 'ZQX'];

	const expectClean = (text: string, where: string) => {
		for (const leak of leaks) expect(text.includes(leak), `${leak} in ${where}`).toBe(false);
	};

	it('in no page data nor API answer, for any role', async () => {
		const answers: string[] = [];
		const record = (answer: { body: unknown }) => answers.push(JSON.stringify(answer.body));
		record(await as('secretary').postJson(robots, { ...placeBody('community'), platform: 'wecom', name: '社区群', webhookUrl: `${fakeOrigin}/cgi-bin/webhook/send?key=${key}` }));
		const dingtalk = await as('chief1').postJson(robots, { ...placeBody('grid'), platform: 'dingtalk', name: '网格群', webhookUrl: `${fakeOrigin}/robot/send?access_token=${token}`, signingSecret: secret });
		record(dingtalk);
		const feishu = await as('property1').postJson(robots, { ...placeBody('org'), platform: 'feishu', name: '物业群', webhookUrl: `${fakeOrigin}/open-apis/bot/v2/hook/${feishuToken}`, signingSecret: feishuSecret });
		record(feishu);
		expect(dingtalk.body.maskedUrl).toBe(`${fakeOrigin}/robot/send?access_token=••••9917`);
		expect(feishu.body.maskedUrl).toBe(`${fakeOrigin}/open-apis/bot/v2/hook/••••cccc`.replace('cccc', feishuToken.slice(-4)));
		record(await as('chief1').patchJson(`${robots}/${dingtalk.body.id}`, { name: '网格工作群' }));
		record(await as('chief1').postJson(`${robots}/${dingtalk.body.id}/test`, {}));
		record(await as('property1').postJson(`${robots}/${feishu.body.id}/test`, {}));
		record(await as('chief1').patchJson(`${robots}/${dingtalk.body.id}`, { signingSecret: `${secret} with a space` }));

		const paths = ['/', '/notifications', '/matters', '/consultation', '/map', '/tasks', '/people', '/account/password'];
		for (const username of everyone()) {
			record(await as(username).getJson(robots));
			for (const path of paths) {
				const raw = await as(username).get(`${path === '/' ? '' : path}/__data.json`, { accept: '*/*' });
				answers.push(await raw.text());
				const html = await as(username).get(path);
				answers.push(await html.text());
			}
		}
		answers.forEach((text, i) => expectClean(text, `answer ${i}`));

		const notifications = await pageData(as('secretary'), '/notifications');
		const shown = notifications.at(-1) as { robots: { list: { maskedUrl: string }[] } };
		expect(shown.robots.list.map((r) => r.maskedUrl)).toContain(`${fakeOrigin}/cgi-bin/webhook/send?key=••••${key.slice(-4)}`);

		const audit = await db().select().from(auditEvents).where(eq(auditEvents.action, 'robot.create'));
		expect(audit.length).toBeGreaterThan(0);
		expectClean(JSON.stringify(audit), 'the audit');
	});

	it('the page shows phone settings to everyone and robots only to those who manage one', async () => {
		for (const username of everyone()) {
			const data = (await pageData(as(username), '/notifications')).at(-1) as { push: unknown; robots: unknown };
			expect(data.push, username).toBeTruthy();
			expect(data.robots === null, username).toBe(managesNone.includes(username));
		}
	});
});
