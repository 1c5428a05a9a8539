import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { checkLiveWrite, elementSegment, type LiveRuleContext, type LiveWrite } from '../../src/lib/domain/live-rules';
import { standingIn } from '../../src/lib/domain/permissions';
import type { Refusal } from '../../src/lib/domain/sync-protocol';
import { encodeUpdate, type DeleteRange } from './update-encoding';
import { contentOf, indexAtOrAfter, PathResolver, UnresolvedError, type ArchivedLookup } from './update-paths';

export type Writer = { userId: string; readOnly: boolean };

export type CheckContext = Omit<LiveRuleContext, 'taskScope' | 'memo' | 'standing'> & {
	writer: Writer;
	/** The user a client id is bound to by its writes, if any. */
	ownerOf(clientId: number): string | undefined;
	/** The user showing presence with a client id, if any: presence reveals ids before their first write. */
	presenceOf(clientId: number): string | undefined;
	/** The scope of a task as the document holds it now. */
	documentScope(taskId: string): readonly string[];
	/** How many client ids this update may bind to the writer (per update, and what is left of the connection's allowance). */
	newClientsAllowed: number;
	/** Where the structs of archived tasks sat; null while not loaded. */
	archived: ArchivedLookup | null;
};

export type UpdateVerdict =
	/**
	 * What may be applied: the update itself, or, when some of it was refused, a copy in which
	 * refused items are empty (GC) and refused deletions are gone. `refusals` says what was left out.
	 */
	| {
			ok: true;
			update: Uint8Array;
			writes: LiveWrite[];
			newClients: number[];
			refusals: Refusal[];
			clocks: Map<number, number>;
			/** Some item referred to a forgotten struct the archived paths do not know (they may predate an archive). */
			missedArchived: boolean;
	  }
	/** Nothing of it may be applied (a read-only writer, structs under another user's client id, too many client ids). */
	| { ok: false; refusal: Refusal }
	/** The writer's own earlier changes have not arrived yet (sent before its sync step 2); it sends them all again then. */
	| { ok: false; deferred: true }
	/** Some item refers to a struct of an archived task: check again once the archived paths are loaded. */
	| { ok: false; needsArchived: true };

type Struct = Y.Item | Y.GC | Y.Skip;
type Replaced = { write: LiveWrite; item: Y.Item };
/** An inserted item; `replaces` is the value it deletes by taking an occupied map key. */
type Insert = { item: Y.Item; write: LiveWrite | null; replaces: Replaced | null; refusal: Refusal | null };
/** `target`: the deleted item when the document holds it. */
type Deletion = { client: number; range: DeleteRange; write: LiveWrite | null; refusal: Refusal | null; target: Y.Item | null };

class Deferred extends Error {}
class Refused extends Error {
	constructor(readonly refusal: Refusal) {
		super(`${refusal.code} ${refusal.detail}`);
	}
}

/** Bytes that are not an update as Yjs would apply it; the connection closes with 4400. */
export class MalformedUpdate extends Error {}

/**
 * Decides what of an incoming update may be applied, before it touches the document: every
 * inserted and deleted item is placed by its path and checked against the write rules; a
 * refused item stays out together with everything built on it. Every step is linear (or
 * n log n) in the size of the update, whatever order its items refer to each other in.
 * Throws MalformedUpdate when the bytes are not an update Yjs would apply as they were checked.
 */
