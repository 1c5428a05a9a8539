/**
 * Group robots (群机器人): who may see and change which (`mayManageRobot`), the groups one may be
 * attached to, and adding, editing and removing one. The address and the secret are stored here
 * and never leave the server (`robot-views.ts` masks them); audit entries leave them out too.
 */
import { and, asc, count, eq, inArray, or } from 'drizzle-orm';
import type { RobotScopeOption, RobotView } from '../../domain/notify-view';
import { mayManageRobot, mayManageSomeRobot, type RobotPlace } from '../../domain/permissions';
import type { Principal } from '../../domain/roles';
import { recordAudit } from '../audit';
import type { SessionUser } from '../auth';
import { db, type Tx } from '../db';
import { communities, grids, noticeDeliveries, notifyRobots, orgs } from '../db/schema';
import { principalOf } from '../guards';
import { newId } from '../ids';
import { refusal } from '../refusal';
import type { RobotRow } from './robot-sender';
import {
	parseRobotInput,
	requireRobotAddress,
	robotCreateSchema,
	robotEditSchema,
	robotLimits,
	robotPlaceSchema,
	type RobotPlaceInput
} from './robot-input';
import { robotRemoved } from './outbox-lease';
import { robotStats } from './robot-stats';
import { maskedWebhook, robotView } from './robot-views';

/** 401 signed out; 403 for anyone who may manage no robot at all, before anything else is read. */
export function robotManager(user: SessionUser | null): Principal {
	if (!user) throw refusal(401, 'error_not_signed_in');
	const principal = principalOf(user);
	if (!mayManageSomeRobot(principal)) throw refusal(403, 'error_robot_forbidden');
	return principal;
}

export function placeOf(row: Pick<RobotRow, 'scope' | 'communityId' | 'gridId' | 'orgId'>): RobotPlace | null {
	if (row.scope === 'community' && row.communityId) return { scope: 'community', communityId: row.communityId };
	if (row.scope === 'grid' && row.communityId && row.gridId) return { scope: 'grid', communityId: row.communityId, gridId: row.gridId };
	if (row.scope === 'org' && row.orgId) return { scope: 'org', orgId: row.orgId };
	return null;
}

const manages = (principal: Principal, row: RobotRow) => {
	const place = placeOf(row);
	return !!place && mayManageRobot(principal, place);
};

/** What the principal's roles reach: communities as secretary, grids as chief, companies as property staff. */
function reach(principal: Principal) {
	const ids = (role: string, key: 'communityId' | 'gridId' | 'orgId') => [
		...new Set(principal.memberships.filter((m) => m.role === role && m[key]).map((m) => m[key] as string))
	];
	return { communityIds: ids('secretary', 'communityId'), gridIds: ids('chief', 'gridId'), orgIds: ids('property', 'orgId') };
}

/** Names of the groups robots belong to: the community's, the grid's, the company's. */
async function scopeNames(rows: readonly RobotRow[]): Promise<(row: RobotRow) => string> {
	const pick = (key: 'communityId' | 'gridId' | 'orgId') => [...new Set(rows.map((r) => r[key]).filter((id): id is string => !!id))];
	const [communityRows, gridRows, orgRows] = await Promise.all([
		pick('communityId').length ? db().select({ id: communities.id, name: communities.name }).from(communities).where(inArray(communities.id, pick('communityId'))) : [],
		pick('gridId').length ? db().select({ id: grids.id, name: grids.name }).from(grids).where(inArray(grids.id, pick('gridId'))) : [],
		pick('orgId').length ? db().select({ id: orgs.id, name: orgs.name }).from(orgs).where(inArray(orgs.id, pick('orgId'))) : []
	]);
	const names = new Map([...communityRows, ...gridRows, ...orgRows].map((r) => [r.id, r.name]));
	return (row) => names.get((row.scope === 'community' ? row.communityId : row.scope === 'grid' ? row.gridId : row.orgId) ?? '') ?? '';
}

async function viewsOf(rows: RobotRow[]): Promise<RobotView[]> {
	const [nameOf, stats] = await Promise.all([scopeNames(rows), robotStats(rows.map((r) => r.id))]);
	return rows.map((row) => robotView(row, nameOf(row), stats.get(row.id)));
}

