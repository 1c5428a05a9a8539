/**
 * What the 网格通 sync server says beyond the stock y-websocket protocol. Shared by the
 * server (`server/sync/`) and the browser glue (`src/lib/client/sync/`).
 *
 * Stock message types (y-websocket 3): 0 sync, 1 awareness, 2 auth, 3 query-awareness.
 */
export const messageSync = 0;
export const messageAwareness = 1;
export const messageAuth = 2;
export const messageQueryAwareness = 3;
/**
 * Ours: `varUint8Array(encoded state vector)` of clocks the server has stored durably. Sent
 * after each group commit to the connections whose changes it stored (their client ids only),
 * and once after the initial sync with every client id. A change is confirmed once its clock
 * is below the stored clock of its client id.
 */
export const messageStored = 7;

/** Close codes; 4400–4499 make the stock client stop reconnecting. */
export const closeCodes = {
	malformed: 4400,
	unauthenticated: 4401,
	forbidden: 4403,
	unknownDocument: 4404,
	tooLarge: 4413,
	/** Server side trouble (document failed to load); the client retries later. */
	unavailable: 4503,
	shuttingDown: 4502
} as const;

/**
 * Reasons carried in a permission-denied auth message: `<code> <detail>`, e.g.
 * `forbidden tasks/t1/progress/b9`. The detail is a path or a number, never personal data.
 */
export const refusalCodes = [
	'forbidden',
	'read-only',
	'client-id',
	'by-mismatch',
	'unknown-parent',
	'unsupported-content',
	'too-large',
	'rate-limited',
	'awareness'
] as const;
export type RefusalCode = (typeof refusalCodes)[number];

export type Refusal = { code: RefusalCode; detail: string };

export function formatRefusal(refusal: Refusal): string {
	return `${refusal.code} ${refusal.detail}`;
}

export function parseRefusal(reason: string): Refusal {
	const space = reason.indexOf(' ');
	const code = (space < 0 ? reason : reason.slice(0, space)) as RefusalCode;
	const detail = space < 0 ? '' : reason.slice(space + 1);
	return refusalCodes.includes(code) ? { code, detail } : { code: 'forbidden', detail: reason };
}

export const communityDocPrefix = 'community:';

export function communityDocName(communityId: string): string {
	return communityDocPrefix + communityId;
}

/** The community id of a document name, or null when the name is not a community document. */
export function communityIdOfDoc(docName: string): string | null {
	if (!docName.startsWith(communityDocPrefix)) return null;
	const id = docName.slice(communityDocPrefix.length);
	return /^[A-Za-z0-9_-]{1,64}$/.test(id) ? id : null;
}
