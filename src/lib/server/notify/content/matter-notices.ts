/**
 * Matter notices: routed (派遣), 督办, overdue, resolved. The destination hears of the first three:
 * a property company in its own group and on its staff's phones, a community staff member or the
 * street office on their phones (their groups are nobody's business but theirs). The reporter
 * hears that a matter waits for verification.
 */
import { and, eq } from 'drizzle-orm';
import { matterDueState } from '../../../domain/matter-stage';
import type { MatterDestination } from '../../../domain/matters';
import type { PushMessage } from '../../../domain/notice-messages';
import { communityTime, daysLate, plainText, sentence, userText } from '../../../domain/notice-text';
import { db } from '../../db';
import { matterEvents } from '../../db/schema';
import { maySeeMatter, standingIn } from '../../../domain/permissions';
import { loadMemberships } from '../../auth';
import { getCommunity } from '../../community';
import { matterState } from '../../matters/matter-access';
import type { PlannedDelivery } from '../audience';
import { matterFacts, matterLines, matterLink, urgentMark, type MatterFacts } from './matter-facts';
import { handlersOf, orgRobots, peopleByIds, secretariesOf } from './recipients';

type Said = { title: string; lines: string[]; push: string };

const sameDestination = (a: MatterDestination | null | undefined, b: MatterDestination | null | undefined) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const handling = (facts: MatterFacts) => facts.row.status === 'routed' || facts.row.status === 'accepted';

/** Of `userIds`, those the policy lets see the matter: nobody hears of a matter they may not open. */
async function allowedToSee(facts: MatterFacts, userIds: readonly string[]): Promise<string[]> {
	const community = await getCommunity(facts.row.communityId);
	if (!community) return [];
	const subject = matterState(facts.row);
	const allowed = await Promise.all(
		userIds.map(async (userId) => maySeeMatter(standingIn({ userId, memberships: await loadMemberships(userId) }, community), subject))
	);
	return userIds.filter((_, index) => allowed[index]);
}

function push(facts: MatterFacts, origin: string, title: string, body: string): PushMessage {
	return { kind: 'push', title, body: plainText(body, 140), url: matterLink(origin, facts.row.id), tag: `matter-${facts.row.id}`, urgent: facts.row.urgent };
}

/** The destination's group robots (a property company's) and the phones of the people who handle it. */
async function toDestination(facts: MatterFacts, destination: MatterDestination, said: Said, origin: string): Promise<PlannedDelivery[]> {
	const title = `${urgentMark(facts.row)}${said.title}`;
	const robots = destination.kind === 'property' ? await orgRobots(destination.orgId) : [];
	const message = { kind: 'robot' as const, title: userText(title, 60), markdown: [...said.lines, ...matterLines(facts, origin)].join('\n'), link: matterLink(origin, facts.row.id), mentions: [] };
	const people = await allowedToSee(facts, await handlersOf(destination));
	return [
		...robots.map((robotId): PlannedDelivery => ({ channel: 'robot', robotId, message })),
		...people.map((userId): PlannedDelivery => ({ channel: 'push', userId, message: push(facts, origin, plainText(title, 60), said.push) }))
	];
}

const pushBody = (facts: MatterFacts, tail: string, lead = '') => `${lead}${facts.place}：${sentence(plainText(facts.row.description, 80))}${tail}`;
const dueTail = (facts: MatterFacts) => (facts.row.dueAt ? `请于 ${communityTime(facts.row.dueAt.getTime())} 前办结。` : '');

async function eventOf(matterId: string, eventId: number | undefined, action: string) {
	if (eventId === undefined) return null;
	const [event] = await db()
		.select()
		.from(matterEvents)
		.where(and(eq(matterEvents.id, eventId), eq(matterEvents.matterId, matterId), eq(matterEvents.action, action)));
	return event ?? null;
}

