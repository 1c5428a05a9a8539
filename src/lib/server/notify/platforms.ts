import { createHmac } from 'node:crypto';
import type { RobotMessage } from '../../domain/notice-messages';
import type { RobotPlatform } from '../../domain/notices';

/** One HTTP request to a platform: where, and the JSON body. */
export type PlatformRequest = { url: string; body: unknown };

/** 企业微信 cuts markdown at 4,096 bytes and 钉钉 at about 5,000 characters; keep below both. */
const maxMarkdownBytes = 4000;

/** The markdown with the link last, cut (at a line) to what the platforms take. */
function bodyOf(message: RobotMessage, extra = ''): string {
	const tail = `\n\n[打开网格通查看](${message.link})${extra}`;
	const budget = maxMarkdownBytes - Buffer.byteLength(tail);
	let text = message.markdown;
	if (Buffer.byteLength(text) > budget) {
		const lines = text.split('\n');
		while (lines.length > 1 && Buffer.byteLength(lines.join('\n') + '\n……') > budget) lines.pop();
		text = `${lines.join('\n')}\n……`;
		if (Buffer.byteLength(text) > budget) text = Buffer.from(text).subarray(0, budget).toString().replace(/\uFFFD+$/, '');
	}
	return text + tail;
}

/**
 * 企业微信: markdown cannot @-mention by phone; a short text message with
 * `mentioned_mobile_list` follows it (part 1) when there is someone to mention.
 */
function wecom(url: string, message: RobotMessage, part: number): PlatformRequest {
	if (part === 1) {
		return { url, body: { msgtype: 'text', text: { content: `请以上人员查收：${message.title}`, mentioned_mobile_list: message.mentions } } };
	}
	return { url, body: { msgtype: 'markdown', markdown: { content: `**${message.title}**\n${bodyOf(message)}` } } };
}

/**
 * 钉钉: `timestamp` (ms) and `sign` = base64(HMAC-SHA256(secret, `${timestamp}\n${secret}`)) in the
 * query when the robot has a signing secret; mentions need both `atMobiles` and `@phone` in the text.
 */
function dingtalk(url: string, message: RobotMessage, secret: string | null, now: number): PlatformRequest {
	const target = new URL(url);
	if (secret) {
		target.searchParams.set('timestamp', String(now));
		target.searchParams.set('sign', createHmac('sha256', secret).update(`${now}\n${secret}`).digest('base64'));
	}
	const at = message.mentions.length ? `\n\n${message.mentions.map((phone) => `@${phone}`).join(' ')}` : '';
	return {
		url: target.toString(),
		body: {
			msgtype: 'markdown',
			markdown: { title: message.title, text: `### ${message.title}\n${bodyOf(message, at)}` },
			at: { atMobiles: message.mentions, isAtAll: false }
		}
	};
}

/**
 * 飞书: an interactive card with a markdown element; `timestamp` (s) and
 * `sign` = base64(HMAC-SHA256(key `${timestamp}\n${secret}`, empty message)) in the body.
 */
function feishu(url: string, message: RobotMessage, secret: string | null, now: number): PlatformRequest {
	const seconds = Math.floor(now / 1000);
	const signature = secret ? { timestamp: String(seconds), sign: createHmac('sha256', `${seconds}\n${secret}`).update('').digest('base64') } : {};
	return {
		url,
		body: {
			...signature,
			msg_type: 'interactive',
			card: {
				config: { wide_screen_mode: true },
				header: { title: { tag: 'plain_text', content: message.title }, template: 'blue' },
				elements: [{ tag: 'markdown', content: bodyOf(message) }]
			}
		}
	};
}

/** How many requests a message takes on a platform (企业微信 mentions need a second one). */
export function partsOf(platform: RobotPlatform, message: RobotMessage): number {
	return platform === 'wecom' && message.mentions.length > 0 ? 2 : 1;
}

export function platformRequest(
	robot: { platform: RobotPlatform; webhookUrl: string; signingSecret: string | null },
	message: RobotMessage,
	part: number,
	now = Date.now()
): PlatformRequest {
	switch (robot.platform) {
		case 'wecom':
			return wecom(robot.webhookUrl, message, part);
		case 'dingtalk':
			return dingtalk(robot.webhookUrl, message, robot.signingSecret, now);
		case 'feishu':
			return feishu(robot.webhookUrl, message, robot.signingSecret, now);
	}
}

/** Error codes that mean "too many messages": wait for the window rather than count an attempt. */
const rateLimitCodes = new Set([45009, 130101, 9499, 11232]);

export type PlatformAnswer = { ok: true } | { ok: false; error: string; rateLimited: boolean };

/**
 * What the platform's JSON answer says. 企业微信 and 钉钉 answer `{ errcode, errmsg }`, 飞书
 * `{ code, msg }` (older robots `{ StatusCode, StatusMessage }`); 0 is success.
 */
export function readPlatformAnswer(status: number, text: string): PlatformAnswer {
	let json: Record<string, unknown> = {};
	try {
		json = JSON.parse(text) as Record<string, unknown>;
	} catch {
		// Not JSON: judged by the status alone.
	}
	const code = [json.errcode, json.code, json.StatusCode].find((value) => typeof value === 'number') as number | undefined;
	const said = [json.errmsg, json.msg, json.StatusMessage].find((value) => typeof value === 'string') as string | undefined;
	if (status >= 200 && status < 300 && (code === undefined || code === 0)) return { ok: true };
	const error = `HTTP ${status}${code !== undefined ? ` · ${code}` : ''}${said ? ` · ${said}` : text && !said ? ` · ${text.slice(0, 200)}` : ''}`;
	return { ok: false, error: error.slice(0, 500), rateLimited: status === 429 || (code !== undefined && rateLimitCodes.has(code)) };
}
