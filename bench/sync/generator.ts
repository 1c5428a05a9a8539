// The load generator: one process (pinned by the orchestrator, off the server's core) that
// holds every client of its documents, sends on an open-loop schedule and reports over IPC.
// With --generators N there are N of them, each with its share of documents and rate.
// Run only by run-one.ts.
import { randomBytes } from 'node:crypto';
import { incidents } from './clients/incidents';
import { traffic } from './clients/metered-web-socket';
import { connectAll, type Clients } from './connect';
import { DeliveryTracker } from './delivery-tracker';
import { encodeHistogram, histogramNames } from './histograms';
import type { GeneratorCommand, GeneratorConfig, GeneratorEvent, GeneratorResult, HistogramName } from './plan';
import { runOpenLoop } from './schedule';

function send(event: GeneratorEvent): Promise<void> {
	return new Promise((resolve) => process.send!(event, () => resolve()));
}

/** Writer 0 of each document creates the task; every writer then waits to see its building. */
async function prepareTasks(clients: Clients): Promise<void> {
	for (const docWriters of clients.writers) docWriters[0].ensureTask(randomBytes(10).toString('hex'));
	await Promise.all(clients.writers.flat().map((writer) => writer.awaitBuilding(20_000)));
	// Let the task reach the readers before anything is timed.
	await new Promise((resolve) => setTimeout(resolve, 1000));
}

async function drain(tracker: DeliveryTracker, clients: Clients, drainMs: number): Promise<void> {
	const deadline = performance.now() + drainMs;
	const writers = clients.writers.flat();
	const waitingForStored = () => tracker.stored > 0 && writers.some((writer) => writer.unstoredMeasured > 0);
	while ((tracker.pendingMeasured > 0 || waitingForStored()) && performance.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

/** Waits for the orchestrator's start time, shared by every generator process. */
function awaitGo(): Promise<void> {
	return new Promise((resolve) => {
		process.once('message', (command: GeneratorCommand) => {
			setTimeout(resolve, Math.max(0, command.at - Date.now()));
		});
	});
}

async function run(config: GeneratorConfig): Promise<void> {
	const tracker = new DeliveryTracker();
	const connectStart = performance.now();
	const clients = await connectAll(config, tracker);
	const connectMs = performance.now() - connectStart;
	await send({ type: 'connected', clients: clients.handles.length, ms: connectMs });
	await prepareTasks(clients);
	const go = awaitGo();
	await send({ type: 'ready' });
	await go;

	const counted = { ...traffic };
	const docCount = config.docs.length;
	await runOpenLoop({
		rate: config.rate,
		warmupMs: config.warmupMs,
		measureMs: config.measureMs,
		// Round robin over documents, then over each document's writers.
		fire: (index, dueAt, measured) => {
			const writers = clients.writers[index % docCount];
			writers[Math.floor(index / docCount) % writers.length].write(dueAt, measured);
		},
		onWindowStart: () => {
			Object.assign(counted, traffic);
			void send({ type: 'window-start' });
		},
		onWindowEnd: () => {
			counted.bytesIn = traffic.bytesIn - counted.bytesIn;
			counted.bytesOut = traffic.bytesOut - counted.bytesOut;
			void send({ type: 'window-end' });
		}
	});
	await drain(tracker, clients, config.drainMs);

	const histograms = Object.fromEntries(
		histogramNames.map((name) => [name, encodeHistogram(tracker.histograms[name])])
	) as Record<HistogramName, string>;
	const result: GeneratorResult = {
		histograms,
		// Writes are counted by their scheduled time, so the nominal window is their time base.
		windowMs: config.measureMs,
		sent: tracker.sent,
		complete: tracker.complete,
		stored: tracker.stored,
		deliveries: tracker.deliveries,
		bytesIn: counted.bytesIn,
		bytesOut: counted.bytesOut,
		connectMs,
		closeCodes: incidents.closeCodes,
		refusals: incidents.refusals,
		refusalExamples: incidents.refusalExamples
	};
	incidents.closing = true;
	for (const handle of clients.handles) handle.close();
	await send({ type: 'result', result });
}

// Every y-websocket provider adds a process 'exit' listener; hundreds are expected here.
process.setMaxListeners(0);

process.once('message', (config: GeneratorConfig) => {
	run(config)
		.catch(async (error: unknown) => {
			const detail = Object.entries(incidents.closeCodes).map(([code, n]) => `${n}× close ${code}`);
			detail.push(...incidents.refusalExamples.map((reason) => `refused: ${reason}`));
			const message = error instanceof Error ? error.message : String(error);
			await send({ type: 'failed', error: [message, ...detail].join('; ') });
		})
		.finally(() => process.exit(0));
});
