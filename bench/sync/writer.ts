import * as Y from 'yjs';
import { DeliveryTracker, itemKey } from './delivery-tracker';
import type { DocPlan } from './plan';
import { benchDoors, buildingProgress, createTask, findTask } from './progress-doc';

/** Marks our own transactions, so only remote updates count as deliveries. */
const localOrigin = Symbol('bench-writer');

type Unstored = { clock: number; sentAt: number; measured: boolean };

/**
 * One writing client: a real Y.Doc that records household visits in its own building
 * (liaisons split a micro-grid's buildings between them), and also reads like every client.
 */
export class ProgressWriter {
	readonly doc = new Y.Doc();
	#building: Y.Map<unknown> | null = null;
	#nextDoor = 0;
	#unstored: Unstored[] = [];

	constructor(
		private readonly plan: DocPlan,
		private readonly slot: number,
		private readonly tracker: DeliveryTracker
	) {
		this.doc.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin !== localOrigin) tracker.scan(update, slot);
		});
	}

	get buildingId(): string {
		return this.plan.buildingIds[this.slot];
	}

	/** The first writer creates the task, unless an earlier run left one (ours keeps documents). */
	ensureTask(taskId: string): void {
		if (findTask(this.doc, this.plan.buildingIds)) return;
		createTask(this.doc, { taskId, userId: this.plan.userId, buildingIds: this.plan.buildingIds }, localOrigin);
	}

	async awaitBuilding(timeoutMs: number): Promise<void> {
		const deadline = performance.now() + timeoutMs;
		while (!(this.#building = buildingProgress(this.doc, this.buildingId))) {
			if (performance.now() > deadline) throw new Error(`${this.plan.name}: the task never reached writer ${this.slot}`);
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	}

	write(dueAt: number, measured: boolean): void {
		const building = this.#building;
		if (!building) throw new Error('write() before awaitBuilding()');
		const code = benchDoors[this.#nextDoor++ % benchDoors.length];
		// The value becomes one new item with this id: the marker readers look for.
		const clock = Y.getState(this.doc.store, this.doc.clientID);
		const sentAt = performance.now();
		this.doc.transact(() => building.set(code, { s: 'visited', by: this.plan.userId, at: Date.now() }), localOrigin);
		this.tracker.recordSend(itemKey(this.doc.clientID, clock), this.plan.tokens.length, dueAt, sentAt, measured);
		this.#unstored.push({ clock, sentAt, measured });
	}

	/** Ours reports the clocks it has stored durably; a write is stored once its clock is below. */
	onStored(stateVector: Map<number, number>): void {
		const storedClock = stateVector.get(this.doc.clientID) ?? 0;
		while (this.#unstored.length > 0 && this.#unstored[0].clock < storedClock) {
			const write = this.#unstored.shift()!;
			this.tracker.recordStored(write.sentAt, write.measured);
		}
	}

	get unstoredMeasured(): number {
		return this.#unstored.filter((write) => write.measured).length;
	}
}
