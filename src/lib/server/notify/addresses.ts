import type { RobotPlatform } from '../../domain/notices';
import { readNotifySettings } from './notify-settings';

/**
 * Where the server may send a request on someone's say-so. A robot's webhook and a browser's push
 * endpoint are addresses a user typed or a browser made up: without this check, anyone with an
 * account could make the server call into its own network (the database, Redis, metadata).
 */
const robotHosts: Record<RobotPlatform, string[]> = {
	wecom: ['qyapi.weixin.qq.com'],
	dingtalk: ['oapi.dingtalk.com'],
	feishu: ['open.feishu.cn', 'open.larksuite.com']
};

/** The push services of the browsers that support Web Push. */
const pushHostSuffixes = ['fcm.googleapis.com', 'push.services.mozilla.com', 'push.apple.com', 'notify.windows.com'];

function parsed(address: string): URL | null {
	if (address.length > 2048) return null;
	try {
		return new URL(address);
	} catch {
		return null;
	}
}

/** Test and private deployments may add hosts (NOTIFY_ALLOWED_HOSTS, host or host:port); those may be plain http. */
function extraAllowed(url: URL, extraHosts: readonly string[]): boolean {
	return extraHosts.includes(url.host.toLowerCase()) || extraHosts.includes(url.hostname.toLowerCase());
}

export function isRobotAddress(platform: RobotPlatform, address: string, extraHosts = readNotifySettings().extraHosts): boolean {
	const url = parsed(address);
	if (!url || url.username || url.password) return false;
	if (extraAllowed(url, extraHosts)) return url.protocol === 'https:' || url.protocol === 'http:';
	return url.protocol === 'https:' && url.port === '' && robotHosts[platform].includes(url.hostname.toLowerCase());
}

export function isPushAddress(address: string, extraHosts = readNotifySettings().extraHosts): boolean {
	const url = parsed(address);
	if (!url || url.username || url.password) return false;
	if (extraAllowed(url, extraHosts)) return url.protocol === 'https:' || url.protocol === 'http:';
	const host = url.hostname.toLowerCase();
	return url.protocol === 'https:' && url.port === '' && pushHostSuffixes.some((suffix) => host === suffix || host.endsWith(`.${suffix}`));
}
