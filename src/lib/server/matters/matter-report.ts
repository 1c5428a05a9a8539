import { and, eq } from 'drizzle-orm';
import type { MatterStatus } from '../../domain/matters';
import { mayReportMatter, mayWrite } from '../../domain/permissions';
import { db, type Tx } from '../db';
import { matterCategories, matterEvents, matters } from '../db/schema';
import { newId } from '../ids';
import { refusal } from '../refusal';
import type { MatterActor } from './matter-access';
import { reportSchema, parseOrRefuse } from './matter-input';
import { claimPhotos } from './matter-photos';
import { placeOf } from './matter-place';
import { announceMattersChange } from './matter-signal';

export type ReportAnswer = { id: string; status: MatterStatus; created: boolean };

/** Members may report at all; where exactly is checked once the place is known. Before reading the body. */
export function requireReporter(actor: MatterActor): void {
	if (!mayWrite(actor.standing)) throw refusal(403, 'error_matter_report_forbidden');
}

async function existingReport(userId: string, clientKey: string) {
	const [row] = await db()
		.select({ id: matters.id, status: matters.status, categoryId: matters.categoryId, description: matters.description, communityId: matters.communityId })
		.from(matters)
		.where(and(eq(matters.reportedBy, userId), eq(matters.clientKey, clientKey)));
	return row ?? null;
}

class AlreadyReported extends Error {}

/** The event that opens a matter's timeline, written in the report's transaction. */
export async function recordReportEvent(
	tx: Tx,
	event: { matterId: string; at: Date; by: string; action: 'report' | 'handle-on-spot'; to: MatterStatus; note: string; photoIds: readonly string[]; detail?: Record<string, unknown> }
): Promise<void> {
	await tx.insert(matterEvents).values({ ...event, from: null, detail: event.detail ?? {}, photoIds: [...new Set(event.photoIds)] });
}

/**
 * 上报: a new matter awaiting routing, or closed at once when handled on the spot. The same
 * `clientKey` again answers the first report (a phone resending after a lost reply), but a
 * different report under a used key is refused.
 */
export async function reportMatter(actor: MatterActor, body: unknown, now = new Date()): Promise<ReportAnswer> {
	requireReporter(actor);
	const input = parseOrRefuse(reportSchema, body, 'error_matter_input');
	const userId = actor.standing.userId;
	const communityId = actor.community.id;

	const again = async (): Promise<ReportAnswer> => {
		const first = await existingReport(userId, input.clientKey);
		if (!first || first.communityId !== communityId || first.categoryId !== input.category || first.description !== input.description) {
			throw refusal(409, 'error_matter_client_key_reused');
		}
		return { id: first.id, status: first.status, created: false };
	};
	if (await existingReport(userId, input.clientKey)) return again();

	const [category] = await db()
		.select({ id: matterCategories.id })
		.from(matterCategories)
		.where(and(eq(matterCategories.id, input.category), eq(matterCategories.communityId, communityId)));
	if (!category) throw refusal(400, 'error_matter_category_unknown');
	const place = await placeOf(communityId, input.buildingId, input.point);
	if (!mayReportMatter(actor.standing, place)) throw refusal(403, 'error_matter_report_forbidden');

	const id = newId();
	const status: MatterStatus = input.handledOnSpot ? 'closed' : 'reported';
	try {
		await db().transaction(async (tx) => {
			const inserted = await tx
				.insert(matters)
				.values({
					id,
					communityId,
					clientKey: input.clientKey,
					categoryId: category.id,
					buildingId: place.buildingId,
					gridId: place.gridId ?? null,
					microGridId: place.microGridId ?? null,
					point: input.point ?? null,
					description: input.description,
					urgent: input.urgent,
					status,
					handledOnSpot: input.handledOnSpot,
					reportedBy: userId,
					reportedAt: now,
					closedAt: input.handledOnSpot ? now : null,
					updatedAt: now
				})
				.onConflictDoNothing({ target: [matters.reportedBy, matters.clientKey] })
				.returning({ id: matters.id });
			if (inserted.length === 0) throw new AlreadyReported();
			await claimPhotos(tx, { photoIds: input.photoIds, userId, communityId, matterId: id });
			await recordReportEvent(tx, {
				matterId: id,
				at: now,
				by: userId,
				action: input.handledOnSpot ? 'handle-on-spot' : 'report',
				to: status,
				note: input.handledOnSpot ? input.description : '',
				photoIds: input.photoIds
			});
		});
	} catch (caught) {
		if (caught instanceof AlreadyReported) return again();
		throw caught;
	}
	await announceMattersChange(communityId);
	return { id, status, created: true };
}
