/** What the orchestrator hands a generator, and what the generator reports back (over IPC). */

export type ServerName = 'plain' | 'ours' | 'hocuspocus';
export const serverNames: readonly ServerName[] = ['plain', 'ours', 'hocuspocus'];

/** One community document: who signs in, which buildings its writers record progress in. */
export type DocPlan = {
	name: string;
	/** The secretary: every client of this document signs in as this user. */
	userId: string;
	/** One building per writer. */
	buildingIds: string[];
	/** One session token per client of this document (writers first). */
	tokens: string[];
};

export type Workload = {
	docs: DocPlan[];
	writersPerDoc: number;
	/** Progress writes per second over all writers. */
	rate: number;
	warmupMs: number;
	measureMs: number;
	/** How long to wait after the last send for deliveries still in flight. */
	drainMs: number;
};

export type GeneratorConfig = Workload & {
	server: ServerName;
	/** Per document, the port each of its clients (by slot) connects to: one per instance of the server. */
	ports: number[][];
};

/** After `ready`, the orchestrator starts every generator's schedule at the same wall-clock time. */
export type GeneratorCommand = { type: 'go'; at: number };

export type HistogramName = 'propagation' | 'delivery' | 'fromSchedule' | 'sendLag' | 'stored';

export type GeneratorResult = {
	/** HDR histograms in microseconds, compressed base64. */
	histograms: Record<HistogramName, string>;
	windowMs: number;
	sent: number;
	/** Updates that reached every other client of their document. */
	complete: number;
	/** Updates acknowledged as stored (ours only). */
	stored: number;
	deliveries: number;
	bytesIn: number;
	bytesOut: number;
	connectMs: number;
	closeCodes: Record<string, number>;
	refusals: Record<string, number>;
	refusalExamples: string[];
};

export type GeneratorEvent =
	| { type: 'connected'; clients: number; ms: number }
	| { type: 'ready' }
	| { type: 'window-start' }
	| { type: 'window-end' }
	| { type: 'result'; result: GeneratorResult }
	| { type: 'failed'; error: string };
