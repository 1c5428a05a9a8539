import { and, eq, sql } from 'drizzle-orm';
import { limitsOf } from '../../domain/matter-categories';
import { communityZone, matterDueAt } from '../../domain/matter-deadlines';
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
import { destinationFor } from './matter-destination';
import { actionSchema, parseOrRefuse, type ActionInput } from './matter-input';
import { claimPhotos } from './matter-photos';
import { matterView } from './matter-records';
import { announceMattersChange } from './matter-signal';
import { recordMatterNotice } from '../notify/matter-notice-record';

type Change = Partial<typeof matters.$inferInsert>;
type Outcome = { change: Change; note: string; detail: Record<string, unknown>; photoIds?: string[] };

/** What each action changes beyond the status, once the policy and the state machine allowed it. */
async function outcomeOf(actor: MatterActor, row: MatterRow, input: ActionInput, now: Date): Promise<Outcome> {
	switch (input.action) {
		case 'confirm':
			return { change: {}, note: input.note ?? '', detail: {} };
		case 'route': {
			const destination = await destinationFor(actor, row, input.destination);
			const limits = limitsOf(row.categoryId, await communityCategories(actor.community.id, { withRetired: true }));
			const dueAt = new Date(matterDueAt(now.getTime(), destination.kind, row.urgent, limits, communityZone));
			return {
				change: { destination, routedAt: now, acceptedAt: null, dueAt, returned: false, extensionPending: false, extensionUntil: null },
				note: input.note ?? '',
				detail: { destination, ...(input.meetingId ? { meetingId: input.meetingId } : {}) }
			};
		}
		case 'merge': {
			const [target] = await db().select().from(matters).where(eq(matters.id, input.into));
			if (!target || target.id === row.id || target.communityId !== row.communityId || !isOpenMatter(target.status)) {
				throw refusal(400, 'error_matter_merge_target');
			}
			return { change: { mergedInto: target.id, closedAt: now }, note: input.note ?? '', detail: { into: target.id, ...(input.meetingId ? { meetingId: input.meetingId } : {}) } };
		}
		case 'reject':
			return { change: { closedAt: now }, note: input.reason, detail: input.meetingId ? { meetingId: input.meetingId } : {} };
		case 'accept':
			return { change: { acceptedAt: now }, note: input.note ?? '', detail: {} };
		case 'return':
			return {
				change: { destination: null, routedAt: null, acceptedAt: null, dueAt: null, returned: true, extensionPending: false, extensionUntil: null },
				note: input.reason,
				detail: { reasonKind: input.reasonKind, destination: row.destination }
			};
		case 'extend': {
			const latest = now.getTime() + matterLimits.extensionDays * 86_400_000;
			if (input.until <= (row.dueAt?.getTime() ?? now.getTime()) || input.until > latest) {
				throw refusal(400, 'error_matter_extension_until', { days: matterLimits.extensionDays });
			}
			return { change: { extensionPending: true, extensionUntil: new Date(input.until) }, note: input.reason, detail: { until: input.until } };
		}
		case 'decide-extension':
			return {
				change: { extensionPending: false, extensionUntil: null, ...(input.approve && row.extensionUntil ? { dueAt: row.extensionUntil } : {}) },
				note: input.note ?? '',
				detail: { approve: input.approve, until: row.extensionUntil?.getTime() ?? null }
			};
		case 'remind':
			return { change: { reminders: sql`${matters.reminders} + 1` as unknown as number }, note: input.note ?? '', detail: {} };
		case 'resolve':
			return { change: { resolvedAt: now }, note: input.note, detail: {}, photoIds: input.photoIds };
		case 'verify':
			return {
				change: input.pass ? { closedAt: now } : { resolvedAt: null },
				note: input.note ?? '',
				detail: { pass: input.pass }
			};
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
	return matterView(fresh);
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
