import type { RobotMessage } from '../../domain/notice-messages';
import type { notifyRobots } from '../db/schema';
import type { SendOutcome } from './send-outcome';

export type RobotRow = typeof notifyRobots.$inferSelect;

/** Posts one message to a group robot in its platform's format. STUB: being written by the lead. */
export async function sendToRobot(robot: RobotRow, message: RobotMessage, part: number, timeoutMs: number): Promise<SendOutcome> {
	void robot;
	void message;
	void part;
	void timeoutMs;
	return { ok: false, retry: false, error: 'not built yet' };
}
