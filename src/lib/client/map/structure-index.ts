import type { CommunityPerson } from '$lib/domain/community-people';
import { byName, isBuilding, isGrid, isMicroGrid } from './map-features';
import type {
	BuildingProperties,
	GridProperties,
	MapCollection,
	MapFeature,
	MicroGridProperties,
	Selection
} from './map-types';

/** A community member as the map shows them. */
export type MapPerson = CommunityPerson;
type Named = { id: string; name: string };

/** What the map page's load returns about the community besides the geometry. */
export type PageStructure = {
	people: MapPerson[];
	compounds: Named[];
	grids: Named[];
	microGrids: (Named & { gridId: string })[];
};

export type SearchResult = {
	key: string;
	kind: 'building' | 'liaison' | 'chief' | 'microGrid' | 'grid';
	selection: Selection;
	title: string;
	detail: string;
};

const searchLimit = 12;

/** Lookups the map page needs: names by id, who serves where, what lies inside what. */
export class StructureIndex {
	readonly grids: MapFeature<GridProperties>[];
	readonly microGrids: MapFeature<MicroGridProperties>[];
	readonly buildings: MapFeature<BuildingProperties>[];
	readonly #people: Map<string, MapPerson>;
	readonly #names: Map<string, string>;
	readonly #structure: PageStructure;

	constructor(structure: PageStructure, collection: MapCollection | null) {
		const features = collection?.features ?? [];
		this.#structure = structure;
		this.grids = features.filter(isGrid);
		this.microGrids = features.filter(isMicroGrid).sort(byName);
		this.buildings = features.filter(isBuilding).sort(byName);
		this.#people = new Map(structure.people.map((p) => [p.id, p]));
		this.#names = new Map([...structure.compounds, ...structure.grids, ...structure.microGrids].map((x) => [x.id, x.name]));
		for (const feature of features) this.#names.set(feature.id, feature.properties.name);
	}

	get isEmpty(): boolean {
		return this.grids.length + this.microGrids.length + this.buildings.length === 0;
	}

	name(id: string | null | undefined): string | null {
		return id ? (this.#names.get(id) ?? null) : null;
	}

	people(ids: readonly string[]): MapPerson[] {
		return ids.map((id) => this.#people.get(id)).filter((p): p is MapPerson => !!p);
	}

	/** Liaisons of a micro-grid: the map data's list, else the page's people. */
	liaisonsOf(microGridId: string | null, ids?: readonly string[]): MapPerson[] {
		if (!microGridId) return [];
		if (ids?.length) return this.people(ids);
		return this.#structure.people.filter((p) => p.roles.includes('liaison') && p.microGridIds.includes(microGridId));
	}

	chiefsOf(gridId: string | null, ids?: readonly string[]): MapPerson[] {
		if (!gridId) return [];
		if (ids?.length) return this.people(ids);
		return this.#structure.people.filter((p) => p.roles.includes('chief') && p.gridIds.includes(gridId));
	}

	buildingsOf(microGridId: string): MapFeature<BuildingProperties>[] {
		return this.buildings.filter((b) => b.properties.microGridId === microGridId);
	}

	/** Every micro-grid of a grid, drawn or not, with its map feature when it has one. */
	microGridsOf(gridId: string): { id: string; name: string; feature: MapFeature<MicroGridProperties> | null }[] {
		return this.#structure.microGrids
			.filter((micro) => micro.gridId === gridId)
			.map((micro) => ({ id: micro.id, name: micro.name, feature: this.microGrids.find((f) => f.id === micro.id) ?? null }))
			.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN', { numeric: true }));
	}

	buildingsOfGrid(gridId: string): MapFeature<BuildingProperties>[] {
		return this.buildings.filter((b) => b.properties.gridId === gridId);
	}

	/** The grids in the community's order, with their colour and whether they are on the map. */
	legend(): { id: string; name: string; colorIndex: number; drawn: boolean }[] {
		return this.#structure.grids.map((grid, index) => {
			const feature = this.grids.find((f) => f.id === grid.id);
			const micro = this.microGrids.find((f) => f.properties.gridId === grid.id);
			return {
				id: grid.id,
				name: grid.name,
				colorIndex: feature?.properties.colorIndex ?? micro?.properties.colorIndex ?? index,
				drawn: !!feature
			};
		});
	}

	/** Buildings by label, liaisons and chiefs by name, micro-grids and grids by name; drawn ones only. */
	search(query: string): SearchResult[] {
		const q = query.trim().toLowerCase();
		if (!q) return [];
		const hit = (text: string) => text.toLowerCase().includes(q);
		const results: SearchResult[] = [];
		for (const building of this.buildings) {
			if (!hit(building.properties.label)) continue;
			const place = [this.name(building.properties.compoundId), this.name(building.properties.microGridId)].filter(Boolean);
			results.push({
				key: `building:${building.id}`,
				kind: 'building',
				selection: { kind: 'building', id: building.id },
				title: building.properties.label,
				detail: place.join(' · ')
			});
		}
		for (const person of this.#structure.people) {
			if (!hit(person.displayName)) continue;
			for (const microGridId of person.roles.includes('liaison') ? person.microGridIds : []) {
				if (!this.microGrids.some((f) => f.id === microGridId)) continue;
				results.push({
					key: `liaison:${person.id}:${microGridId}`,
					kind: 'liaison',
					selection: { kind: 'microGrid', id: microGridId },
					title: person.displayName,
					detail: this.name(microGridId) ?? ''
				});
			}
			for (const gridId of person.roles.includes('chief') ? person.gridIds : []) {
				if (!this.grids.some((f) => f.id === gridId)) continue;
				results.push({
					key: `chief:${person.id}:${gridId}`,
					kind: 'chief',
					selection: { kind: 'grid', id: gridId },
					title: person.displayName,
					detail: this.name(gridId) ?? ''
				});
			}
		}
		for (const area of [...this.microGrids, ...this.grids]) {
			if (!hit(area.properties.name)) continue;
			results.push({
				key: `${area.properties.kind}:${area.id}`,
				kind: area.properties.kind,
				selection: { kind: area.properties.kind, id: area.id },
				title: area.properties.name,
				detail: area.properties.kind === 'microGrid' ? (this.name(area.properties.gridId) ?? '') : ''
			});
		}
		return results.slice(0, searchLimit);
	}
}
