import { error, type RequestEvent } from '@sveltejs/kit';
import * as m from '../paraglide/messages';
import { maySeePeople } from '../domain/permissions';
import type { Principal } from '../domain/roles';
import type { SessionUser } from './auth';
import { pickCommunity, principalOf, requireUser } from './guards';
import { formObject, type FieldErrors } from './people-input';
import { HttpRefusal, refusalFailure, refusalPage } from './refusal';

/** The community the people pages work on, or 403 for someone who may not see its people. */
export function peopleCommunity(user: SessionUser, url: URL): string {
	const communityId = pickCommunity(user, url, maySeePeople);
	if (!communityId) error(403, m.error_forbidden());
	return communityId;
}

/** Set-up shared by every people form action: who acts, on which community, with which form. */
export async function peopleActionContext(event: RequestEvent) {
	const user = requireUser(event.locals, event.url);
	return { user, communityId: peopleCommunity(user, event.url), values: formObject(await event.request.formData()) };
}

export function translateFieldErrors(errors: FieldErrors): Record<string, string> {
	return Object.fromEntries(Object.entries(errors).map(([field, key]) => [field, m[key]()]));
}

/**
 * Runs a people service call, turning its expected refusals into form failures that
 * carry `keep` (e.g. the typed values) back to the form.
 */
export async function runPeopleAction<T>(
	user: SessionUser,
	work: (principal: Principal) => Promise<T>,
	keep: Record<string, unknown> = {}
) {
	try {
		return await work(principalOf(user));
	} catch (caught) {
		if (!(caught instanceof HttpRefusal)) throw caught;
		if (caught.status === 404) refusalPage(caught);
		return refusalFailure(caught, keep);
	}
}

/** Loads for the people pages: expected refusals become the matching HTTP error page. */
export async function loadOrError<T>(work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (caught) {
		if (caught instanceof HttpRefusal) refusalPage(caught, caught.status === 400 ? 403 : caught.status);
		throw caught;
	}
}
