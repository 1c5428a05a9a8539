/** What the idle benchmark's orchestrator and its generator processes say to each other over IPC. */
import type { ServerName } from '../sync/plan';

export type IdleClient = { docName: string; token: string };

export type ToGenerator =
	| { type: 'connect'; server: ServerName; port: number; clients: IdleClient[] }
	| { type: 'count' };

export type ClientCount = {
	/** Clients that completed the sync handshake and have not been closed since. */
	open: number;
	closeCodes: Record<string, number>;
	refusals: Record<string, number>;
};

export type FromGenerator =
	| { type: 'connected'; ms: number }
	| ({ type: 'count' } & ClientCount)
	| { type: 'failed'; error: string };
