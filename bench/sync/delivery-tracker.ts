import * as Y from 'yjs';
import { histogramNames, newHistogram, recordMs, type Histogram } from './histograms';
import type { HistogramName } from './plan';

type Pending = {
	dueAt: number;
	sentAt: number;
	remaining: number;
	/** Which clients of the document already have it (a client may see an item twice after a resync). */
	seen: Uint8Array;
	measured: boolean;
};

/** The marker of a progress write: the id of the Yjs item that carries its value. */
export function itemKey(client: number, clock: number): string {
	return `${client}:${clock}`;
}

/**
 * Follows every progress write from its send until every other client of its document
 * has it, and records the latencies of those sent inside the measured window.
 */
export class DeliveryTracker {
	readonly histograms = Object.fromEntries(histogramNames.map((name) => [name, newHistogram()])) as Record<
		HistogramName,
		Histogram
	>;
	sent = 0;
	complete = 0;
	stored = 0;
	deliveries = 0;
	#pending = new Map<string, Pending>();
	#pendingMeasured = 0;

	get pendingMeasured(): number {
		return this.#pendingMeasured;
	}

	recordSend(key: string, clientsOfDoc: number, dueAt: number, sentAt: number, measured: boolean): void {
		this.#pending.set(key, {
			dueAt,
			sentAt,
			remaining: clientsOfDoc - 1,
			seen: new Uint8Array(clientsOfDoc),
			measured
		});
		if (!measured) return;
		this.sent++;
		this.#pendingMeasured++;
		recordMs(this.histograms.sendLag, sentAt - dueAt);
	}

	recordStored(sentAt: number, measured: boolean): void {
		if (!measured) return;
		this.stored++;
		recordMs(this.histograms.stored, performance.now() - sentAt);
	}

	/** Called with every update a client applied; `slot` is the client's index in its document. */
	scan(update: Uint8Array, slot: number): void {
		if (this.#pending.size === 0) return;
		const now = performance.now();
		for (const struct of Y.decodeUpdate(update).structs) {
			if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentAny)) continue;
			for (let offset = 0; offset < struct.length; offset++) {
				this.#deliver(itemKey(struct.id.client, struct.id.clock + offset), slot, now);
			}
		}
	}

	#deliver(key: string, slot: number, now: number): void {
		const pending = this.#pending.get(key);
		if (!pending || pending.seen[slot]) return;
		pending.seen[slot] = 1;
		pending.remaining--;
		if (pending.measured) {
			this.deliveries++;
			recordMs(this.histograms.delivery, now - pending.sentAt);
		}
		if (pending.remaining > 0) return;
		this.#pending.delete(key);
		if (!pending.measured) return;
		this.complete++;
		this.#pendingMeasured--;
		recordMs(this.histograms.propagation, now - pending.sentAt);
		recordMs(this.histograms.fromSchedule, now - pending.dueAt);
	}
}
