import { redirect } from '@sveltejs/kit';
import { standingIn, type Standing } from '../domain/permissions';
import type { Principal } from '../domain/roles';
import type { SessionUser } from './auth';

export function principalOf(user: SessionUser): Principal {
	return { userId: user.id, memberships: user.memberships };
}

/** Pages: a signed-out visitor is sent to sign in and brought back afterwards. */
export function requireUser(locals: App.Locals, url: URL): SessionUser {
	if (!locals.user) {
		const next = url.pathname + url.search;
		redirect(303, next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`);
	}
	return locals.user;
}

/**
 * The community a page works on, among the user's communities where `may` holds (a policy
 * function): `?community=` when it is one of them, else the first.
 */
export function pickCommunity(user: SessionUser, url: URL, may: (standing: Standing) => boolean): string | null {
	const principal = principalOf(user);
	const communityIds = [...new Set(user.memberships.map((m) => m.communityId).filter((id): id is string => !!id))];
	const held = communityIds.filter((id) => may(standingIn(principal, id)));
	const wanted = url.searchParams.get('community');
	if (wanted && held.includes(wanted)) return wanted;
	return held[0] ?? null;
}
