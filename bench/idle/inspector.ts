// Reads a server's heap through the V8 inspector (the server runs with --inspect on a loopback
// port), so no server, ours or the baselines, needs code of its own to report it.
import { createWriteStream } from 'node:fs';
import WebSocket from 'ws';

export type HeapFigures = { heapUsed: number; heapTotal: number; external: number; arrayBuffers: number; rss: number };

type Reply = { id?: number; method?: string; params?: { chunk?: string }; result?: unknown; error?: { message: string } };

export class InspectorProbe {
	readonly #socket: WebSocket;
	#nextId = 1;
	readonly #waiting = new Map<number, { resolve(result: unknown): void; reject(error: Error): void }>();
	#onChunk: ((chunk: string) => void) | null = null;

	private constructor(socket: WebSocket) {
		this.#socket = socket;
		socket.on('message', (data: Buffer) => {
			const reply = JSON.parse(data.toString()) as Reply;
			if (reply.method === 'HeapProfiler.addHeapSnapshotChunk') this.#onChunk?.(reply.params?.chunk ?? '');
			if (reply.id === undefined) return;
			const waiter = this.#waiting.get(reply.id);
			this.#waiting.delete(reply.id);
			if (reply.error) waiter?.reject(new Error(reply.error.message));
			else waiter?.resolve(reply.result);
		});
	}

	/** Connects to the inspector listening on `port`, retrying while the process starts. */
	static async open(port: number, timeoutMs = 10_000): Promise<InspectorProbe> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			try {
				const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
				const socket = new WebSocket(targets[0].webSocketDebuggerUrl, { maxPayload: 512 * 2 ** 20 });
				await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
				return new InspectorProbe(socket);
			} catch (error) {
				if (Date.now() > deadline) throw new Error(`inspector on port ${port}: ${error instanceof Error ? error.message : error}`);
				await new Promise((resolve) => setTimeout(resolve, 200));
			}
		}
	}

	#call(method: string, params: object = {}): Promise<unknown> {
		const id = this.#nextId++;
		return new Promise((resolve, reject) => {
			this.#waiting.set(id, { resolve, reject });
			this.#socket.send(JSON.stringify({ id, method, params }));
		});
	}

	async memoryUsage(): Promise<HeapFigures> {
		const result = (await this.#call('Runtime.evaluate', {
			expression: 'JSON.stringify(process.memoryUsage())',
			returnByValue: true
		})) as { result: { value: string } };
		return JSON.parse(result.result.value) as HeapFigures;
	}

	/** A full garbage collection, so heap figures count live objects only. */
	async collectGarbage(): Promise<void> {
		await this.#call('HeapProfiler.collectGarbage');
	}

	/** Writes a heap snapshot (Chrome DevTools format) to `file`. */
	async writeSnapshot(file: string): Promise<void> {
		const out = createWriteStream(file);
		this.#onChunk = (chunk) => out.write(chunk);
		try {
			await this.#call('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
		} finally {
			this.#onChunk = null;
			await new Promise((resolve) => out.end(resolve));
		}
	}

	close(): void {
		this.#socket.close();
	}
}
