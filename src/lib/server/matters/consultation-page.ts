import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { ConsultationPageData, ReturnNote, StaffChoice } from '../../domain/consultation-view';
import { periodSince } from '../../domain/matter-figures';
import { mayEditCategories, mayHoldConsultation } from '../../domain/permissions';
import { db } from '../db';
import { buildings, compounds, matterEvents, memberships, orgs, photos, users } from '../db/schema';
import type { MatterActor } from './matter-access';
import { communityCategories } from './matter-categories';
import { listMatters, matterPins } from './matter-records';
import { listConsultations } from './consultations';
import { periodFigures } from './period-figures';

const openStatuses = ['unverified', 'reported', 'routed', 'accepted', 'resolved'] as const;
/** Thumbnails shown on a queue card. */
const photosPerCard = 4;

async function photosOf(matterIds: string[]): Promise<Record<string, string[]>> {
	if (!matterIds.length) return {};
	const rows = await db().select({ id: photos.id, matterId: photos.matterId }).from(photos).where(inArray(photos.matterId, matterIds)).orderBy(photos.createdAt, photos.id);
	const byMatter: Record<string, string[]> = {};
	for (const row of rows) {
		const list = (byMatter[row.matterId!] ??= []);
		if (list.length < photosPerCard) list.push(row.id);
	}
	return byMatter;
}

/** The latest 退单 of each returned matter: the reason the queue shows beside it. */
async function returnsOf(matterIds: string[]): Promise<Record<string, ReturnNote>> {
	if (!matterIds.length) return {};
	const rows = await db()
		.select({ matterId: matterEvents.matterId, note: matterEvents.note, detail: matterEvents.detail, at: matterEvents.at, byName: users.displayName })
		.from(matterEvents)
		.innerJoin(users, eq(users.id, matterEvents.by))
		.where(and(inArray(matterEvents.matterId, matterIds), eq(matterEvents.action, 'return')))
		.orderBy(desc(matterEvents.id));
	const notes: Record<string, ReturnNote> = {};
	for (const row of rows) {
		notes[row.matterId] ??= { reason: row.note, reasonKind: String(row.detail.reasonKind ?? 'other'), byName: row.byName, at: row.at.getTime() };
	}
	return notes;
}

async function propertyOf(buildingIds: string[]): Promise<ConsultationPageData['propertyOf']> {
	if (!buildingIds.length) return {};
	const rows = await db()
		.select({ buildingId: buildings.id, orgId: orgs.id, name: orgs.name })
		.from(buildings)
		.innerJoin(compounds, eq(compounds.id, buildings.compoundId))
		.innerJoin(orgs, eq(orgs.id, compounds.propertyOrgId))
		.where(inArray(buildings.id, buildingIds));
	return Object.fromEntries(rows.map((row) => [row.buildingId, { orgId: row.orgId, name: row.name }]));
}

const roleOrder: StaffChoice['role'][] = ['secretary', 'chief', 'liaison'];

/** The community's staff a matter may be routed to (派社区), each once, by role then name. */
async function staffOf(communityId: string): Promise<StaffChoice[]> {
	const rows = await db()
		.select({ id: users.id, name: users.displayName, role: memberships.role })
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(and(eq(memberships.communityId, communityId), inArray(memberships.role, roleOrder), isNull(users.disabledAt)));
	const best = new Map<string, StaffChoice>();
	for (const row of rows) {
		const role = row.role as StaffChoice['role'];
		const known = best.get(row.id);
		if (!known || roleOrder.indexOf(role) < roleOrder.indexOf(known.role)) best.set(row.id, { id: row.id, name: row.name, role });
	}
	return [...best.values()].sort((a, b) => roleOrder.indexOf(a.role) - roleOrder.indexOf(b.role) || a.name.localeCompare(b.name, 'zh-CN', { numeric: true }));
}

/**
 * Everything the 会商 page shows, as the viewer may see it: the meeting, the figures of the
 * period since the previous meeting ended (or the last 7 days), every open matter with its map
 * point, and what the queue cards need (photos, return reasons, companies, staff).
 */
export async function consultationPage(actor: MatterActor, now = Date.now()): Promise<ConsultationPageData> {
	const { standing, community } = actor;
	const [meetings, open, pins, categories] = await Promise.all([
		listConsultations(community.id, 20),
		listMatters(standing, { statuses: openStatuses, limit: 5000 }),
		matterPins(standing, now),
		communityCategories(community.id, { withRetired: true })
	]);
	const previousEndedAt = meetings.find((meeting) => meeting.endedAt !== null)?.endedAt ?? null;
	const waiting = open.matters.filter((matter) => matter.status === 'reported' || matter.status === 'unverified');
	const chair = mayHoldConsultation(standing);
	const [figures, photoIds, returns, companies, staff] = await Promise.all([
		periodFigures(standing, periodSince(previousEndedAt, now), now),
		photosOf(waiting.map((matter) => matter.id)),
		returnsOf(waiting.filter((matter) => matter.returned).map((matter) => matter.id)),
		propertyOf([...new Set(waiting.map((matter) => matter.buildingId).filter((id): id is string => !!id))]),
		chair ? staffOf(community.id) : Promise.resolve([])
	]);
	return {
		community: { id: community.id, name: community.name },
		chair,
		editCategories: mayEditCategories(standing),
		meeting: meetings.find((meeting) => meeting.endedAt === null) ?? null,
		meetings,
		figures,
		previousEndedAt,
		open: open.matters,
		points: Object.fromEntries(pins.map((pin) => [pin.id, pin.point])),
		categories,
		photos: photoIds,
		returns,
		propertyOf: companies,
		staff
	};
}
