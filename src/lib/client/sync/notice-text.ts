import * as m from '$lib/paraglide/messages';
import { closeCodes, type RefusalCode } from '$lib/domain/sync-protocol';
import type { SyncState } from './sync-state';

const refusalTexts: Record<RefusalCode, (() => string) | null> = {
	forbidden: m.sync_refusal_forbidden,
	'read-only': m.sync_refusal_read_only,
	'client-id': m.sync_refusal_client_id,
	'by-mismatch': m.sync_refusal_by_mismatch,
	'unknown-parent': m.sync_refusal_unknown_parent,
	'unsupported-content': m.sync_refusal_unsupported_content,
	'too-large': m.sync_refusal_too_large,
	'rate-limited': m.sync_refusal_rate_limited,
	// Presence (awareness) is not the user's work; a refused one loses nothing worth telling.
	awareness: null
};

/** The sentence a refusal shows to the user, or null when it is not worth a notice. */
export function refusalText(code: RefusalCode): string | null {
	return refusalTexts[code]?.() ?? null;
}

/** The sentence for a connection the server ended for good. */
export function closedText(code: number): string {
	if (code === closeCodes.unauthenticated) return m.sync_closed_unauthenticated();
	if (code === closeCodes.forbidden) return m.sync_closed_forbidden();
	if (code === closeCodes.tooLarge) return m.sync_closed_too_large();
	return m.sync_closed_other({ code: String(code) });
}

export function stateText(state: SyncState): string {
	if (state === 'online') return m.sync_online();
	return state === 'syncing' ? m.sync_syncing() : m.sync_offline();
}
