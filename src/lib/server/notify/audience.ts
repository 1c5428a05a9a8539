import type { PushMessage, RobotMessage } from '../../domain/notice-messages';
import type { notices } from '../db/schema';

export type NoticeRow = typeof notices.$inferSelect;

/** One message the notifier should send for a notice: to a robot, or to every subscription of a person. */
export type PlannedDelivery =
	| { channel: 'robot'; robotId: string; part?: number; message: RobotMessage }
	| { channel: 'push'; userId: string; message: PushMessage };

/**
 * Who hears of a notice, and what each is told. `origin` is the app's public address
 * (links are absolute). STUB: filled in by the notice-content work.
 */
export async function deliveriesOf(notice: NoticeRow, origin: string): Promise<PlannedDelivery[]> {
	void notice;
	void origin;
	return [];
}
