/**
 * The words for where a matter stands (`matterStage`, `matterDueState`), in the user's language,
 * for every screen that names them.
 */
import type { DueState } from '$lib/domain/matter-deadlines';
import type { MatterStage } from '$lib/domain/matter-stage';
import * as m from '$lib/paraglide/messages';

const stageWords: Record<MatterStage, () => string> = {
	unverified: m.matter_stage_unverified,
	'awaiting-routing': m.matter_stage_awaiting_routing,
	returned: m.matter_stage_returned,
	unaccepted: m.matter_stage_unaccepted,
	'in-hand': m.matter_stage_in_hand,
	'awaiting-verification': m.matter_stage_awaiting_verification,
	closed: m.matter_stage_closed,
	rejected: m.matter_stage_rejected,
	merged: m.matter_stage_merged
};

export const stageWord = (stage: MatterStage): string => stageWords[stage]();

/** 即将到期 or 已逾期; nothing while on time. */
export function dueWord(due: DueState): string | null {
	return due === 'overdue' ? m.matter_overdue() : due === 'due-soon' ? m.matter_due_soon() : null;
}
