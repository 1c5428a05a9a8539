/**
 * Issue 18, the phone: the JavaScript a liaison's home page loads stays within its budget as
 * features arrive. Every script the built page announces (its `<script>`s, its modulepreloads,
 * in the HTML or the `Link` header), their static imports and the root error page SvelteKit imports
 * on start: what the browser loads before the page hydrates, brotli-compressed here, summed.
 * `npm run bench -- phone` measures the same in a throttled Chromium, with the timings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../fixtures/http-client';
import { homeJavaScript, kib, pageJavaScript } from '../../fixtures/page-javascript';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
let liaison: HttpClient;

beforeAll(async () => {
	server = await startTestServer();
	liaison = new HttpClient(server.url);
	expect((await liaison.signIn('liaison01')).status).toBe(303);
});
afterAll(() => server?.stop());

describe("a liaison's home page", () => {
	it(`loads at most ${kib(homeJavaScript.budgetBytes)} of brotli-compressed JavaScript`, async () => {
		const js = await pageJavaScript(server.url, '/', { cookie: liaison.cookieHeader() });
		expect(js.announced.length, 'the page announces its scripts').toBeGreaterThan(0);
		const largest = [...js.scripts]
			.sort((a, b) => b.brotli - a.brotli)
			.slice(0, 8)
			.map((s) => `${new URL(s.url).pathname} ${kib(s.brotli)}`)
			.join(', ');
		const summary = `${js.scripts.length} scripts (${js.unannounced.length} not announced by the page), ${kib(js.total.brotli)} brotli (${kib(js.total.gzip)} gzip, ${kib(js.total.raw)} raw); largest: ${largest}`;
		console.info(`home page JavaScript: ${summary}`);
		expect(js.total.brotli, summary).toBeLessThanOrEqual(homeJavaScript.budgetBytes);
	});
});
