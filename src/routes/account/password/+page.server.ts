import { fail, redirect } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { requireUser } from '$lib/server/guards';
import { changePassword, minPasswordLength, type PasswordChangeError } from '$lib/server/password-change';
import type { Actions, PageServerLoad } from './$types';

const errors: Record<PasswordChangeError, (inputs: { min: string }) => string> = {
	password_error_current: () => m.password_error_current(),
	password_error_short: (inputs) => m.password_error_short(inputs),
	password_error_mismatch: () => m.password_error_mismatch(),
	password_error_username: () => m.password_error_username(),
	password_error_same: () => m.password_error_same()
};

export const load: PageServerLoad = ({ locals, url }) => {
	const user = requireUser(locals, url);
	return { required: user.mustChangePassword, minLength: minPasswordLength };
};

export const actions: Actions = {
	default: async ({ locals, request, url }) => {
		const user = requireUser(locals, url);
		const form = Object.fromEntries(await request.formData());
		const result = await changePassword(user, locals.session!.id, form);
		if (!result.ok) return fail(400, { message: errors[result.error]({ min: String(minPasswordLength) }) });
		redirect(303, '/?password=changed');
	}
};
