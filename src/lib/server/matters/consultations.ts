/**
 * The weekly 会商: the secretary starts it (one open meeting per community), records who
 * attended and notes, and ends it, which records the matters still waiting as carried over.
 * Decisions are the ordinary matter actions posted with the meeting's id (`matter-actions.ts`).
 */
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import * as v from 'valibot';
import type { ConsultationView } from '../../domain/consultation-view';
import { matterLimits } from '../../domain/matter-view';
import { mayHoldConsultation, mayReviewMatters, mayViewCommunity, standingIn } from '../../domain/permissions';
import type { SessionUser } from '../auth';
import { getCommunity } from '../community';
import { db } from '../db';
import { communities, consultations, matters, users } from '../db/schema';
import { principalOf } from '../guards';
import { newId } from '../ids';
import { HttpRefusal, refusal } from '../refusal';
import type { MatterActor } from './matter-access';
import { parseOrRefuse } from './matter-input';
import { announceMattersChange } from './matter-signal';

export type ConsultationRow = typeof consultations.$inferSelect;

/** Chairing: 403 for anyone but the secretary. */
export function requireChair(actor: MatterActor): void {
	if (!mayHoldConsultation(actor.standing)) throw refusal(403, 'error_consultation_forbidden');
}

/** Reading meetings, minutes and the 台账: the secretary, the chiefs and the street office. */
export function requireReviewer(actor: MatterActor): void {
	if (!mayReviewMatters(actor.standing)) throw refusal(403, 'error_consultation_view_forbidden');
}

/**
 * A meeting and the user's standing in its community. 404 when it does not exist or belongs to
 * a community the user has no part in, so a guessed id tells nothing; the caller then asks
 * `requireChair` or `requireReviewer` (403).
 */
export async function consultationOf(user: SessionUser | null, id: string): Promise<{ row: ConsultationRow; actor: MatterActor }> {
	if (!user) throw refusal(401, 'error_not_signed_in');
	const [row] = id.length <= 64 ? await db().select().from(consultations).where(eq(consultations.id, id)) : [];
	const community = row ? await getCommunity(row.communityId) : null;
	if (!row || !community) throw refusal(404, 'error_consultation_not_found');
	const principal = principalOf(user);
	const standing = standingIn(principal, community);
	if (!mayViewCommunity(standing)) throw refusal(404, 'error_consultation_not_found');
	return { row, actor: { principal, community, standing } };
}

const viewColumns = { consultation: consultations, startedByName: users.displayName };

function asView({ consultation, startedByName }: { consultation: ConsultationRow; startedByName: string }): ConsultationView {
	return {
		id: consultation.id,
		communityId: consultation.communityId,
		startedAt: consultation.startedAt.getTime(),
		startedByName,
		endedAt: consultation.endedAt?.getTime() ?? null,
		attendees: consultation.attendees,
		notes: consultation.notes,
		carriedOver: consultation.carriedOver
	};
}

export async function consultationView(id: string): Promise<ConsultationView> {
	const [row] = await db().select(viewColumns).from(consultations).innerJoin(users, eq(users.id, consultations.startedBy)).where(eq(consultations.id, id));
	return asView(row);
}

/** The community's meetings, newest first. */
export async function listConsultations(communityId: string, limit = 100): Promise<ConsultationView[]> {
	const rows = await db()
		.select(viewColumns)
		.from(consultations)
		.innerJoin(users, eq(users.id, consultations.startedBy))
		.where(eq(consultations.communityId, communityId))
		.orderBy(desc(consultations.startedAt), desc(consultations.id))
		.limit(limit);
	return rows.map(asView);
}

/** 409 naming the meeting already open, so a client can open it instead. */
const alreadyOpen = (openId: string) => new HttpRefusal(409, 'error_consultation_open', {}, { consultationId: openId });

/** 开始会商: refused (409) while another meeting of the community is open. */
export async function startConsultation(actor: MatterActor, now = new Date()): Promise<ConsultationView> {
	requireChair(actor);
	const communityId = actor.community.id;
	const id = newId();
	const openId = await db().transaction(async (tx) => {
		// Two starts at once: the second waits here and then finds the first one's meeting.
		await tx.select({ id: communities.id }).from(communities).where(eq(communities.id, communityId)).for('update');
		const [open] = await tx
			.select({ id: consultations.id })
			.from(consultations)
			.where(and(eq(consultations.communityId, communityId), isNull(consultations.endedAt)))
			.limit(1);
		if (open) return open.id;
		await tx.insert(consultations).values({ id, communityId, startedAt: now, startedBy: actor.standing.userId });
		return null;
	});
	if (openId) throw alreadyOpen(openId);
	await announceMattersChange(communityId);
	return consultationView(id);
}

const attendeeName = v.pipe(v.string(), v.trim(), v.maxLength(matterLimits.attendeeName));
export const consultationEditSchema = v.strictObject({
	attendees: v.optional(v.pipe(v.array(attendeeName), v.maxLength(matterLimits.attendees, `at most ${matterLimits.attendees} attendees`))),
	notes: v.optional(v.pipe(v.string(), v.maxLength(matterLimits.minutesNotes)))
});

/** Attendees and notes; also after the meeting, while the minutes are written up. */
export async function editConsultation(target: { row: ConsultationRow; actor: MatterActor }, body: unknown): Promise<ConsultationView> {
	requireChair(target.actor);
	const input = parseOrRefuse(consultationEditSchema, body, 'error_consultation_input');
	const attendees = input.attendees && [...new Set(input.attendees.filter(Boolean))];
	if (attendees !== undefined || input.notes !== undefined) {
		await db()
			.update(consultations)
			.set({ ...(attendees !== undefined ? { attendees } : {}), ...(input.notes !== undefined ? { notes: input.notes } : {}) })
			.where(eq(consultations.id, target.row.id));
		await announceMattersChange(target.row.communityId);
	}
	return consultationView(target.row.id);
}

/** 结束会商: what still waits for routing or checking is carried over to the next one. */
export async function endConsultation(target: { row: ConsultationRow; actor: MatterActor }, now = new Date()): Promise<ConsultationView> {
	requireChair(target.actor);
	const { row } = target;
	const waiting = await db()
		.select({ id: matters.id })
		.from(matters)
		.where(and(eq(matters.communityId, row.communityId), inArray(matters.status, ['reported', 'unverified'])))
		.orderBy(matters.reportedAt, matters.id);
	const [ended] = await db()
		.update(consultations)
		.set({ endedAt: now, carriedOver: waiting.map((m) => m.id) })
		.where(and(eq(consultations.id, row.id), isNull(consultations.endedAt)))
		.returning({ id: consultations.id });
	if (!ended) throw refusal(409, 'error_consultation_ended');
	await announceMattersChange(row.communityId);
	return consultationView(row.id);
}

/**
 * A decision posted with a meeting's id must name an open meeting of the matter's community:
 * otherwise the minutes of another meeting, or of none, would list it.
 */
export async function requireOpenMeeting(communityId: string, meetingId: string): Promise<void> {
	const [open] = await db()
		.select({ id: consultations.id })
		.from(consultations)
		.where(and(eq(consultations.id, meetingId), eq(consultations.communityId, communityId), isNull(consultations.endedAt)));
	if (!open) throw refusal(400, 'error_consultation_not_open');
}
