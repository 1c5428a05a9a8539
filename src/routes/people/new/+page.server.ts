import { error, fail } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { mayManagePeople, mayManagePublicSide, standingIn } from '$lib/domain/permissions';
import { principalOf, requireUser } from '$lib/server/guards';
import { createPerson, scopeChoices } from '$lib/server/people';
import { peopleActionContext, peopleCommunity, runPeopleAction, translateFieldErrors } from '$lib/server/people-actions';
import { newPersonSchema, parseInput } from '$lib/server/people-input';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireUser(locals, url);
	const communityId = peopleCommunity(user, url);
	const standing = standingIn(principalOf(user), communityId);
	if (!mayManagePeople(standing)) error(403, m.error_forbidden());
	return { communityId, choices: await scopeChoices(communityId), canManagePublicSide: mayManagePublicSide(standing) };
};

export const actions: Actions = {
	default: async (event) => {
		const { user, communityId, values } = await peopleActionContext(event);
		const parsed = parseInput(newPersonSchema, values);
		if (!parsed.ok) return fail(400, { values, errors: translateFieldErrors(parsed.errors) });
		const result = await runPeopleAction(user, (principal) => createPerson(principal, communityId, parsed.value), { values });
		if (!('password' in result)) return result;
		return { created: { id: result.userId, name: parsed.value.displayName, password: result.password } };
	}
};
