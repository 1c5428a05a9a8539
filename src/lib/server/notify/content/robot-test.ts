import { eq } from 'drizzle-orm';
import { db } from '../../db';
import { notifyRobots } from '../../db/schema';
import type { PlannedDelivery } from '../audience';

/** "Send a test message": to that one robot, never to anyone else. */
export async function robotTest(robotId: string | undefined, origin: string): Promise<PlannedDelivery[]> {
	if (!robotId) return [];
	const [robot] = await db().select({ id: notifyRobots.id }).from(notifyRobots).where(eq(notifyRobots.id, robotId));
	if (!robot) return [];
	return [
		{
			channel: 'robot',
			robotId: robot.id,
			message: {
				kind: 'robot',
				title: '网格通测试消息',
				markdown: '这是一条测试消息。看到它，说明群机器人已接通网格通，任务和事项提醒会发到本群。',
				link: `${origin}/notifications`,
				mentions: []
			}
		}
	];
}
