import { containingArea } from '$lib/domain/containment';
import type { Polygon } from '$lib/domain/geojson';
import { representativePoint } from '$lib/domain/geometry';
import * as m from '$lib/paraglide/messages';
import { callApi, structureUrl, type ContainmentProblem } from './api';
import { editablePolygon } from './shapes';
import {
	buildingBody,
	buildingValue,
	gridBody,
	gridValue,
	isLayoutGenerated,
	microGridBody,
	microGridValue,
	type Body,
	type BuildingValue,
	type GridValue,
	type MicroGridValue
} from './forms';
import { householdLines } from './households';
import type { MapCollection, MapFeature, StructureKind } from '../map/map-types';

type Area = { id: string; geometry: MapFeature['geometry'] };

/**
 * One create or edit of a grid, micro-grid or building: the form's values, and sending them
 * with the shape. A 409 keeps the job open with the parts outside, until the user confirms.
 */
export class EditJob {
	readonly kind: StructureKind;
	/** The feature being edited; null for a new one. */
	readonly feature: MapFeature | null;
	/** The feature's shape as terra-draw edits it; null when it cannot be edited on the map. */
	readonly startShape: Polygon | null;
	/** New shapes are drawn first; the form opens when the ring is closed. */
	formOpen = $state(false);
	building: BuildingValue = $state(buildingValue(null));
	microGrid: MicroGridValue = $state(microGridValue(null));
	grid: GridValue = $state(gridValue(null));
	error = $state('');
	problems: ContainmentProblem[] = $state.raw([]);
	saving = $state(false);
	/** An edited building's household codes as saved, once loaded for the list editor. */
	savedCodes: string[] | null = $state.raw(null);
	codesLoading = $state(false);
	codesError = $state('');

	constructor(kind: StructureKind, feature: MapFeature | null = null) {
		this.kind = kind;
		this.feature = feature;
		this.startShape = feature ? editablePolygon(feature.geometry) : null;
		this.formOpen = feature !== null;
		const p = feature?.properties;
		if (p?.kind === 'building') this.building = buildingValue(p);
		if (p?.kind === 'microGrid') this.microGrid = microGridValue(p);
		if (p?.kind === 'grid') this.grid = gridValue(p);
	}

	get isNew(): boolean {
		return this.feature === null;
	}

	/** An edited building whose list was typed by hand: its household count, for the warning that a layout replaces it. */
	get customCount(): number | null {
		const p = this.feature?.properties;
		return p?.kind === 'building' && !isLayoutGenerated(p) ? p.households : null;
	}

	/** The list editor of an edited building is shown but its saved codes are not loaded yet. */
	get needsCodes(): boolean {
		return this.kind === 'building' && !this.isNew && this.building.mode === 'list' && !this.savedCodes;
	}

	/**
	 * Loads the building's saved codes (GET buildings/:id) and fills the list editor with them,
	 * one unit per line. A failure stays on the job until the user tries again.
	 */
	async loadCodes(communityId: string): Promise<void> {
		if (!this.feature || this.kind !== 'building' || this.savedCodes || this.codesLoading) return;
		this.codesLoading = true;
		this.codesError = '';
		const result = await callApi<{ households: string[] }>('GET', structureUrl(communityId, 'building', this.feature.id));
		this.codesLoading = false;
		if (!result.ok || !Array.isArray(result.body?.households)) {
			this.codesError = result.ok ? m.household_list_load_failed() : result.error;
			return;
		}
		this.savedCodes = result.body.households;
		if (!this.building.householdText.trim()) this.building.householdText = householdLines(result.body.households);
	}

	/** The drawn ring is closed: open the form with the area it lies in as the parent. */
	closed(shape: Polygon, structure: MapCollection | null, allowedGridIds: ((gridId: string) => boolean)) {
		this.formOpen = true;
		if (!structure) return;
		const point = representativePoint(shape);
		const areas = (kind: StructureKind, allowed: (f: MapFeature) => boolean): Area[] =>
			structure.features.filter((f) => f.properties.kind === kind && allowed(f)).map((f) => ({ id: f.id, geometry: f.geometry }));
		if (this.kind === 'building' && !this.building.microGridId) {
			const micro = containingArea(point, areas('microGrid', (f) => f.properties.kind === 'microGrid' && allowedGridIds(f.properties.gridId)));
			if (micro) this.building.microGridId = micro.id;
		}
		if (this.kind === 'microGrid' && !this.microGrid.gridId) {
			const grid = containingArea(point, areas('grid', (f) => allowedGridIds(f.id)));
			if (grid) this.microGrid.gridId = grid.id;
		}
	}

	/** What to send: on an edit, the shape only when it changed. */
	body(shape: Polygon | null, mayAssignChiefs: boolean): Body {
		const changed = shape && (this.isNew || JSON.stringify(shape) !== JSON.stringify(this.startShape)) ? shape : null;
		const p = this.feature?.properties ?? null;
		if (this.kind === 'building') return buildingBody(this.building, p?.kind === 'building' ? p : null, changed, this.savedCodes);
		if (this.kind === 'microGrid') return microGridBody(this.microGrid, p?.kind === 'microGrid' ? p : null, changed);
		return gridBody(this.grid, p?.kind === 'grid' ? p : null, changed, mayAssignChiefs);
	}

	/** Sends the job; true when saved. Errors and containment problems stay on the job. */
	async save(communityId: string, shape: Polygon | null, mayAssignChiefs: boolean, confirm = false): Promise<boolean> {
		const body = this.body(shape, mayAssignChiefs);
		if (!body.ok) {
			this.error = body.error;
			this.problems = [];
			return false;
		}
		if (!this.isNew && Object.keys(body.body).length === 0) return true;
		this.saving = true;
		this.error = '';
		const url = structureUrl(communityId, this.kind, this.feature?.id);
		const result = await callApi<{ id: string }>(
			this.isNew ? 'POST' : 'PATCH',
			url,
			confirm ? { ...body.body, confirm: true } : body.body
		);
		this.saving = false;
		if (result.ok) {
			this.problems = [];
			return true;
		}
		if (result.status === 409 && result.problems.length) {
			this.problems = result.problems;
			return false;
		}
		this.problems = [];
		this.error = result.error;
		return false;
	}
}
