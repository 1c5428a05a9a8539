import type { Polygon } from '$lib/domain/geojson';
import { mayCreateGrid, mayEditStructure, type Standing } from '$lib/domain/permissions';
import * as m from '$lib/paraglide/messages';
import { layoutCodes, readHouseholdText } from './households';
import type { BuildingProperties, GridProperties, MapFeature, MicroGridProperties, StructureKind } from '../map/map-types';

/** The policy's answers for a feature of the map (the server decides again on every request). */
export function canCreate(standing: Standing, kind: StructureKind): boolean {
	return kind === 'grid' ? mayCreateGrid(standing) : mayEditStructure(standing);
}

/** The grid a feature belongs to, for a chief's rights. */
function gridOf(feature: MapFeature): string | null {
	const p = feature.properties;
	return p.kind === 'grid' ? p.id : p.gridId;
}

export function canEdit(standing: Standing, feature: MapFeature): boolean {
	return mayEditStructure(standing, { gridId: gridOf(feature) });
}

/** Removing a whole grid is drawing the community's shape: `mayCreateGrid`. */
export function canDelete(standing: Standing, feature: MapFeature): boolean {
	return feature.properties.kind === 'grid' ? mayCreateGrid(standing) : canEdit(standing, feature);
}

export type HouseholdMode = 'layout' | 'list';
export type BuildingValue = {
	label: string;
	microGridId: string;
	compoundId: string;
	mode: HouseholdMode;
	units: number | null;
	floors: number | null;
	roomsPerFloor: number | null;
	householdText: string;
};
export type MicroGridValue = { name: string; gridId: string; liaisonIds: string[] };
export type GridValue = { name: string; chiefIds: string[] };

/** A building's household list is its layout unless the count says someone edited it. */
export function isLayoutGenerated(p: Pick<BuildingProperties, 'units' | 'floors' | 'roomsPerFloor' | 'households'>): boolean {
	return p.units * p.floors * p.roomsPerFloor === p.households;
}

export function buildingValue(p: BuildingProperties | null, defaults: { microGridId?: string } = {}): BuildingValue {
	if (!p)
		return {
			label: '',
			microGridId: defaults.microGridId ?? '',
			compoundId: '',
			mode: 'layout',
			units: null,
			floors: null,
			roomsPerFloor: null,
			householdText: ''
		};
	const generated = isLayoutGenerated(p);
	return {
		label: p.label,
		microGridId: p.microGridId ?? '',
		compoundId: p.compoundId ?? '',
		mode: generated ? 'layout' : 'list',
		units: p.units || null,
		floors: p.floors || null,
		roomsPerFloor: p.roomsPerFloor || null,
		// The saved list is loaded from the server when the list is shown (EditJob.loadCodes).
		householdText: ''
	};
}

export function microGridValue(p: MicroGridProperties | null, defaults: { gridId?: string } = {}): MicroGridValue {
	return p ? { name: p.name, gridId: p.gridId, liaisonIds: [...p.liaisonIds] } : { name: '', gridId: defaults.gridId ?? '', liaisonIds: [] };
}

export function gridValue(p: GridProperties | null): GridValue {
	return p ? { name: p.name, chiefIds: [...p.chiefIds] } : { name: '', chiefIds: [] };
}

/** A request body ready to send, or the first thing to fix, in the reader's language. */
export type Body = { ok: true; body: Record<string, unknown> } | { ok: false; error: string };

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));
/** The server's limits (structure-input.ts), checked here to answer before sending. */
export const layoutLimits = { units: 99, floors: 60, roomsPerFloor: 20 } as const;
const countOk = (n: number | null, max: number): n is number => n !== null && Number.isInteger(n) && n >= 1 && n <= max;

/**
 * The body of a POST (no `original`) or PATCH for a building: on PATCH only what changed, so an
 * untouched layout does not regenerate households and an untouched list is not resent.
 * `geometry` is sent when given; `savedCodes` is the building's list as loaded from the server
 * (null while it is not loaded: an empty list then leaves the households as they are).
 */
