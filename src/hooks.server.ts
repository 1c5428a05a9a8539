import { redirect, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server';
import {
	deleteSessionCookie,
	sessionCookieName,
	setSessionCookie,
	validateSessionToken
} from '$lib/server/auth';
import { prepareApp } from '$lib/server/startup';
import { newId } from '$lib/server/ids';
import { refusal, refusalResponse } from '$lib/server/refusal';
import * as m from '$lib/paraglide/messages';

export const init: ServerInit = async () => {
	await prepareApp();
};

const handleRequestId: Handle = ({ event, resolve }) => {
	event.locals.requestId = newId();
	return resolve(event);
};

const handleLocale: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, {
			transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale)
		});
	});

const handleSession: Handle = async ({ event, resolve }) => {
	const token = event.cookies.get(sessionCookieName);
	const secure = event.url.protocol === 'https:';
	if (!token) {
		event.locals.user = null;
		event.locals.session = null;
		return resolve(event);
	}
	const { session, user } = await validateSessionToken(token);
	if (session) setSessionCookie(event.cookies, token, session.expiresAt, secure);
	else deleteSessionCookie(event.cookies, secure);
	event.locals.user = user;
	event.locals.session = session;
	return resolve(event);
};

/** Pages and API calls a session with a one-time password may still reach. */
const beforePasswordChange = ['/account/password', '/logout', '/login'];

/**
 * A one-time password (new account, reset) is for one thing only: choosing one's own. Pages
 * lead to the change page; API calls get 403.
 */
const handlePasswordChange: Handle = ({ event, resolve }) => {
	if (!event.locals.user?.mustChangePassword || beforePasswordChange.includes(event.url.pathname)) return resolve(event);
	if (event.url.pathname.startsWith('/api/')) return refusalResponse(refusal(403, 'error_password_change_required'));
	if (event.request.method !== 'GET' && event.request.method !== 'HEAD') return new Response(m.error_password_change_required(), { status: 403 });
	redirect(303, '/account/password');
};

const handleSecurityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('x-content-type-options', 'nosniff');
	response.headers.set('referrer-policy', 'same-origin');
	// frame-ancestors 'none' in the CSP of pages; this covers older browsers and every other answer.
	response.headers.set('x-frame-options', 'DENY');
	response.headers.set('cross-origin-opener-policy', 'same-origin');
	response.headers.set('permissions-policy', 'camera=(), microphone=(), payment=(), usb=()');
	if (event.url.protocol === 'https:') response.headers.set('strict-transport-security', 'max-age=31536000');
	return response;
};

export const handle = sequence(handleRequestId, handleLocale, handleSession, handlePasswordChange, handleSecurityHeaders);

export const handleError: HandleServerError = ({ error, event, status }) => {
	const requestId = event.locals.requestId ?? newId();
	if (status !== 404) console.error(`[${requestId}] ${event.request.method} ${event.url.pathname}`, error);
	return {
		message: status === 404 ? m.error_not_found() : m.error_generic({ id: requestId }),
		requestId
	};
};
