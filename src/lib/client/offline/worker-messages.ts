/** What the page and the service worker say to each other (`postMessage` with a reply port). */

export type ToWorker =
	/** Fetch these same-origin paths (pages, their data, community endpoints) and keep them for offline use. */
	| { type: 'warm'; paths: string[] }
	/** Delete every cached page and answer of the signed-in user (the app shell stays). */
	| { type: 'clear' }
	/** Take control of this page: it was loaded past the worker (during its install, or by a hard reload). */
	| { type: 'claim' };

export type FromWorker =
	| { type: 'warmed'; stored: string[]; fresh: string[]; failed: string[] }
	| { type: 'cleared' }
	| { type: 'claimed' };

export function isToWorker(value: unknown): value is ToWorker {
	if (typeof value !== 'object' || value === null) return false;
	const message = value as { type?: unknown; paths?: unknown };
	if (message.type === 'clear' || message.type === 'claim') return true;
	return message.type === 'warm' && Array.isArray(message.paths) && message.paths.every((p) => typeof p === 'string');
}
