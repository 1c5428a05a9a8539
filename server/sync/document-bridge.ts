import type { Bindings } from './client-owners';

/** Carries a loaded document's traffic to the other instances (Redis); absent on a single instance. */
export interface DocumentBridge {
	/** The bindings travel with the update, so every instance refuses the same squatters. */
	publishUpdate(doc: string, update: Uint8Array, bindings: Bindings | null): void;
	publishStored(doc: string, clocks: ReadonlyMap<number, number>): void;
	publishAwareness(doc: string, update: Uint8Array): void;
}
