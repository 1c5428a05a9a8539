/**
 * A refused progress change told in plain words: the server names the refused
 * write by its path (`tasks/<taskId>/progress/<buildingId>/<code>`); the liaison reads which
 * task and building lost its marks and what to do about it.
 */
import * as m from '$lib/paraglide/messages';
import type { Refusal } from '$lib/domain/sync-protocol';

export type ProgressPlace = { taskId: string; buildingId: string; householdCode: string | null };

/** Task titles and building labels as far as this browser knows them. */
export type LabelLookup = {
	taskTitle(taskId: string): string | undefined;
	buildingLabel(buildingId: string): string | undefined;
};

/** The task and building of a refused write under `tasks/<id>/progress/<buildingId>`, else null. */
export function progressPlaceOf(detail: string): ProgressPlace | null {
	const [root, taskId, field, buildingId, householdCode, ...rest] = detail.split('/');
	if (root !== 'tasks' || !taskId || field !== 'progress' || !buildingId || rest.length > 0) return null;
	return { taskId, buildingId, householdCode: householdCode || null };
}

/**
 * Refusals a liaison can do something about: marks in a building they no longer serve
 * (`forbidden`), and marks that stood on such a refused change (`unknown-parent`).
 */
const reportedCodes: readonly Refusal['code'][] = ['forbidden', 'unknown-parent'];

/**
 * The sentence for a refused progress change, or null for any other refusal (which keeps
 * its generic text). Unknown titles or labels fall back to words that need neither.
 */
export function progressRefusalReport(refusal: Refusal & { count?: number }, lookup: LabelLookup): string | null {
	const sentence = progressSentence(refusal, lookup);
	const count = refusal.count ?? 1;
	return sentence && count > 1 ? sentence + m.liaison_refused_count({ count }) : sentence;
}

function progressSentence(refusal: Refusal, lookup: LabelLookup): string | null {
	if (!reportedCodes.includes(refusal.code)) return null;
	const place = progressPlaceOf(refusal.detail);
	if (!place) return null;
	const title = lookup.taskTitle(place.taskId);
	const building = lookup.buildingLabel(place.buildingId);
	if (title && building) return m.liaison_refused_progress({ title, building });
	if (building) return m.liaison_refused_progress_building({ building });
	if (title) return m.liaison_refused_progress_task({ title });
	return m.liaison_refused_progress_generic();
}
