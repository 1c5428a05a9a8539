import { json, redirect } from '@sveltejs/kit';
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

export function jsonError(status: number, error: string): Response {
	return json({ error }, { status });
}

export const notSignedIn = () => jsonError(401, '未登录或登录已过期，请重新登录。 Not signed in or session expired.');
export const forbidden = () => jsonError(403, '没有权限访问此社区。 You may not access this community.');

/** The community a page works on: `?community=` when given and held, else the first one held. */
export function pickCommunity(user: SessionUser, url: URL, roles: string[]): string | null {
	const held = user.memberships.filter((m) => roles.includes(m.role) && m.communityId).map((m) => m.communityId!);
	const wanted = url.searchParams.get('community');
	if (wanted && held.includes(wanted)) return wanted;
	return held[0] ?? null;
}