export function checkUpdate(doc: Y.Doc, update: Uint8Array, ctx: CheckContext): UpdateVerdict {
	const { structs, ds } = decode(update);
	try {
		if (ctx.writer.readOnly) {
			const change = firstChange(doc, structs, ds);
			if (change) throw new Refused({ code: 'read-only', detail: change });
			return { ok: true, update, writes: [], newClients: [], refusals: [], clocks: new Map(), missedArchived: false };
		}
		const { newClients, clocks } = checkClients(doc, structs, ctx);
		const resolver = new PathResolver(doc, structs, ctx.archived);
		const inserts = collectInserts(doc, structs, resolver);
		const deletions = collectDeletes(doc, ds, resolver, ctx, newClients);
		if (resolver.needsArchived) return { ok: false, needsArchived: true };
		judge(inserts, deletions, ctx);
		const emptied = refuseDependents(inserts, resolver);
		const refused = [...inserts, ...deletions].filter((entry) => entry.refusal);
		const writes = [...inserts, ...deletions].flatMap((entry) => (entry.write && !entry.refusal ? [entry.write] : []));
		const applicable = refused.length === 0 ? update : encodeUpdate(structs, emptied, keptDeletes(deletions));
		const refusals = refused.map((entry) => entry.refusal as Refusal);
		return { ok: true, update: applicable, writes, newClients: [...newClients], refusals, clocks, missedArchived: resolver.missedArchived };
	} catch (error) {
		if (error instanceof Refused) return { ok: false, refusal: error.refusal };
		if (error instanceof Deferred) return { ok: false, deferred: true };
		throw error;
	}
}

type DecodedDeletes = ReturnType<typeof Y.decodeUpdate>['ds'];

/**
 * Decodes an update and makes sure Yjs would apply what we check: Yjs keeps only the last
 * section of a client listed twice, while decoding yields both, so a path checked in one
 * section could land elsewhere. Each client must come in exactly one section, its structs
 * in one run of contiguous clocks.
 */
function decode(update: Uint8Array): { structs: Struct[]; ds: DecodedDeletes } {
	let decoded: ReturnType<typeof Y.decodeUpdate>;
	let sections: number;
	try {
		decoded = Y.decodeUpdate(update);
		sections = decoding.readVarUint(decoding.createDecoder(update));
	} catch {
		throw new MalformedUpdate('not an update');
	}
	const structs = decoded.structs as Struct[];
	const seen = new Set<number>();
	let runs = 0;
	for (let index = 0; index < structs.length; index++) {
		const struct = structs[index];
		const previous = structs[index - 1];
		if (previous && previous.id.client === struct.id.client) {
			if (struct.id.clock !== previous.id.clock + previous.length) throw new MalformedUpdate('clocks out of order');
			continue;
		}
		if (seen.has(struct.id.client)) throw new MalformedUpdate('a client listed twice');
		seen.add(struct.id.client);
		runs++;
	}
	if (runs !== sections) throw new MalformedUpdate('empty or repeated client sections');
	return { structs, ds: decoded.ds };
}

/** The first thing the update holds that the document has not got (`client:clock` or `delete`), or null. */
function firstChange(doc: Y.Doc, structs: readonly Struct[], ds: DecodedDeletes): string | null {
	const state = (struct: Struct) => Y.getState(doc.store, struct.id.client);
	const struct = structs.find((candidate) => candidate.id.clock + candidate.length > state(candidate));
	if (struct) return `${struct.id.client}:${Math.max(struct.id.clock, state(struct))}`;
	return firstDeletion(doc, ds);
}

/**
 * The first deletion of something the document still holds, or of clocks it has not seen. Every
 * sync step 2 carries the sender's whole delete set, so deletions the document already has are
 * no change: a read-only client's harmless sync must not be refused for them.
 */
function firstDeletion(doc: Y.Doc, ds: DecodedDeletes): string | null {
	for (const [client, ranges] of ds.clients) {
		const state = Y.getState(doc.store, client);
		const structs = doc.store.clients.get(client) as Struct[] | undefined;
		for (const { clock, len } of ranges) {
			const end = clock + len;
			if (end > state) return `delete ${client}:${Math.max(clock, state)}`;
			if (!structs) continue;
			for (let index = Y.findIndexSS(structs as never, clock); index < structs.length; index++) {
				const struct = structs[index];
				if (struct.id.clock >= end) break;
				if (struct instanceof Y.Item && !struct.deleted) return `delete ${client}:${Math.max(clock, struct.id.clock)}`;
			}
		}
	}
	return null;
}

