import { and, desc, eq, inArray } from 'drizzle-orm';
import * as v from 'valibot';
import { categoryPath } from '../../domain/matter-categories';
import { db } from '../db';
import { matterEvents } from '../db/schema';
import { refusal } from '../refusal';
import { xlsxDownload } from '../spreadsheets';
import type { MatterActor } from './matter-access';
import { communityCategories } from './matter-categories';
import { issueText } from '../input-issues';
import { listMatters } from './matter-records';
import { ledgerWorkbook, minutesWorkbook, sheetTime } from './matter-sheets';
import { consultationMinutes } from './consultation-minutes';
import { requireReviewer, type ConsultationRow } from './consultations';

/** A 台账 larger than this is asked to be cut into date ranges. */
export const ledgerMaxRows = 20_000;

const epochParam = v.optional(v.pipe(v.string(), v.regex(/^\d{1,15}$/, 'epoch milliseconds'), v.transform(Number)));
const rangeSchema = v.object({ from: epochParam, to: epochParam });

const today = () => sheetTime(Date.now()).slice(0, 10);

/** The latest 处置说明 of each matter. */
async function resolveNotes(matterIds: string[]): Promise<Map<string, string>> {
	const notes = new Map<string, string>();
	for (let start = 0; start < matterIds.length; start += 1000) {
		const rows = await db()
			.select({ matterId: matterEvents.matterId, note: matterEvents.note })
			.from(matterEvents)
			.where(and(inArray(matterEvents.matterId, matterIds.slice(start, start + 1000)), eq(matterEvents.action, 'resolve')))
			.orderBy(desc(matterEvents.id));
		for (const row of rows) if (!notes.has(row.matterId)) notes.set(row.matterId, row.note);
	}
	return notes;
}

/**
 * 问题台账: every matter the caller may see (as the matters list gives them, newest first),
 * reported within `?from=&to=` (epoch ms, `to` excluded) when given.
 */
export async function ledgerDownload(actor: MatterActor, url: URL, now = Date.now()): Promise<Response> {
	requireReviewer(actor);
	const parsed = v.safeParse(rangeSchema, Object.fromEntries(url.searchParams));
	if (!parsed.success) throw refusal(400, 'error_ledger_range', { detail: issueText(parsed.issues) });
	const { from, to } = parsed.output;
	const list = await listMatters(actor.standing, {
		since: from === undefined ? undefined : new Date(from),
		until: to === undefined ? undefined : new Date(to),
		limit: ledgerMaxRows
	});
	if (list.truncated) throw refusal(400, 'error_ledger_too_many', { max: ledgerMaxRows });
	const categories = await communityCategories(actor.community.id, { withRetired: true });
	const workbook = await ledgerWorkbook({
		matters: list.matters,
		categoryLabel: (id) => categoryPath(id, categories, 'zh-CN'),
		resolveNotes: await resolveNotes(list.matters.map((m) => m.id)),
		now
	});
	return xlsxDownload(workbook, `${actor.community.name}-问题台账-${today()}.xlsx`, `matters-${today()}.xlsx`);
}

/** 会商纪要 as a file named by the meeting's day. */
export async function minutesDownload(target: { row: ConsultationRow; actor: MatterActor }): Promise<Response> {
	requireReviewer(target.actor);
	const minutes = await consultationMinutes(target, 'zh-CN');
	const day = sheetTime(minutes.startedAt).slice(0, 10);
	return xlsxDownload(await minutesWorkbook(minutes), `${minutes.communityName}-会商纪要-${day}.xlsx`, `consultation-${day}.xlsx`);
}
