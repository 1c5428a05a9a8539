import * as m from '$lib/paraglide/messages';
import type { StructureKind } from '../map/map-types';

const kindLabels: Record<StructureKind, () => string> = {
	grid: m.edit_kind_grid,
	microGrid: m.edit_kind_micro_grid,
	building: m.edit_kind_building
};

/** 网格 / 微网格 / 楼栋 in the reader's language. */
export const kindLabel = (kind: StructureKind): string => kindLabels[kind]();