/**
 * Client ids: each belongs to one user, and a writer may bind only a few new ones. Notes, per
 * client id, the clock the update brings it to (what storing it confirms). Whole-update refusals
 * and deferrals are decided here, before any path is resolved.
 */
function checkClients(doc: Y.Doc, structs: readonly Struct[], ctx: CheckContext): { newClients: Set<number>; clocks: Map<number, number> } {
	const newClients = new Set<number>();
	const clocks = new Map<number, number>();
	let client = -1;
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
			if (owner === undefined) {
				const present = ctx.presenceOf(client);
				if (present !== undefined && present !== ctx.writer.userId) throw new Refused({ code: 'client-id', detail: String(client) });
				newClients.add(client);
				// Each new id becomes a binding row; thousands of them are an attack on storage, not a phone.
				if (newClients.size > ctx.newClientsAllowed) throw new Refused({ code: 'client-id', detail: 'too many new client ids' });
			}
		}
		if (struct instanceof Y.Skip) throw new Deferred();
		clocks.set(client, clock + struct.length);
	}
	return { newClients, clocks };
}

function collectInserts(doc: Y.Doc, structs: readonly Struct[], resolver: PathResolver): Insert[] {
	const inserts: Insert[] = [];
	for (const struct of structs) {
		if (!(struct instanceof Y.Item) || struct.id.clock + struct.length <= Y.getState(doc.store, struct.id.client)) continue;
		inserts.push(describeInsert(struct, resolver));
	}
	return inserts;
}

function describeInsert(item: Y.Item, resolver: PathResolver): Insert {
	const content = contentOf(item);
	if (!content) return { item, write: null, replaces: null, refusal: { code: 'unsupported-content', detail: item.content.constructor.name } };
	try {
		const slot = resolver.slot(item, false);
		return { item, write: { op: 'insert', path: slot.path, content }, replaces: replacedValue(slot), refusal: null };
	} catch (error) {
		if (!(error instanceof UnresolvedError)) throw error;
		return { item, write: null, replaces: null, refusal: { code: 'unknown-parent', detail: `${item.id.client}:${item.id.clock}` } };
	}
}

/**
 * Setting a map key that holds a value deletes that value as Yjs integrates the new one (and a
 * nested map with everything in it): such an insert is also a deletion of the current value,
 * judged by the deletion rules.
 */
function replacedValue(slot: ReturnType<PathResolver['slot']>): Replaced | null {
	if (slot.key === null || slot.parent === null) return null;
	const current = slot.parent._map.get(slot.key);
	if (!current || current.deleted) return null;
	const values = current.content instanceof Y.ContentAny ? current.content.getContent() : null;
	return { write: { op: 'delete', path: slot.path, values }, item: current };
}