export function buildingBody(
	value: BuildingValue,
	original: BuildingProperties | null,
	geometry: Polygon | null,
	savedCodes: readonly string[] | null = null
): Body {
	const label = value.label.trim();
	if (!label) return { ok: false, error: m.edit_error_label() };
	if (!value.microGridId) return { ok: false, error: m.edit_error_micro_grid() };
	if (!original && !geometry) return { ok: false, error: m.edit_error_no_shape() };
	const body: Record<string, unknown> = {};
	if (!original || label !== original.label) body.label = label;
	if (!original || value.microGridId !== (original.microGridId ?? '')) body.microGridId = value.microGridId;
	if (!original ? value.compoundId : value.compoundId !== (original.compoundId ?? '')) body.compoundId = value.compoundId || null;
	if (geometry) body.geometry = geometry;
	if (value.mode === 'layout') {
		const { units, floors, roomsPerFloor } = value;
		if (!countOk(units, layoutLimits.units) || !countOk(floors, layoutLimits.floors) || !countOk(roomsPerFloor, layoutLimits.roomsPerFloor))
			return { ok: false, error: m.edit_error_layout() };
		const changed =
			!original ||
			!isLayoutGenerated(original) ||
			units !== original.units ||
			floors !== original.floors ||
			roomsPerFloor !== original.roomsPerFloor;
		if (changed) Object.assign(body, { units, floors, roomsPerFloor });
	} else if (original && !savedCodes && !value.householdText.trim()) {
		// The saved list is not loaded (yet); left empty, it stays as it is.
	} else {
		const read = readHouseholdText(value.householdText);
		if (read.duplicates.length) return { ok: false, error: m.edit_error_duplicates({ codes: read.duplicates.join('、') }) };
		if (read.invalid.length) return { ok: false, error: m.edit_error_invalid_codes({ codes: read.invalid.join('、') }) };
		if (!read.codes.length) return { ok: false, error: m.edit_error_no_households() };
		const before =
			savedCodes ?? (original && isLayoutGenerated(original) ? layoutCodes(original.units, original.floors, original.roomsPerFloor) : null);
		if (!original || !before || !sameSet(before, read.codes)) body.households = read.codes;
	}
	return { ok: true, body };
}

export function microGridBody(value: MicroGridValue, original: MicroGridProperties | null, geometry: Polygon | null): Body {
	const name = value.name.trim();
	if (!name) return { ok: false, error: m.edit_error_name() };
	if (!value.gridId) return { ok: false, error: m.edit_error_grid() };
	if (!original && !geometry) return { ok: false, error: m.edit_error_no_shape() };
	const body: Record<string, unknown> = {};
	if (!original || name !== original.name) body.name = name;
	if (!original || value.gridId !== original.gridId) body.gridId = value.gridId;
	if (!original ? value.liaisonIds.length : !sameSet(value.liaisonIds, original.liaisonIds)) body.liaisonIds = value.liaisonIds;
	if (geometry) body.geometry = geometry;
	return { ok: true, body };
}

/** `mayAssignChiefs`: only the secretary names chiefs; a chief's PATCH must not carry them. */
export function gridBody(value: GridValue, original: GridProperties | null, geometry: Polygon | null, mayAssignChiefs: boolean): Body {
	const name = value.name.trim();
	if (!name) return { ok: false, error: m.edit_error_name() };
	if (!original && !geometry) return { ok: false, error: m.edit_error_no_shape() };
	const body: Record<string, unknown> = {};
	if (!original || name !== original.name) body.name = name;
	if (mayAssignChiefs && (!original ? value.chiefIds.length : !sameSet(value.chiefIds, original.chiefIds))) body.chiefIds = value.chiefIds;
	if (geometry) body.geometry = geometry;
	return { ok: true, body };
}
