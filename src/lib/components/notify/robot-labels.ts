import type { RobotPlatform, RobotScope } from '$lib/domain/notices';
import * as m from '$lib/paraglide/messages';

export const platformLabel = (platform: RobotPlatform): string =>
	({ wecom: m.robot_platform_wecom, dingtalk: m.robot_platform_dingtalk, feishu: m.robot_platform_feishu })[platform]();

export const platformHint = (platform: RobotPlatform): string =>
	({ wecom: m.robot_hint_wecom, dingtalk: m.robot_hint_dingtalk, feishu: m.robot_hint_feishu })[platform]();

export const platformBadgeClass: Record<RobotPlatform, string> = {
	wecom: 'bg-sky-100 text-sky-800',
	dingtalk: 'bg-blue-100 text-blue-800',
	feishu: 'bg-indigo-100 text-indigo-800'
};

export const groupLabel = (scope: RobotScope): string =>
	({ community: m.robot_group_community, grid: m.robot_group_grid, org: m.robot_group_org })[scope]();
