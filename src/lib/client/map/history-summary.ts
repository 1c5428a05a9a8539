import * as m from '$lib/paraglide/messages';

/** One entry of `GET /api/communities/:id/history`. */
export type StructureChangeEntry = {
	id: string;
	at: string;
	actorName: string;
	kind: 'grid' | 'microGrid' | 'building' | 'households';
	action: 'create' | 'update' | 'delete' | 'import' | 'redivide';
	targetId: string | null;
	targetName: string;
	before: Record<string, unknown> | null;
	after: Record<string, unknown> | null;
};

/** A changed field as people read it: `层数 6 → 7`, or a note such as `边界已修改`. */
export type FieldChange = { field: string; before: string | null; after: string | null } | { note: string };

/** Names of grids, micro-grids, compounds and people, by id. */
export type Names = Readonly<Record<string, string>>;

const actionLabels = { create: m.map_history_create, update: m.map_history_update, delete: m.map_history_delete, import: m.map_history_import, redivide: m.map_history_redivide };
const kindLabels = {
	grid: m.map_kind_grid,
	microGrid: m.map_kind_micro_grid,
	building: m.map_kind_building,
	households: m.map_history_households
};

export const actionLabel = (action: StructureChangeEntry['action']): string => actionLabels[action]?.() ?? action;
export const kindLabel = (kind: StructureChangeEntry['kind']): string => kindLabels[kind]?.() ?? kind;

type FieldFormat = { label: () => string; show: (value: unknown, names: Names) => string };

const plain = (value: unknown) => (value === null || value === undefined || value === '' ? '—' : String(value));
const named = (value: unknown, names: Names) =>
	typeof value === 'string' ? (names[value] ?? m.map_history_unknown()) : plain(value);
const people = (value: unknown, names: Names) =>
	Array.isArray(value) && value.length ? value.map((id) => named(id, names)).join('、') : '—';

/** The recorded fields shown, in this order; geometry is summarised, sortOrder left out. */
const fields: Record<string, FieldFormat> = {
	name: { label: m.map_history_field_name, show: plain },
	label: { label: m.map_history_field_name, show: plain },
	gridId: { label: m.map_kind_grid, show: named },
	microGridId: { label: m.map_kind_micro_grid, show: named },
	compoundId: { label: m.map_compound, show: named },
	units: { label: m.map_history_field_units, show: plain },
	floors: { label: m.map_history_field_floors, show: plain },
	roomsPerFloor: { label: m.map_history_field_rooms, show: plain },
	households: { label: m.map_households, show: plain },
	chiefIds: { label: m.map_chiefs, show: people },
	liaisonIds: { label: m.map_liaisons, show: people }
};

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * What a change did, field by field: for an update only what differs (before → after), for a
 * creation or import what was set, for a deletion what was there. A new outline reads as one note.
 */
export function describeChange(change: StructureChangeEntry, names: Names): FieldChange[] {
	const before = change.before ?? {};
	const after = change.after ?? {};
	const lines: FieldChange[] = [];
	for (const [key, format] of Object.entries(fields)) {
		if (!(key in before) && !(key in after)) continue;
		if (change.before && change.after && same(before[key], after[key])) continue;
		if (key === 'name' && change.kind === 'building') continue;
		lines.push({
			field: format.label(),
			before: change.before && key in before ? format.show(before[key], names) : null,
			after: change.after && key in after ? format.show(after[key], names) : null
		});
	}
	if (change.action === 'redivide') {
		const count = (side: Record<string, unknown>) => (Array.isArray(side.microGrids) ? side.microGrids.length : 0);
		lines.push({ note: m.map_history_redivided({ before: count(before), after: count(after) }) });
		return lines;
	}
	if (change.before && change.after && ('geometry' in before || 'geometry' in after) && !same(before.geometry, after.geometry)) {
		lines.push({ note: m.map_history_geometry_changed() });
	}
	return lines;
}
