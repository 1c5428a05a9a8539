import type { Polygonal } from '$lib/domain/geojson';
import { representativePoint } from '$lib/domain/geometry';
import { groupOutlines } from '$lib/domain/micro-grid-outline';
import type { Target } from '$lib/domain/micro-grid-suggestion';
import * as m from '$lib/paraglide/messages';
import { callApi, communityUrl } from '$lib/client/drawing/api';
import type { MapCollection } from './map-types';

export type DraftGroup = { buildingIds: string[]; households: number; oversize: boolean; geometry: Polygonal | null; liaisonId: string | null };
type SuggestionAnswer = { groups: (Omit<DraftGroup, 'liaisonId'> & { liaisonId?: string })[] };

/**
 * A chief's balanced micro-grids for one grid while they look at them: asked of the server,
 * adjusted by moving buildings between groups (outlines redrawn here with the same domain rule),
 * then applied in one request or discarded.
 */
export class SuggestionDraft {
	target = $state<Target>({ min: 80, max: 100 });
	groups = $state.raw<DraftGroup[]>([]);
	/** The building tapped on the map, waiting for the group it should go to. */
	picked = $state<string | null>(null);
	busy = $state(false);
	error = $state('');

	constructor(
		readonly communityId: string,
		readonly gridId: string,
		private readonly structure: () => MapCollection | null
	) {}

	private url(rest = '') {
		return communityUrl(this.communityId, `grids/${encodeURIComponent(this.gridId)}/micro-grid-suggestion${rest}`);
	}

	async request(): Promise<void> {
		this.busy = true;
		this.error = '';
		const answer = await callApi<SuggestionAnswer>('POST', this.url(), { targetMin: this.target.min, targetMax: this.target.max });
		this.busy = false;
		if (!answer.ok) return void (this.error = answer.error);
		this.picked = null;
		this.groups = answer.body.groups.map((g) => ({ ...g, liaisonId: g.liaisonId ?? null }));
	}

	groupOf(buildingId: string): number {
		return this.groups.findIndex((g) => g.buildingIds.includes(buildingId));
	}

	/** Moves a building to another group; a group left empty goes, and every outline is drawn again. */
	move(buildingId: string, to: number): void {
		const from = this.groupOf(buildingId);
		if (from < 0 || from === to || !this.groups[to]) return;
		const households = this.householdsOf(buildingId);
		const next = this.groups.map((g, i) => {
			if (i === from) return { ...g, buildingIds: g.buildingIds.filter((b) => b !== buildingId), households: g.households - households };
			if (i === to) return { ...g, buildingIds: [...g.buildingIds, buildingId], households: g.households + households };
			return g;
		});
		const kept = next.filter((g) => g.buildingIds.length);
		const outlines = groupOutlines(kept.map((g) => g.buildingIds.map((b) => this.footprintOf(b)).filter((f): f is Polygonal => !!f)), this.gridGeometry());
		this.groups = kept.map((g, i) => ({ ...g, geometry: outlines[i], oversize: g.buildingIds.length === 1 && g.households > this.target.max }));
		this.picked = null;
	}

	/** Replaces the grid's micro-grids; resolves to the new count, or null with `error` set. */
	async apply(): Promise<number | null> {
		this.busy = true;
		this.error = '';
		const groups = this.groups.map((g) => ({ buildingIds: g.buildingIds, liaisonId: g.liaisonId }));
		const answer = await callApi<{ microGrids: unknown[] }>('POST', this.url('/apply'), { groups });
		this.busy = false;
		if (!answer.ok) {
			this.error = m.suggest_failed({ error: answer.error });
			return null;
		}
		return answer.body.microGrids.length;
	}

	/** Groups (outline, colour, label) and their buildings, for the map layer. */
	features(): GeoJSON.FeatureCollection {
		const features: GeoJSON.Feature[] = [];
		this.groups.forEach((g, index) => {
			const label = m.suggest_group_label({ n: index + 1, households: g.households });
			if (g.geometry) {
				features.push({ type: 'Feature', geometry: g.geometry, properties: { part: 'group', index, label } });
				features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: representativePoint(g.geometry) }, properties: { part: 'label', index, label } });
			}
			for (const id of g.buildingIds) {
				const footprint = this.footprintOf(id);
				if (footprint) features.push({ type: 'Feature', geometry: footprint, properties: { part: 'building', index, picked: id === this.picked } });
			}
		});
		return { type: 'FeatureCollection', features };
	}

	private building(id: string) {
		return this.structure()?.features.find((f) => f.properties.kind === 'building' && f.properties.id === id) ?? null;
	}

	householdsOf(id: string): number {
		const b = this.building(id);
		return b?.properties.kind === 'building' ? b.properties.households : 0;
	}

	labelOf(id: string): string {
		return this.building(id)?.properties.name ?? '';
	}

	private footprintOf(id: string): Polygonal | null {
		return (this.building(id)?.geometry as Polygonal | undefined) ?? null;
	}

	private gridGeometry(): Polygonal | null {
		const grid = this.structure()?.features.find((f) => f.properties.kind === 'grid' && f.properties.id === this.gridId);
		return (grid?.geometry as Polygonal | undefined) ?? null;
	}
}
