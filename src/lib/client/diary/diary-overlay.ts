/**
 * A day as the liaison sees it on the phone: the server's day (as last fetched, or as the
 * offline copy has it) with the changes still on the phone laid over it. An entry written with
 * no signal shows at once, marked 待发送; a deleted one goes at once; a day marked done with no
 * signal reads done.
 */
import type { SendState } from '$lib/client/outbox/outbox-record';
import type { Refusal } from '$lib/client/outbox/send-answer';
import type { DiaryDay, DiaryEntry } from '$lib/domain/diary-view';
import type { DiaryChange, EntryChange } from './diary-change';

/** An entry as shown: `sync` is null when it comes from the server alone. */
export type ShownEntry = DiaryEntry & { sync: SendState | null; refusal: Refusal | null; changeKey: string | null };

export type ShownDay = {
	entries: ShownEntry[];
	done: boolean;
	/** The done mark waits on the phone. */
	donePending: boolean;
	/** The server refused the done mark (or a deletion): its words. */
	refusals: { key: string; refusal: Refusal }[];
};

const shown = (entry: DiaryEntry, change: EntryChange | undefined): ShownEntry =>
	change?.fields
		? { ...entry, ...change.fields, sync: change.state, refusal: change.refusal, changeKey: change.key }
		: { ...entry, sync: null, refusal: null, changeKey: null };

export function overlayDay(day: Pick<DiaryDay, 'communityId' | 'date' | 'done' | 'entries'>, changes: readonly DiaryChange[]): ShownDay {
	const mine = changes.filter((change) => change.communityId === day.communityId && change.date === day.date);
	const entryChanges = new Map(mine.filter((change): change is EntryChange => change.kind === 'entry').map((change) => [change.entryId, change]));
	const refusals: ShownDay['refusals'] = [];
	const entries: ShownEntry[] = [];
	for (const entry of day.entries) {
		const change = entryChanges.get(entry.id);
		entryChanges.delete(entry.id);
		if (change?.fields === null) {
			// Deleted on the phone: gone, unless the server refused the deletion.
			if (change.state !== 'refused') continue;
			refusals.push({ key: change.key, refusal: change.refusal! });
		}
		entries.push(shown(entry, change));
	}
	const added = [...entryChanges.values()].filter((change) => change.fields !== null).sort((a, b) => a.createdAt - b.createdAt);
	for (const change of added) {
		entries.push(shown({ id: change.entryId, problem: '', action: '', result: '', matterId: null, createdAt: change.createdAt, updatedAt: change.createdAt }, change));
	}
	for (const change of entryChanges.values()) if (change.fields === null && change.state === 'refused') refusals.push({ key: change.key, refusal: change.refusal! });
	const done = mine.find((change) => change.kind === 'done');
	if (done?.state === 'refused') refusals.push({ key: done.key, refusal: done.refusal! });
	return {
		entries,
		done: day.done || (!!done && done.state !== 'refused'),
		donePending: !day.done && done?.state === 'waiting',
		refusals
	};
}
