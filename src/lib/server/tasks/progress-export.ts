/**
 * A task's progress as .xlsx, for one round or its whole series of rounds: per building (the
 * figures of `GET /api/tasks/:id`, `tallyBuilding` over the latest marks) and per household
 * code (never a resident's name: the system has none). Read part by part, a few thousand
 * household-rounds at a time, while the download streams.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import * as v from 'valibot';
import type { ProgressEntry } from '../../domain/community-doc';
import { coverageRate } from '../../domain/coverage-breakdown';
import type { Principal } from '../../domain/roles';
import { countedStatus, tallyBuilding } from '../../domain/progress';
import { getCommunity, householdCounts } from '../community';
import { db } from '../db';
import { buildings, grids, households, microGrids, users } from '../db/schema';
import { sheetTime } from '../matters/matter-sheets';
import * as m from '../../paraglide/messages';
import { refusal } from '../refusal';
import { plainText } from '../spreadsheets';
import { xlsxStreamDownload, type XlsxCell, type XlsxSheet } from '../xlsx-stream';
import { latestMarks, readableTask, roundsOf, type TaskRow } from './task-reports';

/** A series longer than this is exported round by round (a column per round on the household sheet). */
const maxExportRounds = 200;
/** Households × rounds read at once. */
export const householdRoundsPerPart = 5_000;

const querySchema = v.object({ rounds: v.optional(v.literal('all')) });

type Place = { id: string; label: string; grid: string; microGrid: string; households: number };
type Household = { code: string; unit: number };
type Marks = Awaited<ReturnType<typeof latestMarks>>;
/** Some buildings of the scope, their households and the latest marks of every round there. */
type Part = { places: Place[]; households: Map<string, Household[]>; marks: Marks };

const zh = { locale: 'zh-CN' } as const;
const statusWord = (entry: ProgressEntry | undefined): string => {
	switch (countedStatus(entry)) {
		case 'visited':
			return m.taskmap_status_visited({}, zh);
		case 'absent':
			return m.taskmap_status_absent({}, zh);
		case 'refused':
			return m.taskmap_status_refused({}, zh);
		case 'issue':
			return m.taskmap_status_issue({}, zh);
		default:
			return '';
	}
};

/** The scope's buildings that still exist, by label, with where they lie and how many households they have. */
async function placesOf(communityId: string, buildingIds: readonly string[]): Promise<Place[]> {
	if (buildingIds.length === 0) return [];
	const [rows, sizeOf] = await Promise.all([
		db()
			.select({ id: buildings.id, label: buildings.label, grid: grids.name, microGrid: microGrids.name })
			.from(buildings)
			.leftJoin(microGrids, eq(microGrids.id, buildings.microGridId))
			.leftJoin(grids, eq(grids.id, microGrids.gridId))
			.where(and(eq(buildings.communityId, communityId), inArray(buildings.id, [...buildingIds]))),
		householdCounts(communityId, buildingIds)
	]);
	return rows
		.map((row) => ({ id: row.id, label: row.label, grid: row.grid ?? '', microGrid: row.microGrid ?? '', households: sizeOf.get(row.id) ?? 0 }))
		.sort((a, b) => a.label.localeCompare(b.label, 'zh-CN', { numeric: true }) || a.id.localeCompare(b.id));
}

/** Buildings in groups of at most `householdRoundsPerPart` household-rounds (a larger building alone). */
function groups(places: readonly Place[], rounds: number): Place[][] {
	const budget = Math.max(1, Math.floor(householdRoundsPerPart / rounds));
	const result: Place[][] = [];
	let current: Place[] = [];
	let size = 0;
	for (const place of places) {
		if (current.length && size + place.households > budget) {
			result.push(current);
			current = [];
			size = 0;
		}
		current.push(place);
		size += place.households;
	}
	if (current.length) result.push(current);
	return result;
}

async function* parts(places: readonly Place[], rounds: readonly TaskRow[]): AsyncGenerator<Part> {
	for (const group of groups(places, rounds.length)) {
		const ids = group.map((place) => place.id);
		const [rows, marks] = await Promise.all([
			db()
				.select({ buildingId: households.buildingId, code: households.code, unit: households.unit })
				.from(households)
				.where(inArray(households.buildingId, ids))
				.orderBy(asc(households.buildingId), asc(households.unit), asc(households.floor), asc(households.room), asc(households.code)),
			latestMarks(rounds, ids)
		]);
		const byBuilding = new Map<string, Household[]>();
		for (const row of rows) byBuilding.set(row.buildingId, byBuilding.get(row.buildingId) ?? []).get(row.buildingId)!.push({ code: row.code, unit: row.unit });
		yield { places: group, households: byBuilding, marks };
	}
}

