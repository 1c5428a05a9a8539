import * as Y from 'yjs';
import { checkLiveWrite, elementSegment, type LiveRuleContext, type LiveWrite } from '../../src/lib/domain/live-rules';
import type { Refusal } from '../../src/lib/domain/sync-protocol';
import { encodeUpdate, type DeleteRange } from './update-encoding';
import { contentOf, PathResolver, UnresolvedError } from './update-paths';

export type Writer = { userId: string; readOnly: boolean };

export type CheckContext = Omit<LiveRuleContext, 'taskScope'> & {
	writer: Writer;
	/** The user a client id is bound to, if any. */
	ownerOf(clientId: number): string | undefined;
	/** The scope of a task as the document holds it now. */
	documentScope(taskId: string): readonly string[];
};

export type UpdateVerdict =
	/**
	 * What may be applied: the update itself, or, when some of it was refused, a copy in which
	 * refused items are empty (GC) and refused deletions are gone. `refusals` says what was left out.
	 */
	| { ok: true; update: Uint8Array; writes: LiveWrite[]; newClients: number[]; refusals: Refusal[]; clocks: Map<number, number> }
	/** Nothing of it may be applied (structs under another user's client id). */
	| { ok: false; refusal: Refusal }
	/** The writer's own earlier changes have not arrived yet (sent before its sync step 2); it sends them all again then. */
	| { ok: false; deferred: true };

type Struct = Y.Item | Y.GC | Y.Skip;
type Insert = { item: Y.Item; write: LiveWrite | null; refusal: Refusal | null };
type Deletion = { client: number; range: DeleteRange; write: LiveWrite | null; refusal: Refusal | null; target: Y.Item | null };

class Deferred extends Error {}
class Refused extends Error {
	constructor(readonly refusal: Refusal) {
		super(`${refusal.code} ${refusal.detail}`);
	}
}

/**
 * Decides what of an incoming update may be applied, before it touches the document: every
 * inserted and deleted item is placed by its path and checked against the write rules; a
 * refused item stays out together with everything built on it. Throws (not Refused) only
 * when the bytes are not an update at all.
 */
export function checkUpdate(doc: Y.Doc, update: Uint8Array, ctx: CheckContext): UpdateVerdict {
	const { structs, ds } = Y.decodeUpdate(update);
	const resolver = new PathResolver(doc, structs as Struct[]);
	try {
		const newClients = new Set<number>();
		const clocks = new Map<number, number>();
		const inserts = collectInserts(doc, structs as Struct[], resolver, ctx, newClients, clocks);
		const deletions = collectDeletes(doc, ds, resolver, ctx, newClients);
		judge(inserts, deletions, ctx);
		const emptied = refuseDependents(inserts, resolver);
		const refused = [...inserts, ...deletions].filter((entry) => entry.refusal);
		const writes = [...inserts, ...deletions].flatMap((entry) => (entry.write && !entry.refusal ? [entry.write] : []));
		const applicable =
			refused.length === 0 ? update : encodeUpdate(structs as Struct[], emptied, keptDeletes(deletions));
		const refusals = refused.map((entry) => entry.refusal as Refusal);
		return { ok: true, update: applicable, writes, newClients: [...newClients], refusals, clocks };
	} catch (error) {
		if (error instanceof Refused) return { ok: false, refusal: error.refusal };
		if (error instanceof Deferred) return { ok: false, deferred: true };
		throw error;
	}
}

/** Also notes, per client id, the clock the update brings it to (what storing it confirms). */
function collectInserts(
	doc: Y.Doc,
	structs: readonly Struct[],
	resolver: PathResolver,
	ctx: CheckContext,
	newClients: Set<number>,
	clocks: Map<number, number>
): Insert[] {
	const inserts: Insert[] = [];
	let client = -1;
	let expected = 0;
	for (const struct of structs) {
		const { client: structClient, clock } = struct.id;
		const state = Y.getState(doc.store, structClient);
		// Already applied: Yjs ignores it, and so do the checks.
		if (clock + struct.length <= state) continue;
		if (structClient !== client) {
			client = structClient;
			const owner = ctx.ownerOf(client);
			// Squatting another user's clock range would make the server drop that user's real edits.
			if (owner !== undefined && owner !== ctx.writer.userId) throw new Refused({ code: 'client-id', detail: String(client) });
			// A gap would leave the update pending inside Yjs, applied later without a check.
			if (clock > state) throw new Deferred();
			if (owner === undefined) newClients.add(client);
		} else if (clock !== expected) {
			throw new Deferred();
		}
		expected = clock + struct.length;
		clocks.set(client, expected);
		if (struct instanceof Y.Skip) throw new Deferred();
		if (struct instanceof Y.GC) continue;
		inserts.push(describeInsert(struct as Y.Item, resolver));
	}
	return inserts;
}

function describeInsert(item: Y.Item, resolver: PathResolver): Insert {
	const content = contentOf(item);
	if (!content) return { item, write: null, refusal: { code: 'unsupported-content', detail: item.content.constructor.name } };
	try {
		return { item, write: { op: 'insert', path: resolver.slotPath(item, false), content }, refusal: null };
	} catch (error) {
		if (!(error instanceof UnresolvedError)) throw error;
		return { item, write: null, refusal: { code: 'unknown-parent', detail: `${item.id.client}:${item.id.clock}` } };
	}
}

