import { redirect } from '@sveltejs/kit';
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

/** The community a page works on: `?community=` when given and held, else the first one held. */
export function pickCommunity(user: SessionUser, url: URL, roles: string[]): string | null {
	const held = user.memberships.filter((m) => roles.includes(m.role) && m.communityId).map((m) => m.communityId!);
	const wanted = url.searchParams.get('community');
	if (wanted && held.includes(wanted)) return wanted;
	return held[0] ?? null;
}