/** Display names of the people who marked, read as they appear. */
function nameBook(): (ids: Iterable<string>) => Promise<(id: string) => string> {
	const known = new Map<string, string>();
	return async (ids) => {
		const missing = [...new Set(ids)].filter((id) => id && !known.has(id));
		if (missing.length) {
			const rows = await db().select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, missing));
			for (const id of missing) known.set(id, rows.find((row) => row.id === id)?.name ?? '');
		}
		return (id) => known.get(id) ?? '';
	};
}

const roundLabel = (round: TaskRow) => `第${round.round}轮`;

/** Whether each round's scope holds a building: every round's scope made a set once per download. */
function roundsHolding(rounds: readonly TaskRow[]): (buildingId: string) => boolean[] {
	const scopes = rounds.map((round) => new Set(round.scope));
	return (buildingId) => scopes.map((scope) => scope.has(buildingId));
}

function buildingSheet(places: readonly Place[], rounds: readonly TaskRow[]): XlsxSheet {
	const header = ['轮次', '楼栋', '网格', '微网格', '户数', '已走访', '不在家', '拒访', '有问题', '已完成', '完成率(%)'];
	return {
		name: '按楼栋',
		columns: header.map((title, i) => ({ header: title, width: [8, 12, 16, 16][i] })),
		async *rows() {
			const holding = roundsHolding(rounds);
			for await (const part of parts(places, rounds)) {
				for (const place of part.places) {
					const codes = (part.households.get(place.id) ?? []).map((h) => h.code);
					const here = holding(place.id);
					for (const round of rounds.filter((_, i) => here[i])) {
						const tally = tallyBuilding({ households: codes, householdCount: codes.length }, part.marks.get(round.id)?.get(place.id) ?? new Map());
						const where = [roundLabel(round), plainText(place.label), plainText(place.grid), plainText(place.microGrid)];
						yield [...where, tally.total, tally.visited, tally.absent, tally.refused, tally.issue, tally.done, coverageRate(tally.done, tally.total)];
					}
				}
			}
		}
	};
}

function householdSheet(places: readonly Place[], rounds: readonly TaskRow[]): XlsxSheet {
	const single = rounds.length === 1;
	const header = ['楼栋', '单元', '户号', ...(single ? ['状态', '记录时间', '记录人'] : rounds.map(roundLabel))];
	const names = nameBook();
	return {
		name: '按户',
		columns: header.map((title, i) => ({ header: title, width: single ? [12, 6, 10, 10, 18, 12][i] : i < 3 ? [12, 6, 10][i] : 8 })),
		async *rows() {
			const holding = roundsHolding(rounds);
			for await (const part of parts(places, rounds)) {
				const entries = rounds.flatMap((round) => [...(part.marks.get(round.id)?.values() ?? [])].flatMap((marks) => [...marks.values()]));
				const nameOf = single ? await names(entries.map((entry) => entry.by)) : () => '';
				for (const place of part.places) {
					const here = holding(place.id);
					for (const household of part.households.get(place.id) ?? []) {
						const first: XlsxCell[] = [plainText(place.label), household.unit, plainText(household.code)];
						if (single) {
							const entry = part.marks.get(rounds[0].id)?.get(place.id)?.get(household.code);
							const counted = countedStatus(entry) ? entry! : undefined;
							yield [...first, statusWord(counted), counted ? sheetTime(counted.at) : '', counted ? plainText(nameOf(counted.by)) : ''];
						} else {
							yield [...first, ...rounds.map((round, i) => (here[i] ? statusWord(part.marks.get(round.id)?.get(place.id)?.get(household.code)) : '—'))];
						}
					}
				}
			}
		}
	};
}

/** Letters a file name may not hold on Windows, macOS or in a header. */
const fileNameSafe = (text: string) => [...text.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, ' ').trim()].slice(0, 40).join('') || '任务';

/**
 * `GET /api/tasks/:id/progress.xlsx` (`?rounds=all`: every round of its series): anyone who may
 * read the task. 404 for no such task, 403 for one of a community the caller may not view.
 */
export async function progressDownload(principal: Principal, taskId: string, url: URL): Promise<Response> {
	const task = await readableTask(principal, taskId);
	const query = v.safeParse(querySchema, { rounds: url.searchParams.get('rounds') ?? undefined });
	if (!query.success) throw refusal(400, 'error_progress_rounds_param');
	const rounds = query.output.rounds === 'all' ? await roundsOf(task) : [task];
	if (rounds.length > maxExportRounds) throw refusal(400, 'error_progress_export_rounds', { max: maxExportRounds });
	const scope = [...new Set(rounds.flatMap((round) => round.scope))];
	const [places, community] = await Promise.all([placesOf(task.communityId, scope), getCommunity(task.communityId)]);
	const which = query.output.rounds === 'all' ? '全部轮次' : roundLabel(task);
	const fileName = `${fileNameSafe(community?.name ?? '')}-${fileNameSafe(task.title)}-${which}-入户进度.xlsx`;
	const fallback = `task-progress-${task.id.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40)}.xlsx`;
	return xlsxStreamDownload([buildingSheet(places, rounds), householdSheet(places, rounds)], fileName, fallback);
}
