import type { StructureKind } from '$lib/domain/structure-map';

export type {
	BuildingProperties,
	GridProperties,
	MapCollection,
	MapFeature,
	MicroGridProperties,
	StructureKind,
	StructureProperties
} from '$lib/domain/structure-map';

/** What is selected on the map: a feature by kind and id (the feature itself is looked up). */
export type Selection = { kind: StructureKind; id: string };
