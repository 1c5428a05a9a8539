import type { Capabilities } from './capabilities';
import type { CommunityPerson } from './community-people';
import type { Polygonal } from './geojson';
import type { TaskContext } from './task-context';

/** The features of `GET /api/communities/:id/map`: what the server sends and the map draws. */
export type GridProperties = { kind: 'grid'; id: string; name: string; colorIndex: number; chiefIds: string[] };
export type MicroGridProperties = {
	kind: 'microGrid';
	id: string;
	name: string;
	gridId: string;
	colorIndex: number;
	liaisonIds: string[];
};
export type BuildingProperties = {
	kind: 'building';
	id: string;
	name: string;
	label: string;
	gridId: string | null;
	microGridId: string | null;
	compoundId: string | null;
	/** Its grid's colour; null for a building outside any micro-grid. */
	colorIndex: number | null;
	households: number;
	units: number;
	floors: number;
	roomsPerFloor: number;
	liaisonIds: string[];
};
export type StructureProperties = GridProperties | MicroGridProperties | BuildingProperties;
export type StructureKind = StructureProperties['kind'];

export type MapFeature<P extends StructureProperties = StructureProperties> = {
	type: 'Feature';
	id: string;
	geometry: Polygonal;
	properties: P;
};
export type MapCollection = {
	type: 'FeatureCollection';
	bbox?: [number, number, number, number];
	features: MapFeature[];
};

/** What the map page is sent (`src/routes/map/+page.server.ts`). */
export type MapPageData = {
	community: { id: string; name: string };
	people: CommunityPerson[];
	compounds: { id: string; name: string }[];
	grids: { id: string; name: string }[];
	microGrids: { id: string; gridId: string; name: string }[];
	capabilities: Capabilities;
	/** In task mode (`?task=`): what the task pages get, to colour buildings by progress. */
	taskContext: TaskContext | null;
	/** A user with no community to map (a property company). */
	noMap: boolean;
};
