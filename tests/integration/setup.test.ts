import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { db } from '../../src/lib/server/db';
import { auditEvents, communities } from '../../src/lib/server/db/schema';
import { createFirstCommunity } from '../../src/lib/server/setup';
import { HttpClient } from '../fixtures/http-client';
import { startTestServer, type TestServer } from '../fixtures/test-server';

let server: TestServer;
beforeAll(async () => {
	server = await startTestServer({ demo: false });
});
afterAll(() => server?.stop());

describe('DEMO=0 and the setup command', () => {
	it('starts with an empty database: no communities, demo logins do not work', async () => {
		const [{ n }] = await db().select({ n: count() }).from(communities);
		expect(n).toBe(0);
		expect((await new HttpClient(server.url).signIn('secretary')).status).toBe(400);
	});

	it('creates the first street, community and secretary, who can then sign in', async () => {
		const result = await createFirstCommunity({
			street: '扬子津街道',
			community: '新城社区',
			secretaryUsername: 'Wang',
			secretaryName: '王书记'
		});
		expect(result.username).toBe('wang');
		expect(result.password.length).toBeGreaterThanOrEqual(10);
		const client = new HttpClient(server.url);
		expect((await client.signIn('wang', result.password)).status).toBe(303);
		// The printed password is one-time: the secretary picks their own first.
		expect((await client.getJson('/api/communities')).status).toBe(403);
		const change = await client.postForm('/account/password', { current: result.password, next: 'xincheng-2026', repeat: 'xincheng-2026' });
		expect(change.status).toBe(303);
		const { body } = await client.getJson('/api/communities');
		expect(body).toEqual([{ id: result.communityId, name: '新城社区', streetName: '扬子津街道' }]);
		const [{ n }] = await db().select({ n: count() }).from(auditEvents);
		expect(n).toBe(1);
	});

	it('refuses a username that is taken, and creates nothing', async () => {
		await expect(
			createFirstCommunity({ street: '扬子津街道', community: '另一个社区', secretaryUsername: 'wang' })
		).rejects.toThrow(/already taken/);
		const [{ n }] = await db().select({ n: count() }).from(communities);
		expect(n).toBe(1);
	});

	it('refuses a malformed username', async () => {
		await expect(
			createFirstCommunity({ street: 'S', community: 'C', secretaryUsername: '王 书记' })
		).rejects.toThrow(/--secretary/);
	});
});

describe('npm run setup (the built CLI)', () => {
	it('runs without prompts on an empty data directory and prints the sign-in', async () => {
		const { execFile } = await import('node:child_process');
		const { mkdtempSync, rmSync } = await import('node:fs');
		const { tmpdir } = await import('node:os');
		const path = await import('node:path');
		const dataDir = mkdtempSync(path.join(tmpdir(), 'grid-setup-'));
		try {
			const output = await new Promise<string>((resolve, reject) =>
				execFile(
					process.execPath,
					['dist-server/setup.js', '--street', '测试街道', '--community', '测试社区', '--secretary', 'li', '--password', 'secret-pass-1'],
					{ env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir }, timeout: 60_000 },
					(error, stdout, stderr) => (error ? reject(new Error(stderr || error.message)) : resolve(stdout))
				)
			);
			expect(output).toContain('Created 测试街道 / 测试社区');
			expect(output).toContain('li / secret-pass-1');
		} finally {
			rmSync(dataDir, { recursive: true, force: true });
		}
	});
});
