import { and, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { representativePoint } from '../../domain/geometry';
import type { Position } from '../../domain/geojson';
import { dueState } from '../../domain/matter-deadlines';
import { finishedPinDays, type MatterPin } from '../../domain/matter-pins';
import type { MatterEventView, MatterSummary, MatterView } from '../../domain/matter-view';
import type { MatterDestination } from '../../domain/matters';
import { maySeeMatter, maySeeResidentPhone, type Standing } from '../../domain/permissions';
import { db } from '../db';
import { buildings, matterEvents, matters, photos, users } from '../db/schema';
import { matterState, type MatterRow } from './matter-access';
import { namesFor } from './matter-names';

const epoch = (date: Date | null) => (date ? date.getTime() : null);

/**
 * The first photo of each listed matter, in one read for the whole list. (A subquery per row
 * let PostgreSQL run it for every matter of the community before the sort and limit: 5× a
 * plain select in `npm run bench -- matters`.)
 */
async function coverPhotos(matterIds: string[]): Promise<Map<string, string>> {
	if (!matterIds.length) return new Map();
	const rows = await db()
		.selectDistinctOn([photos.matterId], { matterId: photos.matterId, id: photos.id })
		.from(photos)
		// One array parameter: an `in (…)` list of a thousand parameters costs more to parse than to run.
		.where(sql`${photos.matterId} = any(${sql.param(matterIds)})`)
		.orderBy(photos.matterId, photos.createdAt, photos.id);
	return new Map(rows.map((r) => [r.matterId!, r.id]));
}

async function summariesOf(rows: MatterRow[]): Promise<MatterSummary[]> {
	const [names, covers] = await Promise.all([namesFor(rows), coverPhotos(rows.map((r) => r.id))]);
	return rows.map((matter) => ({
		id: matter.id,
		status: matter.status,
		category: matter.categoryId,
		buildingId: matter.buildingId,
		buildingLabel: names.building(matter.buildingId),
		gridId: matter.gridId,
		microGridId: matter.microGridId,
		point: matter.point,
		description: matter.description,
		urgent: matter.urgent,
		source: matter.source,
		returned: matter.returned,
		handledOnSpot: matter.handledOnSpot,
		reportedBy: matter.reportedBy,
		reporterName: names.reporter(matter.reportedBy),
		reportedAt: matter.reportedAt.getTime(),
		destination: matter.destination,
		destinationName: names.destination(matter.destination),
		routedAt: epoch(matter.routedAt),
		acceptedAt: epoch(matter.acceptedAt),
		dueAt: epoch(matter.dueAt),
		extensionPending: matter.extensionPending,
		extensionUntil: epoch(matter.extensionUntil),
		reminders: matter.reminders,
		mergedInto: matter.mergedInto,
		resolvedAt: epoch(matter.resolvedAt),
		closedAt: epoch(matter.closedAt),
		updatedAt: matter.updatedAt.getTime(),
		coverPhoto: covers.get(matter.id) ?? null
	}));
}

function summaryQuery(where: SQL | undefined) {
	return db().select().from(matters).where(where);
}

/**
 * The rows a standing may possibly see, as SQL, so a liaison's list does not read the whole
 * community. Only a narrowing: every row is then asked `maySeeMatter`, the one rule.
 */
function candidatesFor(s: Standing): SQL | undefined {
	if (s.secretary || s.watcher) return undefined;
	const clauses: (SQL | undefined)[] = [eq(matters.reportedBy, s.userId), sql`${matters.destination}->>'userId' = ${s.userId}`];
	if (s.chiefGridIds.length) clauses.push(inArray(matters.gridId, [...s.chiefGridIds]));
	if (s.liaisonMicroGridIds.length) clauses.push(inArray(matters.microGridId, [...s.liaisonMicroGridIds]));
	if (s.propertyOrgIds.length) clauses.push(sql`${matters.destination}->>'orgId' in ${[...s.propertyOrgIds]}`);
	return or(...clauses);
}

export type MatterFilter = {
	statuses?: readonly MatterRow['status'][];
	destination?: MatterDestination['kind'];
	overdue?: boolean;
	mine?: boolean;
	buildingId?: string;
	/** Reported at or after. */
	since?: Date;
	/** Reported before. */
	until?: Date;
	limit: number;
};

/** The matters of a community the standing may see, newest first, filtered. */
export async function listMatters(s: Standing, filter: MatterFilter, now = Date.now()): Promise<{ matters: MatterSummary[]; truncated: boolean }> {
	const where = and(
		eq(matters.communityId, s.communityId),
		candidatesFor(s),
		filter.statuses?.length ? inArray(matters.status, [...filter.statuses]) : undefined,
		filter.destination ? sql`${matters.destination}->>'kind' = ${filter.destination}` : undefined,
		filter.overdue ? and(lt(matters.dueAt, new Date(now)), inArray(matters.status, ['routed', 'accepted'])) : undefined,
		filter.mine ? eq(matters.reportedBy, s.userId) : undefined,
		filter.buildingId ? eq(matters.buildingId, filter.buildingId) : undefined,
		filter.since ? gte(matters.reportedAt, filter.since) : undefined,
		filter.until ? lt(matters.reportedAt, filter.until) : undefined
	);
	const rows = (await summaryQuery(where).orderBy(desc(matters.reportedAt), desc(matters.id)).limit(filter.limit + 1)).filter((r) =>
		maySeeMatter(s, matterState(r))
	);
	const overdueChecked = filter.overdue ? rows.filter((r) => dueState(epoch(r.dueAt), now) === 'overdue') : rows;
	return { matters: await summariesOf(overdueChecked.slice(0, filter.limit)), truncated: overdueChecked.length > filter.limit };
}

/**
 * One matter with its timeline and photos (the caller has checked that `viewer` may see it);
 * a resident's phone only for those who may call them back.
 */
export async function matterView(row: MatterRow, viewer: Standing): Promise<MatterView> {
	const [summaryRows, events, photoRows] = await Promise.all([
		summaryQuery(eq(matters.id, row.id)),
		db()
			.select({ event: matterEvents, byName: users.displayName })
			.from(matterEvents)
			.innerJoin(users, eq(users.id, matterEvents.by))
			.where(eq(matterEvents.matterId, row.id))
			.orderBy(matterEvents.id),
		db().select({ id: photos.id }).from(photos).where(eq(photos.matterId, row.id)).orderBy(photos.createdAt, photos.id)
	]);
	const [summary] = await summariesOf(summaryRows);
	return {
		...summary,
		events: events.map(({ event, byName }): MatterEventView => ({
			at: event.at.getTime(),
			by: event.by,
			byName,
			action: event.action,
			from: event.from,
			to: event.to,
			note: event.note,
			detail: event.detail,
			photos: event.photoIds
		})),
		photos: photoRows.map((p) => p.id),
		residentPhone: row.residentPhone && maySeeResidentPhone(viewer, row) ? row.residentPhone : null
	};
}

/** What a pin shows of a matter, and what `maySeeMatter` asks of it. */
const pinColumns = {
	id: matters.id,
	status: matters.status,
	urgent: matters.urgent,
	categoryId: matters.categoryId,
	dueAt: matters.dueAt,
	point: matters.point,
	buildingId: matters.buildingId,
	gridId: matters.gridId,
	microGridId: matters.microGridId,
	reportedBy: matters.reportedBy,
	destination: matters.destination,
	extensionPending: matters.extensionPending
};

/** Each building's representative point: its shape read once, however many matters it has. */
async function buildingCentres(ids: Set<string>): Promise<Map<string, Position>> {
	if (!ids.size) return new Map();
	const rows = await db().select({ id: buildings.id, geometry: buildings.geometry }).from(buildings).where(inArray(buildings.id, [...ids]));
	return new Map(rows.flatMap((r): [string, Position][] => (r.geometry ? [[r.id, representativePoint(r.geometry)]] : [])));
}

/**
 * Pins for the map: open matters, and those finished in the last `finishedPinDays`, each at its
 * point or its building's representative point. Matters with neither are left off the map.
 */
export async function matterPins(s: Standing, now = Date.now()): Promise<MatterPin[]> {
	const recent = new Date(now - finishedPinDays * 86_400_000);
	const open = ['unverified', 'reported', 'routed', 'accepted', 'resolved'] as const;
	const rows = (
		await db()
			.select(pinColumns)
			.from(matters)
			.where(and(eq(matters.communityId, s.communityId), candidatesFor(s), or(inArray(matters.status, [...open]), gte(matters.updatedAt, recent))))
	).filter((row) => maySeeMatter(s, matterState(row)));
	const centres = await buildingCentres(new Set(rows.flatMap((r) => (!r.point && r.buildingId ? [r.buildingId] : []))));
	return rows.flatMap((r): MatterPin[] => {
		const point = r.point ?? (r.buildingId ? centres.get(r.buildingId) : undefined);
		return point ? [{ id: r.id, status: r.status, urgent: r.urgent, category: r.categoryId, dueAt: epoch(r.dueAt), point }] : [];
	});
}
