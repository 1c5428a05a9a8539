import { json } from '@sveltejs/kit';
import { answer } from '$lib/server/refusal';
import { matterActor } from '$lib/server/matters/matter-access';
import { filterSchema, parseOrRefuse } from '$lib/server/matters/matter-input';
import { listMatters } from '$lib/server/matters/matter-records';
import { reportMatter, requireReporter } from '$lib/server/matters/matter-report';
import { readJsonBody } from '$lib/server/structure/request-body';
import type { RequestHandler } from './$types';

const isOn = (flag: string | undefined) => flag === '1' || flag === 'true';

/** The matters the caller may see: `?status=a,b&destination=&overdue=1&mine=1&buildingId=&since=&limit=`. */
export const GET: RequestHandler = ({ locals, params, url }) =>
	answer(async () => {
		const actor = await matterActor(locals.user, params.id);
		const filter = parseOrRefuse(filterSchema, Object.fromEntries(url.searchParams), 'error_matter_filter');
		const list = await listMatters(actor.standing, {
			statuses: filter.status,
			destination: filter.destination,
			overdue: isOn(filter.overdue),
			mine: isOn(filter.mine),
			buildingId: filter.buildingId,
			since: filter.since === undefined ? undefined : new Date(filter.since),
			limit: filter.limit ?? 1000
		});
		return json(list, { headers: { 'cache-control': 'private, no-store' } });
	});

/** 上报: 201 with the new matter, 200 with the first one when the same `clientKey` comes again. */
export const POST: RequestHandler = ({ locals, params, request }) =>
	answer(async () => {
		const actor = await matterActor(locals.user, params.id);
		requireReporter(actor);
		const reported = await reportMatter(actor, await readJsonBody(request));
		return json({ id: reported.id, status: reported.status }, { status: reported.created ? 201 : 200 });
	});
