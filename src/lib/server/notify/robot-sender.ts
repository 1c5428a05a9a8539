import type { RobotMessage } from '../../domain/notice-messages';
import type { notifyRobots } from '../db/schema';
import { isRobotAddress } from './addresses';
import { platformRequest, readPlatformAnswer } from './platforms';
import type { SendOutcome } from './send-outcome';

export type RobotRow = typeof notifyRobots.$inferSelect;

/** Posts one message (or its `part`) to a group robot in its platform's format. Never throws. */
export async function sendToRobot(robot: RobotRow, message: RobotMessage, part: number, timeoutMs: number): Promise<SendOutcome> {
	// Checked again at sending: the allowlist may have shrunk since the robot was saved.
	if (!isRobotAddress(robot.platform, robot.webhookUrl)) return { ok: false, retry: false, error: '群机器人地址不在允许的平台地址内' };
	const request = platformRequest(robot, message, part);
	try {
		const response = await fetch(request.url, {
			method: 'POST',
			headers: { 'content-type': 'application/json; charset=utf-8' },
			body: JSON.stringify(request.body),
			redirect: 'error',
			signal: AbortSignal.timeout(timeoutMs)
		});
		const answer = readPlatformAnswer(response.status, (await response.text()).slice(0, 4000));
		if (answer.ok) return { ok: true };
		const retryAfter = Number(response.headers.get('retry-after'));
		return {
			ok: false,
			retry: true,
			error: answer.error,
			...(answer.rateLimited ? { rateLimited: true } : {}),
			...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: Math.min(retryAfter, 3600) * 1000 } : {})
		};
	} catch (caught) {
		const error = caught instanceof Error ? (caught.name === 'TimeoutError' ? `${timeoutMs} ms 内无应答` : caught.message) : String(caught);
		return { ok: false, retry: true, error: `网络错误 · ${error}`.slice(0, 500) };
	}
}
