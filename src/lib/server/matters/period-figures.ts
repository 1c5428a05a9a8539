import { and, eq, gte, inArray, or } from 'drizzle-orm';
import { matterFigures, type FigureMatter, type Period, type PeriodFigures } from '../../domain/matter-figures';
import { maySeeMatter, type Standing } from '../../domain/permissions';
import { db } from '../db';
import { matters } from '../db/schema';
import { matterState } from './matter-access';

const epoch = (date: Date | null) => (date ? date.getTime() : null);

/** A matter row as the figures count it. */
export function figureMatterOf(row: typeof matters.$inferSelect): FigureMatter {
	return {
		status: row.status,
		handledOnSpot: row.handledOnSpot,
		reportedAt: row.reportedAt.getTime(),
		routedAt: epoch(row.routedAt),
		dueAt: epoch(row.dueAt),
		closedAt: epoch(row.closedAt),
		destination: row.destination
	};
}

/**
 * The figures of `matter-figures.ts` over the matters the standing may see: those reported,
 * routed or closed since the period began, and every one still running against its due time.
 */
export async function periodFigures(s: Standing, period: Period, now = Date.now()): Promise<PeriodFigures> {
	const from = new Date(period.from);
	const rows = await db()
		.select()
		.from(matters)
		.where(
			and(
				eq(matters.communityId, s.communityId),
				or(gte(matters.reportedAt, from), gte(matters.routedAt, from), gte(matters.closedAt, from), inArray(matters.status, ['routed', 'accepted']))
			)
		);
	const seen = rows.filter((row) => maySeeMatter(s, matterState(row)));
	return matterFigures(seen.map(figureMatterOf), period, now);
}
