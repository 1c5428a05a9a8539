import { error, fail, redirect } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { discardBody, HttpRefusal, refusalFailure } from '$lib/server/refusal';
import { residentPage } from '$lib/server/public/resident-page';
import { reportAsResident, requirePhotoRoom, requireReportRoom, residentPhotoCap, storeResidentPhoto } from '$lib/server/public/resident-report';
import { parseResidentReport, residentFieldMessage } from '$lib/server/public/resident-report-input';
import { residentTarget } from '$lib/server/public/resident-target';
import { readMultipartForm } from '$lib/server/structure/request-body';
import type { Actions, PageServerLoad } from './$types';

/**
 * A building's public page, opened from the QR code on its sign by anyone, no account: who to
 * call, and 反映问题. No JavaScript at all (`csr = false` in ../+layout.ts): a plain form that
 * works on any phone.
 */
export const load: PageServerLoad = async ({ params, url, setHeaders }) => {
	const view = await residentPage(params.code);
	if (!view) error(404, m.public_not_found());
	setHeaders({ 'cache-control': 'no-store' });
	return { view, sent: url.searchParams.get('sent') === '1', publicPage: true };
};

/** A text field, cut short enough to hand back to the form (the schema still refuses what is too long). */
const text = (form: FormData, name: string) => {
	const value = form.get(name);
	return typeof value === 'string' ? value.slice(0, 2000) : '';
};

export const actions: Actions = {
	/** The same service as `POST /api/public/buildings/:code/reports`, with the photo sent along. */
	default: async ({ params, request, getClientAddress }) => {
		const address = getClientAddress();
		let values = { category: '', description: '', phone: '' };
		try {
			const target = await residentTarget(params.code);
			const form = await readMultipartForm(request, residentPhotoCap);
			values = { category: text(form, 'category'), description: text(form, 'description'), phone: text(form, 'phone') };
			// After reading the form, so a refused resident finds what they typed still there.
			await requireReportRoom(target, address);
			const parsed = parseResidentReport({ ...values, phone: values.phone || null });
			if ('wrong' in parsed) {
				const wrong = Object.fromEntries(parsed.wrong.map((field) => [field, residentFieldMessage(field)]));
				return fail(400, { values, wrong, message: m.public_form_fix(), code: 'error_public_report_input' });
			}
			const photo = form.get('photo');
			const photoIds: string[] = [];
			if (photo instanceof File && photo.size > 0) {
				if (photo.size > residentPhotoCap.bytes) throw residentPhotoCap.tooLarge();
				await requirePhotoRoom(target, address);
				photoIds.push((await storeResidentPhoto(target, new Uint8Array(await photo.arrayBuffer()), address)).id);
			}
			await reportAsResident(target, { ...parsed.input, photoIds }, address);
		} catch (caught) {
			if (!(caught instanceof HttpRefusal)) throw caught;
			// Refused before the form was read (an old sign): take it in all the same, so the phone sees the answer.
			await discardBody(request);
			return refusalFailure(caught, { values, wrong: {} as Record<string, string> });
		}
		redirect(303, `/b/${params.code}?sent=1`);
	}
};
