import { mayManagePeople, mayManagePublicSide, standingIn } from '$lib/domain/permissions';
import { principalOf, requireUser } from '$lib/server/guards';
import { addRole, getPerson, removeRole, resetPassword, scopeChoices, setDisabled, updatePerson } from '$lib/server/people';
import { loadOrError, peopleActionContext, peopleCommunity, runPeopleAction, translateFieldErrors } from '$lib/server/people-actions';
import { parseInput, personDetailsSchema, roleAssignmentSchema } from '$lib/server/people-input';
import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const user = requireUser(locals, url);
	const communityId = peopleCommunity(user, url);
	const principal = principalOf(user);
	const { person, history } = await loadOrError(() => getPerson(principal, communityId, params.id));
	const standing = standingIn(principal, communityId);
	const canManage = mayManagePeople(standing);
	// Removing a role of this community stays possible; changing the account needs the person wholly in scope.
	const canChange = canManage && person.manageable;
	const canManagePublicSide = mayManagePublicSide(standing);
	return { communityId, canManage, canChange, canManagePublicSide, person, history, choices: canManage ? await scopeChoices(communityId) : null };
};

export const actions: Actions = {
	update: async (event) => {
		const { user, communityId, values } = await peopleActionContext(event);
		const parsed = parseInput(personDetailsSchema, values);
		if (!parsed.ok) return fail(400, { action: 'update', values, errors: translateFieldErrors(parsed.errors) });
		return (await runPeopleAction(user, (p) => updatePerson(p, communityId, event.params.id, parsed.value))) ?? { action: 'update', saved: true };
	},
	addRole: async (event) => {
		const { user, communityId, values } = await peopleActionContext(event);
		const parsed = parseInput(roleAssignmentSchema, values);
		if (!parsed.ok) return fail(400, { action: 'addRole', values, errors: translateFieldErrors(parsed.errors) });
		return (await runPeopleAction(user, (p) => addRole(p, communityId, event.params.id, parsed.value))) ?? { action: 'addRole', saved: true };
	},
	removeRole: async (event) => {
		const { user, communityId, values } = await peopleActionContext(event);
		return (await runPeopleAction(user, (p) => removeRole(p, communityId, event.params.id, values.membershipId ?? ''))) ?? { action: 'removeRole', saved: true };
	},
	disable: async (event) => {
		const { user, communityId } = await peopleActionContext(event);
		return (await runPeopleAction(user, (p) => setDisabled(p, communityId, event.params.id, true))) ?? { action: 'disable', saved: true };
	},
	enable: async (event) => {
		const { user, communityId } = await peopleActionContext(event);
		return (await runPeopleAction(user, (p) => setDisabled(p, communityId, event.params.id, false))) ?? { action: 'enable', saved: true };
	},
	resetPassword: async (event) => {
		const { user, communityId } = await peopleActionContext(event);
		const result = await runPeopleAction(user, (p) => resetPassword(p, communityId, event.params.id));
		return typeof result === 'string' ? { action: 'resetPassword', password: result } : result;
	}
};
