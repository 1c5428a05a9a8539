import type { Refusal } from '$lib/domain/sync-protocol';

export type SyncState = 'online' | 'syncing' | 'offline';

/** What the live document knows about its connection, as plain values. */
export type ConnectionFacts = {
	/** The WebSocket is open. */
	connected: boolean;
	/** The server's side of the initial sync has arrived on this connection. */
	synced: boolean;
	/** Own changes the server has not stored yet. */
	pending: number;
	/** The browser reports a network, and no connection attempt failed since the last success. */
	reachable: boolean;
};

/**
 * online: connected, synced, nothing pending. syncing: connected but still catching up, or
 * still on the first attempt. offline: not connected (no network, or the server did not answer).
 */
export function syncStateOf(facts: ConnectionFacts): SyncState {
	if (facts.connected) return facts.synced && facts.pending === 0 ? 'online' : 'syncing';
	return facts.reachable ? 'syncing' : 'offline';
}

/**
 * A refusal as the status shows it: numbered, so a notice can be dismissed one at a time;
 * `count` is how many refusals it stands for.
 */
export type RefusalNotice = Refusal & { id: number; at: number; count: number };

/** The server ended the connection for good (a close code in 4400–4499). */
export type TerminalClose = { code: number; reason: string };

/**
 * What one notice stands for: a code, and for refused progress the task and building, so a
 * liaison learns about every building that lost marks, while an offline batch of dozens of
 * refused doors in one building is one sentence.
 */
export function noticeKey(refusal: Refusal): string {
	const progress = /^(tasks\/[^/]+\/progress\/[^/]+)(\/|$)/.exec(refusal.detail);
	return progress ? `${refusal.code} ${progress[1]}` : refusal.code;
}

/** Newest first, at most `limit`; a refusal with the key of a shown one replaces it and adds to its count. */
export function addRefusal(list: readonly RefusalNotice[], notice: RefusalNotice, limit = 4): RefusalNotice[] {
	const key = noticeKey(notice);
	const same = list.find((old) => noticeKey(old) === key);
	const others = list.filter((old) => old !== same);
	return [{ ...notice, count: notice.count + (same?.count ?? 0) }, ...others].slice(0, limit);
}
