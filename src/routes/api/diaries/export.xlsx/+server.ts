import { diaryExportRequest } from '$lib/server/diary/diary-requests';
import { answer } from '$lib/server/refusal';
import type { RequestHandler } from './$types';

/** A liaison's month as 民情日记 .xlsx: `?userId=&month=YYYY-MM&community=`. */
export const GET: RequestHandler = ({ locals, url }) => answer(async () => diaryExportRequest(locals.user, url));
