/**
 * What clients may send about group robots, bounded. Every check names its own message: a
 * valibot default would quote the value it received, and a webhook address or a secret must
 * never come back in an answer.
 */
import * as v from 'valibot';
import { issueText } from '../input-issues';
import { robotPlatforms, type RobotPlatform } from '../../domain/notices';
import * as m from '../../paraglide/messages';
import { refusal } from '../refusal';
import { isRobotAddress } from './addresses';

export const robotLimits = { name: 40, address: 2048, secret: 200, perGroup: 10 } as const;

const id = v.pipe(v.string('must be an id'), v.minLength(1, 'must be an id'), v.maxLength(64, 'must be an id'));
const name = v.pipe(
	v.string('must be text'),
	v.trim(),
	v.minLength(1, 'a name is required'),
	v.maxLength(robotLimits.name, `at most ${robotLimits.name} characters`)
);
const address = v.pipe(v.string('must be text'), v.trim(), v.maxLength(robotLimits.address, `at most ${robotLimits.address} characters`));
const secret = v.pipe(
	v.string('must be text'),
	v.trim(),
	v.maxLength(robotLimits.secret, `at most ${robotLimits.secret} characters`),
	v.regex(/^[\x21-\x7e]*$/, 'letters, digits and punctuation only, without spaces')
);

/** Only the place, read first: who may attach a robot there is asked before the rest is looked at. */
export const robotPlaceSchema = v.variant(
	'scope',
	[
		v.object({ scope: v.literal('community'), communityId: id }),
		v.object({ scope: v.literal('grid'), gridId: id }),
		v.object({ scope: v.literal('org'), orgId: id })
	],
	'scope must be community (with communityId), grid (with gridId) or org (with orgId)'
);
export type RobotPlaceInput = v.InferOutput<typeof robotPlaceSchema>;

export const robotCreateSchema = v.strictObject(
	{
		scope: v.picklist(['community', 'grid', 'org'], 'scope must be community, grid or org'),
		communityId: v.optional(v.nullable(id)),
		gridId: v.optional(v.nullable(id)),
		orgId: v.optional(v.nullable(id)),
		platform: v.picklist(robotPlatforms, 'platform must be wecom, dingtalk or feishu'),
		name,
		webhookUrl: v.pipe(address, v.minLength(1, 'the webhook address is required')),
		signingSecret: v.optional(v.nullable(secret))
	},
	'only scope, communityId, gridId, orgId, platform, name, webhookUrl and signingSecret'
);
export type RobotCreateInput = v.InferOutput<typeof robotCreateSchema>;

/** An empty address or secret keeps the stored one, so a page never has to send back what it was shown masked. */
export const robotEditSchema = v.strictObject(
	{
		name: v.optional(name),
		webhookUrl: v.optional(address),
		signingSecret: v.optional(v.nullable(secret)),
		removeSecret: v.optional(v.boolean('must be true or false'))
	},
	'only name, webhookUrl, signingSecret and removeSecret'
);
export type RobotEditInput = v.InferOutput<typeof robotEditSchema>;

export function parseRobotInput<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
	const result = v.safeParse(schema, input);
	if (!result.success) throw refusal(400, 'error_robot_input', { detail: issueText(result.issues) });
	return result.output;
}

/** What each platform's webhook address starts with, for the refusal that says where to find it. */
export const robotAddressPrefix: Record<RobotPlatform, string> = {
	wecom: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=',
	dingtalk: 'https://oapi.dingtalk.com/robot/send?access_token=',
	feishu: 'https://open.feishu.cn/open-apis/bot/v2/hook/'
};

export function platformLabel(platform: RobotPlatform): string {
	return { wecom: m.robot_platform_wecom, dingtalk: m.robot_platform_dingtalk, feishu: m.robot_platform_feishu }[platform]();
}

/** The SSRF allowlist: an address of another host (the database, the cloud's metadata) is refused. */
export function requireRobotAddress(platform: RobotPlatform, address: string): void {
	if (!isRobotAddress(platform, address)) throw refusal(400, 'error_robot_address', { platform: platformLabel(platform), prefix: robotAddressPrefix[platform] });
}