/** Every robot the principal may manage, oldest first. */
export async function manageableRobots(principal: Principal): Promise<RobotView[]> {
	const { communityIds, gridIds, orgIds } = reach(principal);
	const conditions = [
		communityIds.length ? inArray(notifyRobots.communityId, communityIds) : undefined,
		gridIds.length ? inArray(notifyRobots.gridId, gridIds) : undefined,
		orgIds.length ? inArray(notifyRobots.orgId, orgIds) : undefined
	].filter((c) => c !== undefined);
	if (conditions.length === 0) return [];
	const rows = await db()
		.select()
		.from(notifyRobots)
		.where(or(...conditions))
		.orderBy(asc(notifyRobots.createdAt), asc(notifyRobots.id));
	return viewsOf(rows.filter((row) => manages(principal, row)));
}

/** The groups the principal may attach a robot to: its community and each of its grids (secretary), its grids (chief), its company. */
export async function robotScopeOptions(principal: Principal): Promise<RobotScopeOption[]> {
	const { communityIds, gridIds, orgIds } = reach(principal);
	const options: RobotScopeOption[] = [];
	const communityRows = communityIds.length ? await db().select().from(communities).where(inArray(communities.id, communityIds)).orderBy(asc(communities.name)) : [];
	const gridRows = await db()
		.select({ id: grids.id, communityId: grids.communityId, name: grids.name })
		.from(grids)
		.where(or(communityIds.length ? inArray(grids.communityId, communityIds) : undefined, gridIds.length ? inArray(grids.id, gridIds) : undefined))
		.orderBy(asc(grids.sortOrder), asc(grids.name));
	for (const community of communityRows) options.push({ scope: 'community', communityId: community.id, gridId: null, orgId: null, label: community.name });
	for (const grid of gridRows) {
		if (mayManageRobot(principal, { scope: 'grid', communityId: grid.communityId, gridId: grid.id })) {
			options.push({ scope: 'grid', communityId: grid.communityId, gridId: grid.id, orgId: null, label: grid.name });
		}
	}
	const orgRows = orgIds.length ? await db().select({ id: orgs.id, name: orgs.name }).from(orgs).where(inArray(orgs.id, orgIds)).orderBy(asc(orgs.name)) : [];
	for (const org of orgRows) options.push({ scope: 'org', communityId: null, gridId: null, orgId: org.id, label: org.name });
	return options;
}

/** The place as the database knows it (a grid's community is the grid's own); null when there is no such place. */
async function resolvePlace(input: RobotPlaceInput): Promise<RobotPlace | null> {
	if (input.scope === 'community') {
		const [row] = await db().select({ id: communities.id }).from(communities).where(eq(communities.id, input.communityId));
		return row ? { scope: 'community', communityId: row.id } : null;
	}
	if (input.scope === 'grid') {
		const [row] = await db().select({ id: grids.id, communityId: grids.communityId }).from(grids).where(eq(grids.id, input.gridId));
		return row ? { scope: 'grid', communityId: row.communityId, gridId: row.id } : null;
	}
	const [row] = await db().select({ id: orgs.id }).from(orgs).where(eq(orgs.id, input.orgId));
	return row ? { scope: 'org', orgId: row.id } : null;
}

/** Two additions at once count each other: the group's own row is locked first. */
async function lockPlace(tx: Tx, place: RobotPlace) {
	if (place.scope === 'community') await tx.select({ id: communities.id }).from(communities).where(eq(communities.id, place.communityId)).for('update');
	else if (place.scope === 'grid') await tx.select({ id: grids.id }).from(grids).where(eq(grids.id, place.gridId)).for('update');
	else await tx.select({ id: orgs.id }).from(orgs).where(eq(orgs.id, place.orgId)).for('update');
}

function samePlace(place: RobotPlace) {
	if (place.scope === 'community') return and(eq(notifyRobots.scope, 'community'), eq(notifyRobots.communityId, place.communityId));
	if (place.scope === 'grid') return and(eq(notifyRobots.scope, 'grid'), eq(notifyRobots.gridId, place.gridId));
	return and(eq(notifyRobots.scope, 'org'), eq(notifyRobots.orgId, place.orgId));
}

/** What the audit keeps of a robot: never its address's credentials nor its secret. */
const auditDetail = (row: RobotRow) => ({ robotId: row.id, scope: row.scope, gridId: row.gridId, orgId: row.orgId, platform: row.platform, name: row.name, address: maskedWebhook(row.webhookUrl) });

