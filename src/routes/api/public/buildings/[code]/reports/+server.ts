import { json } from '@sveltejs/kit';
import { residentReportLimits } from '$lib/domain/resident-reports';
import { answer } from '$lib/server/refusal';
import { reportAsResident, requireReportRoom } from '$lib/server/public/resident-report';
import { residentReportOrRefuse } from '$lib/server/public/resident-report-input';
import { residentTarget } from '$lib/server/public/resident-target';
import { readJsonBody } from '$lib/server/structure/request-body';
import type { RequestHandler } from './$types';

/** 反映问题 without an account, through a building's sign code: throttled per address and per building. */
export const POST: RequestHandler = ({ params, request, getClientAddress }) =>
	answer(async () => {
		const address = getClientAddress();
		const target = await residentTarget(params.code);
		await requireReportRoom(target, address);
		const input = residentReportOrRefuse(await readJsonBody(request, residentReportLimits.bodyBytes));
		await reportAsResident(target, input, address);
		return json({ ok: true }, { status: 201 });
	}, request);
