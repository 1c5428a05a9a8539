import { and, eq } from 'drizzle-orm';
import { limitsOf } from '../../domain/matter-categories';
import { isOpenMatter } from '../../domain/matter-duplicates';
import { matterLimits, type MatterView } from '../../domain/matter-view';
import { decideMatterAction, type MatterStatus } from '../../domain/matters';
import * as m from '../../paraglide/messages';
import { db, type Tx } from '../db';
import { matterEvents, matters } from '../db/schema';
import { HttpRefusal, refusal } from '../refusal';
import { matterState, type MatterActor, type MatterRow } from './matter-access';
import { requireOpenMeeting } from './consultations';
import { communityCategories } from './matter-categories';
import { matterChange, type MatterChange, type MatterChangeInput } from './matter-change';
import { destinationFor } from './matter-destination';
import { actionSchema, parseOrRefuse, type ActionInput } from './matter-input';
import { claimPhotos } from './matter-photos';
import { matterView } from './matter-records';
import { announceMattersChange } from './matter-signal';
import { recordMatterNotice } from '../notify/matter-notice-record';

type Outcome = MatterChange & { note: string; photoIds?: string[] };

/** What the action needs resolved (a destination, a merge target) and checked, then its change (`matter-change.ts`). */
async function outcomeOf(actor: MatterActor, row: MatterRow, input: ActionInput, now: Date): Promise<Outcome> {
	const [resolved, note] = await changeInputOf(actor, row, input, now);
	return { ...matterChange(row, resolved, now), note, photoIds: input.action === 'resolve' ? input.photoIds : undefined };
}

async function changeInputOf(actor: MatterActor, row: MatterRow, input: ActionInput, now: Date): Promise<[MatterChangeInput, string]> {
	switch (input.action) {
		case 'route': {
			const destination = await destinationFor(actor, row, input.destination);
			const limits = limitsOf(row.categoryId, await communityCategories(actor.community.id, { withRetired: true }));
			return [{ action: 'route', destination, limits, meetingId: input.meetingId }, input.note ?? ''];
		}
		case 'merge': {
			const [target] = await db().select().from(matters).where(eq(matters.id, input.into));
			if (!target || target.id === row.id || target.communityId !== row.communityId || !isOpenMatter(target.status)) {
				throw refusal(400, 'error_matter_merge_target');
			}
			return [{ action: 'merge', into: target.id, meetingId: input.meetingId }, input.note ?? ''];
		}
		case 'reject':
			return [{ action: 'reject', meetingId: input.meetingId }, input.reason];
		case 'return':
			return [{ action: 'return', reasonKind: input.reasonKind }, input.reason];
		case 'extend': {
			const latest = now.getTime() + matterLimits.extensionDays * 86_400_000;
			if (input.until <= (row.dueAt?.getTime() ?? now.getTime()) || input.until > latest) {
				throw refusal(400, 'error_matter_extension_until', { days: matterLimits.extensionDays });
			}
			return [{ action: 'extend', until: input.until }, input.reason];
		}
		case 'decide-extension':
			return [{ action: 'decide-extension', approve: input.approve }, input.note ?? ''];
		case 'verify':
			return [{ action: 'verify', pass: input.pass }, input.note ?? ''];
		case 'resolve':
			return [{ action: 'resolve' }, input.note];
		case 'confirm':
		case 'accept':
		case 'remind':
			return [{ action: input.action }, input.note ?? ''];
	}
}

/**
 * One action on a matter, per the contract: 404 for a matter the user may not see, 400 for a
 * malformed body, 403 for a role that may not act, 409 with the current status for an action
 * that cannot start from it (also when someone else changed the matter meanwhile).
 */
export async function actOnMatter(target: { row: MatterRow; actor: MatterActor }, body: unknown, now = new Date()): Promise<MatterView> {
	const { row, actor } = target;
	const input = parseOrRefuse(actionSchema, body, 'error_matter_input');
	const decision = decideMatterAction(actor.standing, matterState(row), input.action, input.action === 'verify' ? { pass: input.pass } : {});
	if (!decision.ok && decision.refusal === 'forbidden') throw refusal(403, 'error_matter_forbidden');
	if (!decision.ok) throw conflict(decision.status);
	if ('meetingId' in input && input.meetingId) await requireOpenMeeting(row.communityId, input.meetingId);

	const outcome = await outcomeOf(actor, row, input, now);
	const updated = await db().transaction(async (tx) => {
		const [changed] = await tx
			.update(matters)
			.set({ ...outcome.change, status: decision.to, updatedAt: now })
			.where(and(eq(matters.id, row.id), eq(matters.updatedAt, row.updatedAt)))
			.returning({ id: matters.id });
		if (!changed) return false;
		if (outcome.photoIds?.length) {
			await claimPhotos(tx, { photoIds: outcome.photoIds, userId: actor.standing.userId, communityId: row.communityId, matterId: row.id });
		}
		const [event] = await tx
			.insert(matterEvents)
			.values({
				matterId: row.id,
				at: now,
				by: actor.standing.userId,
				action: input.action,
				from: row.status,
				to: decision.to,
				note: outcome.note,
				detail: outcome.detail,
				photoIds: [...new Set(outcome.photoIds ?? [])]
			})
			.returning({ id: matterEvents.id });
		// Notifications (issue 15): recorded with the change, so a notice exists exactly when it was committed.
		await recordMatterNotice(tx, input.action, row, event.id);
		if (input.action === 'merge') {
			await tx.insert(matterEvents).values({ matterId: input.into, at: now, by: actor.standing.userId, action: 'merged-in', from: null, to: await statusOf(tx, input.into), note: '', detail: { from: row.id } });
		}
		return true;
	});
	if (!updated) {
		const [fresh] = await db().select({ status: matters.status }).from(matters).where(eq(matters.id, row.id));
		throw conflict(fresh?.status ?? row.status);
	}
	await announceMattersChange(row.communityId);
	const [fresh] = await db().select().from(matters).where(eq(matters.id, row.id));
	return matterView(fresh, actor.standing);
}

async function statusOf(tx: Tx, matterId: string): Promise<MatterStatus> {
	const [target] = await tx.select({ status: matters.status }).from(matters).where(eq(matters.id, matterId));
	return target.status;
}

/** 409 naming the current status in words, with the status itself for tools. */
function conflict(status: MatterStatus) {
	const word = (m[`matter_status_${status}`] as (() => string) | undefined)?.() ?? status;
	return new HttpRefusal(409, 'error_matter_conflict', { status: word }, { status });
}
