import { and, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { representativePoint } from '../../domain/geometry';
import type { Position } from '../../domain/geojson';
import { dueState } from '../../domain/matter-deadlines';
import type { MatterEventView, MatterSummary, MatterView } from '../../domain/matter-view';
import type { MatterDestination } from '../../domain/matters';
import { maySeeMatter, type Standing } from '../../domain/permissions';
import { db } from '../db';
import { buildings, matterEvents, matters, orgs, photos, streets, users } from '../db/schema';
import { matterState, type MatterRow } from './matter-access';

const epoch = (date: Date | null) => (date ? date.getTime() : null);

/** Names of the handlers a list mentions: companies, staff, street offices, in one read each. */
export async function destinationNames(destinations: (MatterDestination | null)[]): Promise<(d: MatterDestination | null) => string | null> {
	const ids = { property: new Set<string>(), community: new Set<string>(), street: new Set<string>() };
	for (const d of destinations) {
		if (d?.kind === 'property') ids.property.add(d.orgId);
		if (d?.kind === 'community') ids.community.add(d.userId);
		if (d?.kind === 'street') ids.street.add(d.streetId);
	}
	const read = async (table: typeof orgs | typeof streets, set: Set<string>) =>
		set.size ? new Map((await db().select({ id: table.id, name: table.name }).from(table).where(inArray(table.id, [...set]))).map((r) => [r.id, r.name])) : new Map<string, string>();
	const [orgNames, streetNames] = await Promise.all([read(orgs, ids.property), read(streets, ids.street)]);
	const staffNames = ids.community.size
		? new Map((await db().select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, [...ids.community]))).map((r) => [r.id, r.name]))
		: new Map<string, string>();
	return (d) => {
		if (!d) return null;
		if (d.kind === 'property') return orgNames.get(d.orgId) ?? null;
		if (d.kind === 'community') return staffNames.get(d.userId) ?? null;
		return streetNames.get(d.streetId) ?? null;
	};
}

const summaryColumns = {
	matter: matters,
	reporterName: users.displayName,
	buildingLabel: buildings.label,
	coverPhoto: sql<string | null>`(select ${photos.id} from ${photos} where ${photos.matterId} = ${matters.id} order by ${photos.createdAt}, ${photos.id} limit 1)`
};

type SummaryRow = { matter: MatterRow; reporterName: string; buildingLabel: string | null; coverPhoto: string | null };

async function summariesOf(rows: SummaryRow[]): Promise<MatterSummary[]> {
	const nameOf = await destinationNames(rows.map((r) => r.matter.destination));
	return rows.map(({ matter, reporterName, buildingLabel, coverPhoto }) => ({
		id: matter.id,
		status: matter.status,
		category: matter.categoryId,
		buildingId: matter.buildingId,
		buildingLabel,
		gridId: matter.gridId,
		microGridId: matter.microGridId,
		point: matter.point,
		description: matter.description,
		urgent: matter.urgent,
		source: matter.source,
		returned: matter.returned,
		handledOnSpot: matter.handledOnSpot,
		reportedBy: matter.reportedBy,
		reporterName,
		reportedAt: matter.reportedAt.getTime(),
		destination: matter.destination,
		destinationName: nameOf(matter.destination),
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
		coverPhoto
	}));
}

function summaryQuery(where: SQL | undefined) {
	return db()
		.select(summaryColumns)
		.from(matters)
		.innerJoin(users, eq(users.id, matters.reportedBy))
		.leftJoin(buildings, eq(buildings.id, matters.buildingId))
		.where(where);
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
		maySeeMatter(s, matterState(r.matter))
	);
	const overdueChecked = filter.overdue ? rows.filter((r) => dueState(epoch(r.matter.dueAt), now) === 'overdue') : rows;
	return { matters: await summariesOf(overdueChecked.slice(0, filter.limit)), truncated: overdueChecked.length > filter.limit };
}

/** One matter with its timeline and photos (the caller has checked that it may be seen). */
export async function matterView(row: MatterRow): Promise<MatterView> {
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
		photos: photoRows.map((p) => p.id)
	};
}

export type MatterPin = { id: string; status: MatterRow['status']; urgent: boolean; category: string; dueAt: number | null; point: Position };

/**
 * Pins for the map: open matters, and those finished in the last 30 days, each at its point or
 * its building's representative point. Matters with neither are left off the map.
 */
export async function matterPins(s: Standing, now = Date.now()): Promise<MatterPin[]> {
	const recent = new Date(now - 30 * 86_400_000);
	const rows = await db()
		.select({ matter: matters, geometry: buildings.geometry })
		.from(matters)
		.leftJoin(buildings, eq(buildings.id, matters.buildingId))
		.where(
			and(
				eq(matters.communityId, s.communityId),
				candidatesFor(s),
				or(inArray(matters.status, ['unverified', 'reported', 'routed', 'accepted', 'resolved']), gte(matters.updatedAt, recent))
			)
		);
	const centres = new Map<string, Position>();
	const pins: MatterPin[] = [];
	for (const { matter, geometry } of rows) {
		if (!maySeeMatter(s, matterState(matter))) continue;
		let point = matter.point;
		if (!point && matter.buildingId && geometry) {
			point = centres.get(matter.buildingId) ?? representativePoint(geometry);
			centres.set(matter.buildingId, point);
		}
		if (point) pins.push({ id: matter.id, status: matter.status, urgent: matter.urgent, category: matter.categoryId, dueAt: epoch(matter.dueAt), point });
	}
	return pins;
}
