import { error, fail } from '@sveltejs/kit';
import * as m from '../paraglide/messages';
import type { SessionUser } from './auth';
import { pickCommunity, principalOf } from './guards';
import { PeopleError } from './people';
import type { FieldErrors } from './people-input';

/** The community the people pages work on, or 403 for someone who may not see its people. */
export function peopleCommunity(user: SessionUser, url: URL): string {
	const communityId = pickCommunity(user, url, ['secretary', 'chief']);
	if (!communityId) error(403, m.error_forbidden());
	return communityId;
}

export function translateFieldErrors(errors: FieldErrors): Record<string, string> {
	return Object.fromEntries(Object.entries(errors).map(([field, key]) => [field, m[key]()]));
}

/** Runs a people service call, turning its expected refusals into form failures. */
export async function runPeopleAction<T>(user: SessionUser, work: (principal: ReturnType<typeof principalOf>) => Promise<T>) {
	try {
		return await work(principalOf(user));
	} catch (caught) {
		if (!(caught instanceof PeopleError)) throw caught;
		const message = caught.key === 'error_username_taken' ? m.error_username_taken({ username: caught.params.username ?? '' }) : m[caught.key]();
		if (caught.status === 404) error(404, message);
		return fail(caught.status, { message });
	}
}

/** Loads for the people pages: expected refusals become the matching HTTP error page. */
export async function loadOrError<T>(work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (caught) {
		if (caught instanceof PeopleError) error(caught.status === 400 ? 403 : caught.status, m[caught.key]({ username: '' }));
		throw caught;
	}
}
