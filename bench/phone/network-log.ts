// What a page fetched, from the DevTools protocol: bytes on the wire per response.
import type { CDPSession } from '@playwright/test';

export type Fetched = {
	url: string;
	resourceType: string;
	status: number;
	/** `content-encoding` of the response: br, gzip, or '' when the server sent it as is. */
	encoding: string;
	/** Network.loadingFinished encodedDataLength: the body as sent plus the response headers. */
	wireBytes: number;
	fromServiceWorker: boolean;
	fromCache: boolean;
};

/** Records every response of the page from now on (Network must be enabled on `cdp`, as throttlePage does). */
export function recordNetwork(cdp: CDPSession): { fetched: () => Fetched[]; stop: () => void } {
	const pending = new Map<string, Omit<Fetched, 'wireBytes'>>();
	const done: Fetched[] = [];
	const onResponse = ({ requestId, type, response }: { requestId: string; type?: string; response: { url: string; status: number; headers: Record<string, string>; fromServiceWorker?: boolean; fromDiskCache?: boolean; fromPrefetchCache?: boolean } }) => {
		const encoding = Object.entries(response.headers).find(([name]) => name.toLowerCase() === 'content-encoding')?.[1] ?? '';
		pending.set(requestId, {
			url: response.url,
			resourceType: type ?? 'Other',
			status: response.status,
			encoding,
			fromServiceWorker: !!response.fromServiceWorker,
			fromCache: !!response.fromDiskCache || !!response.fromPrefetchCache
		});
	};
	const onFinished = ({ requestId, encodedDataLength }: { requestId: string; encodedDataLength: number }) => {
		const response = pending.get(requestId);
		if (!response) return;
		pending.delete(requestId);
		done.push({ ...response, wireBytes: encodedDataLength });
	};
	cdp.on('Network.responseReceived', onResponse);
	cdp.on('Network.loadingFinished', onFinished);
	return {
		fetched: () => [...done],
		stop: () => {
			cdp.off('Network.responseReceived', onResponse);
			cdp.off('Network.loadingFinished', onFinished);
		}
	};
}

export const isScript = (url: string) => new URL(url).pathname.endsWith('.js');
