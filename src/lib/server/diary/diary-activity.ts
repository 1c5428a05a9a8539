/**
 * A liaison's day as the rest of the system recorded it: tasks acknowledged (收到) and matter
 * work (reports, problems handled on the spot, 核实, 验收). Matters the reader may not see are
 * left out, whatever the diary.
 */
import { and, asc, eq, gte, inArray, lt, ne, or } from 'drizzle-orm';
import { diaryMatterAct, diaryMatterEvents } from '../../domain/diary';
import type { DiaryAck, DiaryMatter } from '../../domain/diary-view';
import type { Period } from '../../domain/matter-figures';
import { maySeeMatter, type Standing } from '../../domain/permissions';
import { db } from '../db';
import { buildings, matterEvents, matters, taskAcks, tasks } from '../db/schema';
import { matterState } from '../matters/matter-access';
import type { DiaryKey } from './diary-records';

export async function acksOf(key: DiaryKey, period: Period): Promise<DiaryAck[]> {
	const rows = await db()
		.select({ taskId: taskAcks.taskId, at: taskAcks.ackedAt, title: tasks.title })
		.from(taskAcks)
		.leftJoin(tasks, eq(tasks.id, taskAcks.taskId))
		.where(
			and(
				eq(taskAcks.userId, key.userId),
				eq(taskAcks.communityId, key.communityId),
				gte(taskAcks.ackedAt, new Date(period.from)),
				lt(taskAcks.ackedAt, new Date(period.to))
			)
		)
		.orderBy(asc(taskAcks.ackedAt));
	return rows.map((row) => ({ taskId: row.taskId, title: row.title ?? '', at: row.at.getTime() }));
}

export async function matterWorkOf(key: DiaryKey, period: Period, reader: Standing): Promise<DiaryMatter[]> {
	const rows = await db()
		.select({ event: { action: matterEvents.action, to: matterEvents.to, at: matterEvents.at }, matter: matters, buildingLabel: buildings.label })
		.from(matterEvents)
		.innerJoin(matters, eq(matters.id, matterEvents.matterId))
		.leftJoin(buildings, eq(buildings.id, matters.buildingId))
		.where(
			and(
				eq(matterEvents.by, key.userId),
				gte(matterEvents.at, new Date(period.from)),
				lt(matterEvents.at, new Date(period.to)),
				inArray(matterEvents.action, Object.keys(diaryMatterEvents)),
				// A resident's report is filed under the liaison, but it is not the liaison's work of the day.
				or(ne(matterEvents.action, 'report'), eq(matters.source, 'staff')),
				eq(matters.communityId, key.communityId)
			)
		)
		.orderBy(asc(matterEvents.at), asc(matterEvents.id));
	return rows.flatMap(({ event, matter, buildingLabel }) => {
		const act = diaryMatterAct(event);
		if (!act || !maySeeMatter(reader, matterState(matter))) return [];
		return [{ matterId: matter.id, act, at: event.at.getTime(), description: matter.description, buildingLabel, status: matter.status }];
	});
}
