import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { perUsernameRule } from '../../src/lib/domain/login-throttle';
import { db } from '../../src/lib/server/db';
import { loginThrottle, loginThrottleByAddress } from '../../src/lib/server/db/schema';
import { requestFrom } from '../fixtures/local-address';
import { startTestServer, type TestServer } from '../fixtures/test-server';

// Issue 12: tries sent at once all passed the check before any failure was counted, and the
// count was per username only, so anyone could keep the secretary locked out.
let server: TestServer;
beforeAll(async () => {
	server = await startTestServer();
});
afterAll(() => server?.stop());

/** A sign-in form post from a given loopback address (the server sees it as the client's address). */
async function signInFrom(localAddress: string, username: string, password: string): Promise<number> {
	const body = new URLSearchParams({ username, password }).toString();
	const headers = { origin: server.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' };
	return (await requestFrom(localAddress, `${server.url}/login`, { method: 'POST', headers, body })).status;
}

const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

describe('login throttle', () => {
	it('counts wrong guesses sent at once before checking any: only five get through', async () => {
		const statuses = await Promise.all(Array.from({ length: 20 }, () => signInFrom('127.0.0.2', 'chief4', 'wrong')));
		expect(count(statuses, 400)).toBe(5);
		expect(count(statuses, 429)).toBe(15);
		const [row] = await db().select().from(loginThrottle).where(eq(loginThrottle.username, 'chief4'));
		expect(row.failures).toBe(5);
	});

	it('signs in one person from several devices at once: a success clearing the count meanwhile is no 500', async () => {
		// Each device has its own address, so no device waits for another's count; the shared
		// per-username row is deleted by whichever success comes first, under the others' feet.
		for (let round = 0; round < 40; round++) {
			const devices = Array.from({ length: 4 }, (_, i) => `127.0.3.${i + 1}`);
			const statuses = await Promise.all(devices.map((address) => signInFrom(address, 'chief5', 'demo1234')));
			expect(statuses).toEqual([303, 303, 303, 303]);
		}
	});

	it('does not lock the secretary out from another address', async () => {
		for (let i = 0; i < 6; i++) await signInFrom('127.0.0.3', 'secretary', 'wrong');
		expect(await signInFrom('127.0.0.3', 'secretary', 'demo1234')).toBe(429);
		expect(await signInFrom('127.0.0.4', 'secretary', 'demo1234')).toBe(303);
		// the attacker's address stays slowed down; the owner's success cleared only its own count
		expect(await signInFrom('127.0.0.3', 'secretary', 'wrong')).toBe(429);
		const rows = await db().select().from(loginThrottleByAddress).where(eq(loginThrottleByAddress.username, 'secretary'));
		expect(rows.map((r) => r.address)).toEqual(['127.0.0.3']);
	});

	it('slows a username down from any address once many addresses together have guessed wrong', async () => {
		const addresses = Array.from({ length: perUsernameRule.freeFailures }, (_, i) => `127.0.1.${i + 1}`);
		for (const address of addresses) expect(await signInFrom(address, 'liaison06', 'wrong')).toBe(400);
		expect(await signInFrom('127.0.2.1', 'liaison06', 'demo1234')).toBe(429);
	});
});
