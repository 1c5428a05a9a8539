import * as Y from 'yjs';
import type { ConfirmationLedger } from './confirmation-ledger';

type Stored = (item: Y.Item) => boolean;

/** Whether anything under `type` (deleted or not) is a change the server has not stored yet. */
function holdsUnstored(type: Y.AbstractType<unknown>, stored: Stored): boolean {
	const items: Y.Item[] = [];
	for (const last of type._map.values()) for (let item: Y.Item | null = last; item; item = item.left) items.push(item);
	for (let item = type._start; item; item = item.right) items.push(item);
	return items.some((item) => !stored(item) || (item.content instanceof Y.ContentType && holdsUnstored(item.content.type, stored)));
}

/**
 * Yjs's `gcFilter` for a replica: a deleted item's content may be forgotten only once the server
 * has stored it, and a deleted map or array only once everything in it is stored (Yjs forgets a
 * type's insides with it, unasked). A liaison's marks made offline into a task archived meanwhile
 * are deleted with the task the moment the phone reconnects, before its own changes go out; kept
 * whole, they still reach the server, which places them through the task's archived paths.
 * What was kept is forgotten at the next load of the local copy.
 */
export function keepUntilStored(ledger: Pick<ConfirmationLedger, 'isStored'>): (item: Y.Item) => boolean {
	const stored: Stored = (item) => ledger.isStored(item.id.client, item.id.clock + item.length - 1);
	return (item) => stored(item) && !(item.content instanceof Y.ContentType && holdsUnstored(item.content.type, stored));
}
