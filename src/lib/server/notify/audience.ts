import type { PushMessage, RobotMessage } from '../../domain/notice-messages';
import type { notices } from '../db/schema';
import { matterOverdue, matterReminded, matterResolved, matterRouted } from './content/matter-notices';
import { robotTest } from './content/robot-test';
import { taskDispatched, taskMorning, taskReminder } from './content/task-notices';
import { weeklyDigest } from './content/weekly-digest';

export type NoticeRow = typeof notices.$inferSelect;

/** One message the notifier should send for a notice: to a robot, or to every subscription of a person. */
export type PlannedDelivery =
	| { channel: 'robot'; robotId: string; part?: number; message: RobotMessage }
	| { channel: 'push'; userId: string; message: PushMessage };

/**
 * Who hears of a notice, and what each is told, as things stand now (a matter routed elsewhere
 * meanwhile, a liaison who has acknowledged since: the message follows). `origin` is the app's
 * public address (links are absolute). One delivery per robot and per person.
 */
export async function deliveriesOf(notice: NoticeRow, origin: string): Promise<PlannedDelivery[]> {
	const base = origin.replace(/\/+$/, '');
	const { subject } = notice;
	const all = await (async () => {
		switch (notice.kind) {
			case 'task-dispatched':
				return subject.taskId ? taskDispatched(subject.taskId, base) : [];
			case 'task-reminder':
				return subject.taskId ? taskReminder(subject.taskId, subject.reminder ?? 1, base) : [];
			case 'task-morning':
				return subject.taskId ? taskMorning(subject.taskId, base) : [];
			case 'matter-routed':
				return subject.matterId ? matterRouted(subject.matterId, subject.eventId, base) : [];
			case 'matter-reminded':
				return subject.matterId ? matterReminded(subject.matterId, subject.eventId, base) : [];
			case 'matter-overdue':
				return subject.matterId ? matterOverdue(subject.matterId, base) : [];
			case 'matter-resolved':
				return subject.matterId ? matterResolved(subject.matterId, subject.eventId, base) : [];
			case 'weekly-digest':
				return notice.communityId ? weeklyDigest(notice.communityId, subject.week, base) : [];
			case 'robot-test':
				return robotTest(subject.robotId, base);
		}
	})();
	return once(all);
}

/** A robot or a person named twice (a grid's robot also a company's, say) hears once. */
function once(deliveries: PlannedDelivery[]): PlannedDelivery[] {
	const seen = new Set<string>();
	return deliveries.filter((delivery) => {
		const key = delivery.channel === 'robot' ? `robot:${delivery.robotId}:${delivery.part ?? 0}` : `push:${delivery.userId}`;
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}
