/**
 * Task notices: a task dispatched, a roll-call reminder, the morning after its due time. Each
 * grid of the scope hears in its own group, with its liaisons @-mentioned; the liaisons get a push.
 */
import { and, eq } from 'drizzle-orm';
import type { RobotMessage } from '../../../domain/notice-messages';
import { communityTime, householdShare, listed, plainText, userText } from '../../../domain/notice-text';
import { sumTallies } from '../../../domain/progress';
import { db } from '../../db';
import { taskAcks } from '../../db/schema';
import { scopeFigures } from '../../tasks/task-reports';
import type { PlannedDelivery } from '../audience';
import { gridRobots, phonesOf } from './recipients';
import { scopeLiaisons, taskScope, type ScopeGrid, type TaskScope } from './task-scope';

const dueText = (scope: TaskScope) => (scope.task.dueAt ? communityTime(scope.task.dueAt.getTime()) : '未设定');
const titleOf = (scope: TaskScope) => userText(scope.task.title, 40) || '未命名任务';
const labels = (scope: TaskScope, buildingIds: readonly string[]) => listed(buildingIds.map((id) => userText(scope.label(id), 40)));
const liaisonLine = (scope: TaskScope, name: string, buildingIds: readonly string[]) => `**${userText(name, 40)}**：${labels(scope, buildingIds)}`;

/** One message per grid, to each of its robots. */
async function toGridGroups(scope: TaskScope, write: (grid: ScopeGrid) => RobotMessage | null): Promise<PlannedDelivery[]> {
	const robots = await gridRobots(scope.grids.map((grid) => grid.gridId));
	return scope.grids.flatMap((grid) => {
		const ids = robots.get(grid.gridId) ?? [];
		const message = ids.length ? write(grid) : null;
		return message ? ids.map((robotId) => ({ channel: 'robot' as const, robotId, message })) : [];
	});
}

export async function taskDispatched(taskId: string, origin: string): Promise<PlannedDelivery[]> {
	const scope = await taskScope(taskId);
	if (!scope || scope.task.status !== 'open') return [];
	const link = `${origin}/tasks/${encodeURIComponent(taskId)}`;
	const instructions = userText(scope.task.instructions, 300);
	const robots = await toGridGroups(scope, (grid) => ({
		kind: 'robot',
		title: `新任务：${titleOf(scope)}`,
		markdown: [
			`**截止时间**：${dueText(scope)}`,
			...(instructions ? [`**任务要求**：${instructions}`] : []),
			'**楼栋分工**',
			...grid.liaisons.map((liaison) => liaisonLine(scope, liaison.person.name, liaison.buildingIds)),
			...(grid.unassigned.length ? [`**未分配联络员**：${labels(scope, grid.unassigned)}`] : [])
		].join('\n'),
		link,
		mentions: phonesOf(grid.liaisons.map((liaison) => liaison.person))
	}));
	const pushes = scopeLiaisons(scope).map(
		(liaison): PlannedDelivery => ({
			channel: 'push',
			userId: liaison.person.id,
			message: {
				kind: 'push',
				title: `新任务：${plainText(scope.task.title, 40) || '未命名任务'}`,
				body: plainText(`${dueText(scope)} 截止。你负责：${listed(liaison.buildingIds.map(scope.label))}。${scope.task.instructions}`, 120),
				url: link,
				tag: `task-${taskId}`,
				urgent: false
			}
		})
	);
	return [...robots, ...pushes];
}

/** The scope's liaisons of each grid who have not acknowledged (收到) yet, at fan-out time. */
export async function taskReminder(taskId: string, reminder: number, origin: string): Promise<PlannedDelivery[]> {
	const scope = await taskScope(taskId);
	if (!scope || scope.task.status !== 'open') return [];
	const acks = await db()
		.select({ userId: taskAcks.userId })
		.from(taskAcks)
		.where(and(eq(taskAcks.communityId, scope.task.communityId), eq(taskAcks.taskId, taskId)));
	const acknowledged = new Set(acks.map((ack) => ack.userId));
	const pending = (grid: ScopeGrid) => grid.liaisons.filter((liaison) => !acknowledged.has(liaison.person.id));
	const link = `${origin}/tasks/${encodeURIComponent(taskId)}`;
	const nth = reminder > 1 ? `（第 ${reminder} 次提醒）` : '';
	const robots = await toGridGroups(scope, (grid) => {
		const waiting = pending(grid);
		if (waiting.length === 0) return null;
		return {
			kind: 'robot',
			title: `请确认收到：${titleOf(scope)}`,
			markdown: [
				`以下联络员尚未确认收到${nth}：`,
				...waiting.map((liaison) => liaisonLine(scope, liaison.person.name, liaison.buildingIds)),
				`**截止时间**：${dueText(scope)}`,
				'请打开网格通，在任务页点「收到」。'
			].join('\n'),
			link,
			mentions: phonesOf(waiting.map((liaison) => liaison.person))
		};
	});
	const pushes = scopeLiaisons(scope)
		.filter((liaison) => !acknowledged.has(liaison.person.id))
		.map(
			(liaison): PlannedDelivery => ({
				channel: 'push',
				userId: liaison.person.id,
				message: {
					kind: 'push',
					title: `请确认收到：${plainText(scope.task.title, 40) || '未命名任务'}`,
					body: `${dueText(scope)} 截止${nth}。请打开任务点「收到」。`,
					url: link,
					tag: `task-${taskId}`,
					urgent: false
				}
			})
		);
	return [...robots, ...pushes];
}

/** Each liaison's coverage of the task in the grid, and the grid's; the figures of `GET /api/tasks/:id`. */
export async function taskMorning(taskId: string, origin: string): Promise<PlannedDelivery[]> {
	const scope = await taskScope(taskId);
	if (!scope) return [];
	const figures = new Map((await scopeFigures(scope.task)).map((building) => [building.buildingId, building]));
	const sum = (buildingIds: readonly string[]) => sumTallies(buildingIds.flatMap((id) => figures.get(id) ?? []));
	return toGridGroups(scope, (grid) => {
		const total = sum(grid.buildingIds);
		return {
			kind: 'robot',
			title: `任务完成情况：${titleOf(scope)}`,
			markdown: [
				`截止时间 ${dueText(scope)} 已过，各联络员入户情况：`,
				...grid.liaisons.map((liaison) => {
					const tally = sum(liaison.buildingIds);
					return `**${userText(liaison.person.name, 40)}**：${householdShare(tally.done, tally.total)}`;
				}),
				...(grid.unassigned.length ? [`**未分配联络员**（${labels(scope, grid.unassigned)}）：${householdShare(sum(grid.unassigned).done, sum(grid.unassigned).total)}`] : []),
				`**本网格合计**：${householdShare(total.done, total.total)}`
			].join('\n'),
			link: `${origin}/tasks/${encodeURIComponent(taskId)}`,
			mentions: []
		};
	});
}
