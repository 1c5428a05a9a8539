import type { BuildingState } from '$lib/domain/progress';
import * as m from '$lib/paraglide/messages';

const labels: Record<BuildingState, () => string> = {
	untouched: m.taskmap_state_untouched,
	partial: m.taskmap_state_partial,
	done: m.taskmap_state_done,
	attention: m.taskmap_state_attention
};

export const stateLabel = (state: BuildingState): string => labels[state]();
