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

/** A refusal as the status shows it: numbered, so a notice can be dismissed one at a time. */
export type RefusalNotice = Refusal & { id: number; at: number };

/** The server ended the connection for good (a close code in 4400–4499). */
export type TerminalClose = { code: number; reason: string };

/**
 * Newest first, at most `limit`. The user reads one sentence per code, so a refusal with a
 * code already shown replaces the older one (an offline batch may bring dozens at once).
 */
export function addRefusal(list: readonly RefusalNotice[], notice: RefusalNotice, limit = 3): RefusalNotice[] {
	const others = list.filter((old) => old.code !== notice.code);
	return [notice, ...others].slice(0, limit);
}