function collectDeletes(
	doc: Y.Doc,
	ds: ReturnType<typeof Y.decodeUpdate>['ds'],
	resolver: PathResolver,
	ctx: CheckContext,
	newClients: Set<number>
): Deletion[] {
	const deletions: Deletion[] = [];
	for (const [client, ranges] of ds.clients) {
		const state = Y.getState(doc.store, client);
		const structs = doc.store.clients.get(client) as Struct[] | undefined;
		const own = newClients.has(client) || ctx.ownerOf(client) === ctx.writer.userId;
		for (const { clock, len } of ranges) {
			const end = clock + len;
			if (structs && clock < state) {
				for (let index = Y.findIndexSS(structs as never, clock); index < structs.length; index++) {
					const struct = structs[index];
					if (struct.id.clock >= end) break;
					if (struct instanceof Y.Item && !struct.deleted) deletions.push(deletion(resolver, client, struct, true, clock, end));
				}
			}
			if (end > state) deletions.push(...pendingDeletions(resolver, client, Math.max(clock, state), end, own));
		}
	}
	return deletions;
}

/** Deletions beyond what the document holds: of items of this very update, or of the writer's own future clocks. */
function pendingDeletions(resolver: PathResolver, client: number, from: number, end: number, own: boolean): Deletion[] {
	const found: Deletion[] = [];
	let covered = from;
	for (const struct of resolver.updateStructsOf(client)) {
		if (struct.id.clock + struct.length <= from || struct.id.clock >= end) continue;
		if (struct.id.clock > covered) break;
		if (struct instanceof Y.Item) found.push(deletion(resolver, client, struct, false, from, end));
		covered = struct.id.clock + struct.length;
	}
	if (covered < end) {
		const range = { clock: covered, len: end - covered };
		// Deleting clocks nobody has written yet would silently delete a future item when it arrives.
		const refusal = own ? null : ({ code: 'unknown-parent', detail: `delete ${client}:${covered}` } as const);
		found.push({ client, range, write: null, refusal, target: null });
	}
	return found;
}

function deletion(resolver: PathResolver, client: number, item: Y.Item, integrated: boolean, from: number, end: number): Deletion {
	const clock = Math.max(from, item.id.clock);
	const range = { clock, len: Math.min(end, item.id.clock + item.length) - clock };
	const values = item.content instanceof Y.ContentAny ? item.content.getContent() : null;
	try {
		return { client, range, write: { op: 'delete', path: resolver.slotPath(item, integrated), values }, refusal: null, target: item };
	} catch (error) {
		if (!(error instanceof UnresolvedError)) throw error;
		return { client, range, write: null, refusal: { code: 'unknown-parent', detail: `delete ${client}:${clock}` }, target: item };
	}
}

function judge(inserts: Insert[], deletions: Deletion[], ctx: CheckContext): void {
	const entries = [...inserts, ...deletions];
	if (ctx.writer.readOnly) {
		for (const entry of entries) entry.refusal ??= { code: 'read-only', detail: entry.write?.path.join('/') ?? '' };
		return;
	}
	const scopeAdditions = scopeInsertsOf(inserts);
	const ruleContext: LiveRuleContext = {
		...ctx,
		taskScope: (taskId) => [...ctx.documentScope(taskId), ...(scopeAdditions.get(taskId) ?? [])]
	};
	for (const entry of entries) {
		if (entry.write && !entry.refusal) entry.refusal = checkLiveWrite(entry.write, ruleContext);
	}
}

/** Items that hang on a refused item (as parent or neighbour) cannot stand either: they are refused too. */
function refuseDependents(inserts: Insert[], resolver: PathResolver): Set<Struct> {
	const emptied = new Set<Struct>(inserts.filter((entry) => entry.refusal).map((entry) => entry.item));
	if (emptied.size === 0) return emptied;
	const refers = (id: Y.ID | null | undefined) => {
		const found = id && resolver.find(id);
		return !!found && !found.integrated && emptied.has(found.struct);
	};
	for (let changed = true; changed; ) {
		changed = false;
		for (const entry of inserts) {
			if (entry.refusal) continue;
			const parent = entry.item.parent instanceof Y.ID ? entry.item.parent : null;
			if (refers(entry.item.origin) || refers(entry.item.rightOrigin) || refers(parent)) {
				entry.refusal = { code: 'unknown-parent', detail: entry.write?.path.join('/') ?? '' };
				emptied.add(entry.item);
				changed = true;
			}
		}
	}
	return emptied;
}

function keptDeletes(deletions: readonly Deletion[]): Map<number, DeleteRange[]> {
	const kept = new Map<number, DeleteRange[]>();
	for (const entry of deletions) {
		if (entry.refusal || entry.range.len <= 0) continue;
		kept.set(entry.client, [...(kept.get(entry.client) ?? []), entry.range]);
	}
	for (const ranges of kept.values()) ranges.sort((a, b) => a.clock - b.clock);
	return kept;
}

function scopeInsertsOf(inserts: readonly Insert[]): Map<string, string[]> {
	const additions = new Map<string, string[]>();
	for (const { write } of inserts) {
		if (!write || write.op !== 'insert' || write.content.kind !== 'values') continue;
		const [root, taskId, field, segment] = write.path;
		if (root !== 'tasks' || field !== 'scope' || segment !== elementSegment) continue;
		const list = additions.get(taskId) ?? [];
		for (const value of write.content.values) if (typeof value === 'string') list.push(value);
		additions.set(taskId, list);
	}
	return additions;
}
