/** One JSON request of the phone to the API, as the outboxes and the lists they keep send it. */

export type Fetch = typeof fetch;

/** Status 0 and no body when nothing came back in time (no network, a dead connection). */
export async function requestJson(fetcher: Fetch, url: string, init: RequestInit, timeoutMs: number): Promise<{ status: number; body: unknown }> {
	const controller = new AbortController();
	const timer = setTimeout(() => controller.abort(), timeoutMs);
	try {
		const response = await fetcher(url, { ...init, signal: controller.signal, headers: { accept: 'application/json', ...init.headers } });
		const text = await response.text();
		let body: unknown = text;
		try {
			body = text ? JSON.parse(text) : null;
		} catch {
			// Not JSON (a proxy's error page): the status alone decides.
		}
		return { status: response.status, body };
	} catch {
		return { status: 0, body: null };
	} finally {
		clearTimeout(timer);
	}
}