/** `{ scope, communityId | gridId | orgId, platform, name, webhookUrl, signingSecret? }`. */
export async function createRobot(principal: Principal, body: unknown): Promise<RobotView> {
	const placeInput = parseRobotInput(robotPlaceSchema, body);
	const place = await resolvePlace(placeInput);
	if (!place || !mayManageRobot(principal, place)) throw refusal(403, 'error_robot_scope_forbidden');
	const input = parseRobotInput(robotCreateSchema, body);
	requireRobotAddress(input.platform, input.webhookUrl);
	// 企业微信 robots are not signed: a secret typed there would only sit unused.
	const signingSecret = input.platform === 'wecom' ? null : input.signingSecret || null;

	const row = await db().transaction(async (tx) => {
		await lockPlace(tx, place);
		const [{ n }] = await tx.select({ n: count() }).from(notifyRobots).where(samePlace(place));
		if (n >= robotLimits.perGroup) throw refusal(400, 'error_robot_too_many', { max: robotLimits.perGroup });
		const [created] = await tx
			.insert(notifyRobots)
			.values({
				id: newId(),
				scope: place.scope,
				communityId: place.scope === 'org' ? null : place.communityId,
				gridId: place.scope === 'grid' ? place.gridId : null,
				orgId: place.scope === 'org' ? place.orgId : null,
				platform: input.platform,
				name: input.name,
				webhookUrl: input.webhookUrl,
				signingSecret,
				createdBy: principal.userId
			})
			.returning();
		await recordAudit(tx, { communityId: created.communityId, actorId: principal.userId, action: 'robot.create', detail: auditDetail(created) });
		return created;
	});
	return (await viewsOf([row]))[0];
}

/** A robot the principal may manage; 404 both when there is none and when it is someone else's. */
export async function managedRobot(principal: Principal, robotId: string): Promise<RobotRow> {
	if (robotId.length > 64) throw refusal(404, 'error_robot_not_found');
	const [row] = await db().select().from(notifyRobots).where(eq(notifyRobots.id, robotId));
	if (!row || !manages(principal, row)) throw refusal(404, 'error_robot_not_found');
	return row;
}

/** `{ name?, webhookUrl?, signingSecret?, removeSecret? }`; an empty address or secret keeps the stored one. */
export async function editRobot(principal: Principal, robotId: string, body: unknown): Promise<RobotView> {
	const row = await managedRobot(principal, robotId);
	const input = parseRobotInput(robotEditSchema, body);
	const webhookUrl = input.webhookUrl || undefined;
	if (webhookUrl) requireRobotAddress(row.platform, webhookUrl);
	const signingSecret = row.platform === 'wecom' ? undefined : input.removeSecret ? null : input.signingSecret || undefined;
	const change = { name: input.name, webhookUrl, signingSecret };
	const defined = Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined));
	if (Object.keys(defined).length === 0) return (await viewsOf([row]))[0];

	const updated = await db().transaction(async (tx) => {
		const [fresh] = await tx
			.update(notifyRobots)
			.set({ ...defined, updatedAt: new Date() })
			.where(eq(notifyRobots.id, row.id))
			.returning();
		const changed = { name: input.name !== undefined && input.name !== row.name, address: webhookUrl !== undefined && webhookUrl !== row.webhookUrl, secret: signingSecret !== undefined && signingSecret !== row.signingSecret };
		await recordAudit(tx, { communityId: fresh.communityId, actorId: principal.userId, action: 'robot.update', detail: { ...auditDetail(fresh), changed } });
		return fresh;
	});
	return (await viewsOf([updated]))[0];
}

/** Removes the robot; what was still waiting to be sent to it is marked failed (`robotRemoved`). */
export async function removeRobot(principal: Principal, robotId: string): Promise<void> {
	const row = await managedRobot(principal, robotId);
	await db().transaction(async (tx) => {
		await dropRobots(tx, [row.id]);
		await recordAudit(tx, { communityId: row.communityId, actorId: principal.userId, action: 'robot.delete', detail: auditDetail(row) });
	});
}

async function dropRobots(tx: Tx, robotIds: string[]): Promise<void> {
	if (robotIds.length === 0) return;
	await tx
		.update(noticeDeliveries)
		.set({ status: 'failed', lastError: robotRemoved, lastAttemptAt: new Date(), leaseUntil: null, leaseOwner: null })
		.where(and(eq(noticeDeliveries.channel, 'robot'), inArray(noticeDeliveries.target, robotIds), eq(noticeDeliveries.status, 'pending')));
	await tx.delete(notifyRobots).where(inArray(notifyRobots.id, robotIds));
}

/** A grid that is removed takes its group's robots with it (in the grid's own transaction). */
export async function removeRobotsOfGrid(tx: Tx, gridId: string): Promise<void> {
	const rows = await tx.select({ id: notifyRobots.id }).from(notifyRobots).where(eq(notifyRobots.gridId, gridId));
	await dropRobots(tx, rows.map((r) => r.id));
}
