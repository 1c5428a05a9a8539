/**
 * The "send a test message" button: one message, sent at once (not through the outbox), and the
 * platform's answer shown as it came. One test per robot every 10 seconds, so the button cannot
 * be used to flood a group (or to hammer an address).
 */
import type { RobotMessage } from '../../domain/notice-messages';
import type { Principal } from '../../domain/roles';
import * as m from '../../paraglide/messages';
import { refusal } from '../refusal';
import { readNotifySettings } from './notify-settings';
import { sendToRobot } from './robot-sender';
import { scrubbed } from './robot-views';
import { managedRobot } from './robots';

export const testIntervalMs = 10_000;

/** When each robot was last tested on this instance. */
const lastTests = new Map<string, number>();

function claimTest(robotId: string, now: number): void {
	const last = lastTests.get(robotId);
	if (last !== undefined && now - last < testIntervalMs) {
		throw refusal(429, 'error_robot_test_throttled', { seconds: Math.ceil((testIntervalMs - (now - last)) / 1000) });
	}
	if (lastTests.size > 10_000) for (const [id, at] of lastTests) if (now - at >= testIntervalMs) lastTests.delete(id);
	lastTests.set(robotId, now);
}

/** The test message, in Chinese as every group message is, with a link to the notifications page. */
export function testMessage(appOrigin: string): RobotMessage {
	const link = new URL('/notifications', appOrigin).href;
	const text = m.robot_test_message({}, { locale: 'zh-CN' });
	return {
		kind: 'robot',
		title: m.robot_test_message_title({}, { locale: 'zh-CN' }),
		markdown: `${text}\n\n[${m.robot_test_message_link({}, { locale: 'zh-CN' })}](${link})`,
		link,
		mentions: []
	};
}

export type TestAnswer = { ok: true } | { ok: false; error: string };

export async function testRobot(principal: Principal, robotId: string, appOrigin: string, now = Date.now()): Promise<TestAnswer> {
	const robot = await managedRobot(principal, robotId);
	claimTest(robot.id, now);
	const outcome = await sendToRobot(robot, testMessage(appOrigin), 0, readNotifySettings().sendTimeoutMs);
	return outcome.ok ? { ok: true } : { ok: false, error: scrubbed(outcome.error, robot) };
}
