/**
 * The few service worker globals we use. The project compiles against the DOM library; adding
 * the `webworker` library to the same program would clash with it, so we name what we need.
 */

export interface WorkerExtendableEvent extends Event {
	waitUntil(work: Promise<unknown>): void;
}

export interface WorkerFetchEvent extends WorkerExtendableEvent {
	readonly request: Request;
	respondWith(response: Response | Promise<Response>): void;
}

export interface WorkerMessageEvent extends WorkerExtendableEvent {
	readonly data: unknown;
	readonly ports: readonly MessagePort[];
}

export interface WorkerScope {
	readonly location: { readonly origin: string };
	readonly caches: CacheStorage;
	readonly clients: { claim(): Promise<void> };
	skipWaiting(): Promise<void>;
	fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
	addEventListener(type: 'install' | 'activate', listener: (event: WorkerExtendableEvent) => void): void;
	addEventListener(type: 'fetch', listener: (event: WorkerFetchEvent) => void): void;
	addEventListener(type: 'message', listener: (event: WorkerMessageEvent) => void): void;
}
