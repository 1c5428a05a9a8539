import type { RobotPlatform, RobotScope } from './notices';
import type { QuietHours } from './quiet-hours';

/** A group robot as pages see it: the webhook masked, the secret only as "set". */
export type RobotView = {
	id: string;
	scope: RobotScope;
	/** 社区 name, grid name or company name. */
	scopeName: string;
	communityId: string | null;
	gridId: string | null;
	orgId: string | null;
	platform: RobotPlatform;
	name: string;
	/** e.g. `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=••••3f2a` */
	maskedUrl: string;
	hasSecret: boolean;
	createdAt: number;
	/** Deliveries of the last 7 days. */
	sent: number;
	pending: number;
	failed: number;
	/** The platform's last error, as it said it, and when. */
	lastError: string | null;
	lastErrorAt: number | null;
};

/** A place the viewer may attach a robot to. */
export type RobotScopeOption = { scope: RobotScope; communityId: string | null; gridId: string | null; orgId: string | null; label: string };

export type PushDeviceView = { id: string; device: string; createdAt: number };

export type PushSettingsView = {
	/** The server's VAPID public key (base64url), for `pushManager.subscribe`. */
	publicKey: string;
	quiet: QuietHours;
	devices: PushDeviceView[];
};
