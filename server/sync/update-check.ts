import * as Y from 'yjs';
import { checkLiveWrite, elementSegment, type LiveRuleContext, type LiveWrite } from '../../src/lib/domain/live-rules';
import type { Refusal } from '../../src/lib/domain/sync-protocol';
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
	| { ok: true; writes: LiveWrite[]; newClients: number[] }
	| { ok: false; refusal: Refusal }
	/** The writer's own earlier changes have not arrived yet (sent before its sync step 2); it sends them all again then. */
	| { ok: false; deferred: true };

type Struct = Y.Item | Y.GC | Y.Skip;

class Deferred extends Error {}

class Refused extends Error {
	constructor(readonly refusal: Refusal) {
		super(`${refusal.code} ${refusal.detail}`);
	}
}

const refuse = (code: Refusal['code'], detail: string): never => {
	throw new Refused({ code, detail });
};

/**
 * Decides whether an incoming update may be applied, before it touches the document.
 * Throws (not a Refused) only when the bytes are not an update at all.
 */
export function checkUpdate(doc: Y.Doc, update: Uint8Array, ctx: CheckContext): UpdateVerdict {
	const { structs, ds } = Y.decodeUpdate(update);
	const resolver = new PathResolver(doc, structs as Struct[]);
	try {
		const newClients = new Set<number>();
		const writes: LiveWrite[] = [];
		collectInserts(doc, structs as Struct[], resolver, ctx, newClients, writes);
		collectDeletes(doc, ds, resolver, ctx, newClients, writes);
		if (ctx.writer.readOnly && (writes.length > 0 || newClients.size > 0)) refuse('read-only', writes[0]?.path.join('/') ?? '');
		const scopeAdditions = scopeInsertsOf(writes);
		const ruleContext: LiveRuleContext = {
			...ctx,
			taskScope: (taskId) => [...ctx.documentScope(taskId), ...(scopeAdditions.get(taskId) ?? [])]
		};
		for (const write of writes) {
			const refusal = checkLiveWrite(write, ruleContext);
			if (refusal) return { ok: false, refusal };
		}
		return { ok: true, writes, newClients: [...newClients] };
	} catch (error) {
		if (error instanceof Refused) return { ok: false, refusal: error.refusal };
		if (error instanceof Deferred) return { ok: false, deferred: true };
		if (error instanceof UnresolvedError) return { ok: false, refusal: { code: 'unknown-parent', detail: error.message } };
		throw error;
	}
}

function collectInserts(
	doc: Y.Doc,
	structs: readonly Struct[],
	resolver: PathResolver,
	ctx: CheckContext,
	newClients: Set<number>,
	writes: LiveWrite[]
): void {
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
			if (owner !== undefined && owner !== ctx.writer.userId) refuse('client-id', String(client));
			// A gap would leave the update pending inside Yjs, applied later without a check.
			if (clock > state) throw new Deferred();
			if (owner === undefined) newClients.add(client);
		} else if (clock !== expected) {
			refuse('unknown-parent', `client ${client} clock ${clock}`);
		}
		expected = clock + struct.length;
		if (struct instanceof Y.Skip) refuse('unknown-parent', `client ${client} clock ${clock}`);
		if (struct instanceof Y.GC) continue;
		const item = struct as Y.Item;
		const content = contentOf(item);
		if (!content) refuse('unsupported-content', item.content.constructor.name);
		writes.push({ op: 'insert', path: resolver.slotPath(item, false), content: content! });
	}
}

function collectDeletes(
	doc: Y.Doc,
	ds: ReturnType<typeof Y.decodeUpdate>["ds"],
	resolver: PathResolver,
	ctx: CheckContext,
	newClients: Set<number>,
	writes: LiveWrite[]
): void {
	for (const [client, ranges] of ds.clients) {
		const state = Y.getState(doc.store, client);
		const structs = doc.store.clients.get(client) as Struct[] | undefined;
		for (const { clock, len } of ranges) {
			const end = clock + len;
			if (structs && clock < state) {
				for (let index = Y.findIndexSS(structs as never, clock); index < structs.length; index++) {
					const struct = structs[index];
					if (struct.id.clock >= end) break;
					if (struct instanceof Y.Item && !struct.deleted) writes.push(deletion(resolver, struct, true));
				}
			}
			if (end > state) deletePending(resolver, ctx, client, Math.max(clock, state), end, newClients, writes);
		}
	}
}

/** Deletions beyond what the document holds must hit items of this very update. */
function deletePending(
	resolver: PathResolver,
	ctx: CheckContext,
	client: number,
	from: number,
	end: number,
	newClients: Set<number>,
	writes: LiveWrite[]
): void {
	let covered = from;
	for (const struct of resolver.updateStructsOf(client)) {
		if (struct.id.clock + struct.length <= from || struct.id.clock >= end) continue;
		if (struct.id.clock > covered) break;
		if (struct instanceof Y.Item) writes.push(deletion(resolver, struct, false));
		covered = struct.id.clock + struct.length;
	}
	if (covered >= end) return;
	// Deleting clocks nobody has written yet would silently delete a future item when it arrives.
	const own = newClients.has(client) || ctx.ownerOf(client) === ctx.writer.userId;
	if (!own) refuse('unknown-parent', `delete client ${client} clock ${covered}`);
}

function deletion(resolver: PathResolver, item: Y.Item, integrated: boolean): LiveWrite {
	const values = item.content instanceof Y.ContentAny ? item.content.getContent() : null;
	return { op: 'delete', path: resolver.slotPath(item, integrated), values };
}

function scopeInsertsOf(writes: readonly LiveWrite[]): Map<string, string[]> {
	const additions = new Map<string, string[]>();
	for (const write of writes) {
		const [root, taskId, field, segment] = write.path;
		if (root !== 'tasks' || field !== 'scope' || segment !== elementSegment) continue;
		if (write.op !== 'insert' || write.content.kind !== 'values') continue;
		const list = additions.get(taskId) ?? [];
		for (const value of write.content.values) if (typeof value === 'string') list.push(value);
		additions.set(taskId, list);
	}
	return additions;
}