/** To the destination the route named, unless the matter has left it since (returned, routed elsewhere). */
export async function matterRouted(matterId: string, eventId: number | undefined, origin: string): Promise<PlannedDelivery[]> {
	const [facts, event] = await Promise.all([matterFacts(matterId), eventOf(matterId, eventId, 'route')]);
	const destination = event?.detail.destination as MatterDestination | undefined;
	if (!facts || !destination || !handling(facts) || !sameDestination(facts.row.destination, destination)) return [];
	return toDestination(facts, destination, { title: `新派遣事项：${facts.category}`, lines: [], push: pushBody(facts, dueTail(facts)) }, origin);
}

/** 督办, to whoever handles the matter now. */
export async function matterReminded(matterId: string, eventId: number | undefined, origin: string): Promise<PlannedDelivery[]> {
	const [facts, event] = await Promise.all([matterFacts(matterId), eventOf(matterId, eventId, 'remind')]);
	if (!facts || !event || !handling(facts) || !facts.row.destination) return [];
	const note = userText(event.note, 200);
	const stage = facts.row.status === 'routed' ? '未签收' : '处理中';
	const lines = [`第 ${facts.row.reminders} 次督办 · 当前${stage}`, ...(note ? [`**督办意见**：${note}`] : [])];
	const body = pushBody(facts, dueTail(facts), event.note.trim() ? `督办意见：${sentence(plainText(event.note, 60))}` : '');
	return toDestination(facts, facts.row.destination, { title: `督办：${facts.category}`, lines, push: body }, origin);
}

/** Still unfinished past its due time: the destination, and the secretaries on their phones. */
export async function matterOverdue(matterId: string, origin: string, now = Date.now()): Promise<PlannedDelivery[]> {
	const facts = await matterFacts(matterId);
	const dueAt = facts?.row.dueAt?.getTime() ?? null;
	if (!facts || !facts.row.destination || dueAt === null || matterDueState({ status: facts.row.status, dueAt }, now) !== 'overdue') return [];
	const late = `已超过办结时限（${communityTime(dueAt)}）${daysLate(dueAt, now)} 天，请尽快办理。`;
	const toHandlers = await toDestination(facts, facts.row.destination, { title: `事项超期：${facts.category}`, lines: [late], push: pushBody(facts, late) }, origin);
	const handler = facts.handlerName(facts.row.destination) ?? '';
	const secretaries = await allowedToSee(facts, await secretariesOf(facts.row.communityId));
	const toSecretaries = secretaries.map(
		(userId): PlannedDelivery => ({
			channel: 'push',
			userId,
			message: push(facts, origin, `${urgentMark(facts.row)}事项超期：${plainText(facts.category, 40)}`, `${handler}办理的事项已超期：${facts.place}，${facts.row.description}`)
		})
	);
	const handlers = new Set(toHandlers.flatMap((delivery) => (delivery.channel === 'push' ? [delivery.userId] : [])));
	return [...toHandlers, ...toSecretaries.filter((delivery) => delivery.channel === 'push' && !handlers.has(delivery.userId))];
}

/** Resolved: the reporter verifies (a push; no group message). */
export async function matterResolved(matterId: string, eventId: number | undefined, origin: string): Promise<PlannedDelivery[]> {
	const [facts, event] = await Promise.all([matterFacts(matterId), eventOf(matterId, eventId, 'resolve')]);
	if (!facts || !event || facts.row.status !== 'resolved') return [];
	const reporter = (await peopleByIds([facts.row.reportedBy])).get(facts.row.reportedBy);
	if (!reporter || (await allowedToSee(facts, [reporter.id])).length === 0) return [];
	const handler = facts.handlerName(facts.row.destination) ?? '承办方';
	const note = plainText(event.note, 60);
	const body = `${facts.place}的事项已由${handler}办结${note ? `：${sentence(note)}` : '。'}请到现场核实。`;
	return [{ channel: 'push', userId: reporter.id, message: { ...push(facts, origin, `待核实：${plainText(facts.category, 40)}`, body), urgent: false } }];
}
