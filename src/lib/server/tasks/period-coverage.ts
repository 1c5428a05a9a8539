import { and, desc, eq, gte, lt } from 'drizzle-orm';
import { periodCoverage, type PeriodCoverage } from '../../domain/coverage';
import type { Period } from '../../domain/matter-figures';
import { householdCodesByBuilding } from '../community';
import { db } from '../db';
import { buildings, progressEvents } from '../db/schema';

/**
 * `periodCoverage` of a community: its households, and the latest mark of each household in each
 * task among the marks stored since the period began (narrowed by `progress_events_community_idx`).
 */
export async function communityPeriodCoverage(communityId: string, period: Period): Promise<PeriodCoverage> {
	const buildingRows = await db().select({ id: buildings.id }).from(buildings).where(eq(buildings.communityId, communityId));
	const [codes, marks] = await Promise.all([
		householdCodesByBuilding(buildingRows.map((row) => row.id)),
		db()
			.selectDistinctOn([progressEvents.taskId, progressEvents.buildingId, progressEvents.householdCode], {
				taskId: progressEvents.taskId,
				buildingId: progressEvents.buildingId,
				code: progressEvents.householdCode,
				status: progressEvents.status,
				recordedAt: progressEvents.recordedAt
			})
			.from(progressEvents)
			.where(
				and(
					eq(progressEvents.communityId, communityId),
					gte(progressEvents.storedAt, new Date(period.from)),
					lt(progressEvents.recordedAt, new Date(period.to))
				)
			)
			.orderBy(progressEvents.taskId, progressEvents.buildingId, progressEvents.householdCode, desc(progressEvents.id))
	]);
	return periodCoverage(
		codes,
		marks.map((mark) => ({ taskId: mark.taskId, buildingId: mark.buildingId, code: mark.code, status: mark.status, at: mark.recordedAt.getTime() })),
		period
	);
}
