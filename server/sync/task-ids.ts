import { gte } from 'drizzle-orm';
import { db } from '../../src/lib/server/db';
import { tasks } from '../../src/lib/server/db/schema';

// Rows updated this long before the last read are read again: commits land out of order.
const overlapMs = 60_000;

/**
 * Every task id ever used, in any community, so an id is never accepted twice: an archived
 * task leaves the live document, and creating its id again would rewrite its stored figures.
 * Read from the projection (`tasks`) when a document loads, and kept up to date with this
 * instance's own accepted creations in between.
 */
export class TaskIdRegistry {
	readonly #communityOf = new Map<string, string>();
	#readUntil: Date | null = null;

	taken(taskId: string): boolean {
		return this.#communityOf.has(taskId);
	}

	note(taskId: string, communityId: string): void {
		if (!this.#communityOf.has(taskId)) this.#communityOf.set(taskId, communityId);
	}

	/** Reads ids stored since the last read (all of them the first time). */
	async refresh(): Promise<void> {
		const startedAt = new Date();
		const since = this.#readUntil ? new Date(this.#readUntil.getTime() - overlapMs) : null;
		const rows = await db()
			.select({ id: tasks.id, communityId: tasks.communityId })
			.from(tasks)
			.where(since ? gte(tasks.updatedAt, since) : undefined);
		for (const row of rows) this.note(row.id, row.communityId);
		this.#readUntil = startedAt;
	}
}
