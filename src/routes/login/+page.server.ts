import { fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import { createSession, generateSessionToken, setSessionCookie } from '$lib/server/auth';
import { attemptLogin } from '$lib/server/login';
import { sameOriginPath } from '$lib/server/redirect-target';
import { demoEnabled } from '$lib/server/startup';
import type { Actions, PageServerLoad } from './$types';

const credentials = v.object({
	username: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(64)),
	password: v.pipe(v.string(), v.minLength(1), v.maxLength(256))
});

/** Only same-site paths, so a crafted link cannot bounce a user elsewhere after sign-in. */
const safeNext = (url: URL) => sameOriginPath(url.searchParams.get('next'), url.origin);

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url));
	return { demo: demoEnabled() };
};

export const actions: Actions = {
	default: async ({ request, cookies, url, getClientAddress }) => {
		const form = await request.formData();
		const username = String(form.get('username') ?? '');
		const parsed = v.safeParse(credentials, { username, password: form.get('password') ?? '' });
		if (!parsed.success) return fail(400, { username, message: m.login_error_missing() });

		const result = await attemptLogin(parsed.output.username, parsed.output.password, getClientAddress());
		if (!result.ok) {
			const message =
				result.reason === 'throttled'
					? m.login_error_throttled({ seconds: String(result.waitSeconds) })
					: result.reason === 'disabled'
						? m.login_error_disabled()
						: m.login_error_invalid();
			return fail(result.reason === 'throttled' ? 429 : 400, { username, message });
		}
		const token = generateSessionToken();
		const session = await createSession(token, result.userId);
		setSessionCookie(cookies, token, session.expiresAt, url.protocol === 'https:');
		redirect(303, safeNext(url));
	}
};
