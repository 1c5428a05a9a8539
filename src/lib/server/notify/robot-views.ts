/**
 * Robots as pages see them. The webhook address is a credential (whoever has it posts in the
 * group), so only its host, path and the last characters of each token leave the server; the
 * signing secret not at all.
 */
import type { RobotView } from '../../domain/notify-view';
import type { RobotRow } from './robot-sender';

const dots = '••••';

/** The last 4 characters of a long value; a short one is hidden whole (4 characters would be most of it). */
function maskedValue(value: string): string {
	return value.length >= 12 ? dots + value.slice(-4) : dots;
}

/** A path segment that is a credential: after `hook` (飞书 `/hook/<token>`), or long and made of token characters with a digit. */
function isToken(segment: string, previous: string | undefined): boolean {
	if (segment === '') return false;
	if (previous?.toLowerCase() === 'hook') return true;
	return segment.length >= 16 && /^[A-Za-z0-9_-]+$/.test(segment) && /\d/.test(segment);
}

/** e.g. `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=••••3f2a`. */
export function maskedWebhook(address: string): string {
	let url: URL;
	try {
		url = new URL(address);
	} catch {
		return dots;
	}
	const segments = url.pathname.split('/');
	const path = segments.map((segment, i) => (isToken(segment, segments[i - 1]) ? maskedValue(decodeURIComponent(segment)) : segment)).join('/');
	const query = [...url.searchParams].map(([name, value]) => `${name}=${maskedValue(value)}`).join('&');
	return `${url.protocol}//${url.host}${path}${query ? `?${query}` : ''}`;
}

/** Every credential part of a robot: its address, each query value and token segment, its secret. */
function credentialsOf(robot: Pick<RobotRow, 'webhookUrl' | 'signingSecret'>): string[] {
	const parts = [robot.webhookUrl, robot.signingSecret ?? ''];
	try {
		const url = new URL(robot.webhookUrl);
		parts.push(...url.searchParams.values());
		const segments = url.pathname.split('/');
		parts.push(...segments.filter((segment, i) => isToken(segment, segments[i - 1])));
	} catch {
		// An address that does not parse was never stored (the allowlist parses it).
	}
	return parts.filter((part) => part.length >= 4).sort((a, b) => b.length - a.length);
}

/** A platform's error as shown on the page: any credential it quotes (an address in a network error) masked. */
export function scrubbed(text: string, robot: Pick<RobotRow, 'webhookUrl' | 'signingSecret'>): string {
	let out = text.slice(0, 500);
	for (const part of credentialsOf(robot)) out = out.split(part).join(part === robot.webhookUrl ? maskedWebhook(part) : maskedValue(part));
	return out;
}

export type RobotStats = Pick<RobotView, 'sent' | 'pending' | 'failed' | 'lastError' | 'lastErrorAt'>;

export const noStats: RobotStats = { sent: 0, pending: 0, failed: 0, lastError: null, lastErrorAt: null };

export function robotView(row: RobotRow, scopeName: string, stats: RobotStats = noStats): RobotView {
	return {
		id: row.id,
		scope: row.scope,
		scopeName,
		communityId: row.communityId,
		gridId: row.gridId,
		orgId: row.orgId,
		platform: row.platform,
		name: row.name,
		maskedUrl: maskedWebhook(row.webhookUrl),
		hasSecret: !!row.signingSecret,
		createdAt: row.createdAt.getTime(),
		...stats,
		lastError: stats.lastError === null ? null : scrubbed(stats.lastError, row)
	};
}
