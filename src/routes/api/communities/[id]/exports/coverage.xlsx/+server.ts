import { coverageDownload } from '$lib/server/oversight/coverage-exports';
import { oversightActor } from '$lib/server/oversight/oversight-access';
import { answer } from '$lib/server/refusal';
import type { RequestHandler } from './$types';

/** 走访覆盖 per grid, liaison and building for `?from=&to=` (as `GET …/coverage` reads them); a chief gets its grids. */
export const GET: RequestHandler = ({ locals, params, url }) => answer(async () => coverageDownload(await oversightActor(locals.user, params.id), url));
