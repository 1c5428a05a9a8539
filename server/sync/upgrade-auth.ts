import type { IncomingMessage } from 'node:http';
import { mayViewCommunity, mayWrite, standingIn } from '../../src/lib/domain/permissions';
import type { Principal } from '../../src/lib/domain/roles';
import { closeCodes, communityIdOfDoc } from '../../src/lib/domain/sync-protocol';
import { sessionCookieName, validateSessionToken } from '../../src/lib/server/auth';
import { getCommunity } from '../../src/lib/server/community';
import type { ConnectionIdentity } from './connection';

export type UpgradeTarget = { docName: string; communityId: string };

export type UpgradeDecision =
	| { kind: 'close'; code: number; reason: string }
	| { kind: 'accept'; identity: ConnectionIdentity };

/** `/sync/<docName>`, or null for anything else. */
export function upgradeTarget(request: IncomingMessage): UpgradeTarget | null {
	const path = new URL(request.url ?? '/', 'http://x').pathname;
	if (!path.startsWith('/sync/')) return null;
	let docName: string;
	try {
		docName = decodeURIComponent(path.slice('/sync/'.length));
	} catch {
		return null;
	}
	const communityId = communityIdOfDoc(docName);
	return communityId ? { docName, communityId } : null;
}

/**
 * Browsers always send Origin on WebSocket upgrades, and a page of another site could
 * otherwise ride on the session cookie. Without ORIGIN the request's own host is ours.
 * Non-browser clients that send no Origin cannot carry a victim's cookie, so they pass.
 */
export function originAllowed(request: IncomingMessage, configuredOrigin: string | undefined): boolean {
	const origin = request.headers.origin;
	if (origin === undefined) return true;
	if (configuredOrigin) return origin === new URL(configuredOrigin).origin;
	const host = request.headers.host;
	return !!host && (origin === `http://${host}` || origin === `https://${host}`);
}

function sessionToken(request: IncomingMessage): string | null {
	for (const part of (request.headers.cookie ?? '').split(';')) {
		const [name, ...rest] = part.trim().split('=');
		if (name === sessionCookieName) return decodeURIComponent(rest.join('='));
	}
	return null;
}

/** Who is connecting and whether they may: members write, the street office only reads. */
export async function authorizeUpgrade(request: IncomingMessage, target: UpgradeTarget): Promise<UpgradeDecision> {
	const token = sessionToken(request);
	const validation = token ? await validateSessionToken(token) : null;
	if (!validation?.session) return { kind: 'close', code: closeCodes.unauthenticated, reason: 'not signed in' };
	// A one-time password opens nothing but the page that replaces it.
	if (validation.user.mustChangePassword) return { kind: 'close', code: closeCodes.unauthenticated, reason: 'password must be changed' };
	const principal: Principal = { userId: validation.user.id, memberships: validation.user.memberships };
	const community = await getCommunity(target.communityId);
	const standing = community && standingIn(principal, community);
	if (!community || !standing || !mayViewCommunity(standing)) {
		return { kind: 'close', code: closeCodes.forbidden, reason: 'not a member of this community' };
	}
	return {
		kind: 'accept',
		identity: {
			userId: principal.userId,
			sessionId: validation.session.id,
			sessionExpiresAt: validation.session.expiresAt,
			principal,
			readOnly: !mayWrite(standing)
		}
	};
}