function collectDeletes(doc: Y.Doc, ds: DecodedDeletes, resolver: PathResolver, ctx: CheckContext, newClients: Set<number>): Deletion[] {
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
	const structs = resolver.updateStructsOf(client);
	let covered = from;
	// Binary search to the first struct in range: a delete set of many small ranges must not rescan the update per range.
	for (let index = indexAtOrAfter(structs, from); index < structs.length; index++) {
		const struct = structs[index];
		if (struct.id.clock >= end || struct.id.clock > covered) break;
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
	const target = integrated ? item : null;
	try {
		const slot = resolver.slot(item, integrated);
		// Deleting an item of this update inside an archived task (the phone applied the archive before
		// sending its own offline changes): Yjs stores the item as a tombstone anyway; nothing to judge.
		if (slot.archived) return { client, range, write: null, refusal: null, target };
		return { client, range, write: { op: 'delete', path: slot.path, values }, refusal: null, target };
	} catch (error) {
		if (!(error instanceof UnresolvedError)) throw error;
		return { client, range, write: null, refusal: { code: 'unknown-parent', detail: `delete ${client}:${clock}` }, target };
	}
}

function judge(inserts: Insert[], deletions: Deletion[], ctx: CheckContext): void {
	const scopeAdditions = scopeInsertsOf(inserts);
	const scopes = new Map<string, readonly string[]>();
	const ruleContext: LiveRuleContext = {
		...ctx,
		standing: standingIn(ctx.principal, ctx.communityId),
		memo: new Map(),
		taskScope(taskId) {
			let scope = scopes.get(taskId);
			if (!scope) scopes.set(taskId, (scope = [...ctx.documentScope(taskId), ...(scopeAdditions.get(taskId) ?? [])]));
			return scope;
		}
	};
	for (const entry of inserts) {
		if (!entry.write || entry.refusal) continue;
		entry.refusal = checkLiveWrite(entry.write, ruleContext) ?? (entry.replaces && checkLiveWrite(entry.replaces.write, ruleContext));
	}
	for (const entry of deletions) {
		if (entry.write && !entry.refusal) entry.refusal = checkLiveWrite(entry.write, ruleContext);
	}
	refuseInsideRefusedDeletions(inserts, deletions);
}

/**
 * Setting a key lists the old value's deletion in the update too, and deleting a map lists
 * everything in it. Were the set refused while the old value's deletion passed, or a map's
 * deletion refused while its contents' passed (a liaison may clear a mark), the change would
 * half happen: deletions of, or inside, a value whose deletion was refused are refused with it.
 */
function refuseInsideRefusedDeletions(inserts: readonly Insert[], deletions: readonly Deletion[]): void {
	const kept = new Map<Y.Item, Refusal>();
	for (const entry of deletions) if (entry.refusal && entry.target) kept.set(entry.target, entry.refusal);
	for (const entry of inserts) if (entry.refusal && entry.replaces) kept.set(entry.replaces.item, entry.refusal);
	if (kept.size === 0) return;
	for (const entry of deletions) {
		if (entry.refusal || !entry.target) continue;
		for (let item: Y.Item | null = entry.target; item && !entry.refusal; item = (item.parent as Y.AbstractType<unknown> | null)?._item ?? null) {
			entry.refusal = kept.get(item) ?? null;
		}
	}
}

/**
 * Items that hang on a refused item (as parent or neighbour) cannot stand either: they are
 * refused too. One pass over an index of who depends on whom, so a chain of any length and
 * in any order costs time linear in the update.
 */
function refuseDependents(inserts: Insert[], resolver: PathResolver): Set<Struct> {
	const emptied = new Set<Struct>();
	const waiting: Y.Item[] = [];
	for (const entry of inserts) {
		if (entry.refusal) {
			emptied.add(entry.item);
			waiting.push(entry.item);
		}
	}
	if (waiting.length === 0) return emptied;
	const dependents = new Map<Struct, Insert[]>();
	for (const entry of inserts) {
		if (entry.refusal) continue;
		const { origin, rightOrigin, parent } = entry.item;
		for (const id of [origin, rightOrigin, parent instanceof Y.ID ? parent : null]) {
			const found = id && resolver.find(id);
			if (!found || found.integrated) continue;
			const list = dependents.get(found.struct);
			if (list) list.push(entry);
			else dependents.set(found.struct, [entry]);
		}
	}
	for (let next = waiting.pop(); next; next = waiting.pop()) {
		for (const entry of dependents.get(next) ?? []) {
			if (entry.refusal) continue;
			entry.refusal = { code: 'unknown-parent', detail: entry.write?.path.join('/') ?? '' };
			emptied.add(entry.item);
			waiting.push(entry.item);
		}
	}
	return emptied;
}

function keptDeletes(deletions: readonly Deletion[]): Map<number, DeleteRange[]> {
	const kept = new Map<number, DeleteRange[]>();
	for (const entry of deletions) {
		if (entry.refusal || entry.range.len <= 0) continue;
		const ranges = kept.get(entry.client);
		if (ranges) ranges.push(entry.range);
		else kept.set(entry.client, [entry.range]);
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
