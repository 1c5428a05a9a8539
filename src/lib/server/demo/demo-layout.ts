/**
 * Where 乐雅社区's grids, micro-grids and buildings lie: two compounds either side of a road,
 * shaped like Yangzhou estates. 光明铂悦华府 (west, grids 1–3) is a newer estate of high-rise
 * slabs, point towers and low 洋房 in seven rows with a central garden; 华建雅筑 (east, grids
 * 4–5) is an older estate of six-storey walk-ups in six rows, with a corner cut off by the road.
 * Every building faces south (long axis east–west); each grid is a column of its compound and
 * each micro-grid a band of it that follows one row (two where it holds the garden).
 * Distances are metres east and north of the community's centre.
 */
import type { CompoundKey } from './demo-community';

export type Box = { west: number; south: number; east: number; north: number };
/** A ring in metres, counter-clockwise, not closed. */
export type MetreRing = [number, number][];

type BuildingType = { units: number; floors: number; roomsPerFloor: number; widthM: number; depthM: number };

/** What kinds of building there are, with the usual footprint of each (width east–west). */
const types = {
	/** 高层板楼, three units of 一梯两户. */
	slab3: { units: 3, floors: 16, roomsPerFloor: 2, widthM: 62, depthM: 13 },
	/** 高层板楼, two units. */
	slab2: { units: 2, floors: 24, roomsPerFloor: 2, widthM: 44, depthM: 14 },
	/** 点式高层, 一梯四户. */
	tower: { units: 1, floors: 23, roomsPerFloor: 4, widthM: 26, depthM: 24 },
	/** 小高层. */
	smallHigh: { units: 2, floors: 11, roomsPerFloor: 2, widthM: 36, depthM: 13 },
	/** 洋房, six storeys. */
	villa: { units: 4, floors: 6, roomsPerFloor: 2, widthM: 58, depthM: 12 },
	/** 多层 walk-ups of three, four and five units. */
	walkUp3: { units: 3, floors: 6, roomsPerFloor: 2, widthM: 45, depthM: 12 },
	walkUp4: { units: 4, floors: 6, roomsPerFloor: 2, widthM: 60, depthM: 12 },
	walkUp5: { units: 5, floors: 6, roomsPerFloor: 2, widthM: 75, depthM: 12 },
	/** 小高层 of 一梯四户. */
	midRise: { units: 2, floors: 11, roomsPerFloor: 4, widthM: 48, depthM: 16 }
} satisfies Record<string, BuildingType>;
type TypeName = keyof typeof types;

/** A building of a micro-grid: its type, floors when they differ, and its centre's offset (dx from the column's centre, dy from its row's centre). */
type Placed = { type: TypeName; floors?: number; dx: number; dy?: number };
/** A micro-grid: how many rows it spans (default 1) and the buildings of its last row. */
type MicroPlan = { rows?: number; buildings: Placed[] };
type GridPlan = { west: number; east: number; microGrids: MicroPlan[] };
type CompoundPlan = { key: CompoundKey; north: number; rowPitch: number; grids: GridPlan[]; cut?: Cut };
/** A corner cut off diagonally (a road bending round it), `x` by `y` metres. */
type Cut = { corner: 'sw' | 'ne'; x: number; y: number };

const one = (type: TypeName, dx: number, floors?: number, dy = 0): Placed[] => [{ type, dx, floors, dy }];
const pair = (a: TypeName, ax: number, b: TypeName, bx: number, floors?: [number?, number?]): Placed[] => [
	{ type: a, dx: ax, floors: floors?.[0] },
	{ type: b, dx: bx, floors: floors?.[1] }
];

/** 光明铂悦华府: seven rows of 65 m; the central garden takes row 4 of grids 2 and 3. */
const guangming: CompoundPlan = {
	key: 'guangming',
	north: 215,
	rowPitch: 65,
	cut: { corner: 'sw', x: 34, y: 30 },
	grids: [
		{
			west: -392,
			east: -272,
			microGrids: [
				{ buildings: one('slab3', -6) },
				{ buildings: one('tower', -24, 23) },
				{ buildings: pair('smallHigh', -26, 'smallHigh', 24, [11, 12]) },
				{ buildings: one('slab2', 8, 24) },
				{ buildings: one('slab3', -4, 15) },
				{ buildings: pair('villa', -24, 'smallHigh', 34) },
				{ buildings: one('tower', 18, 24, 4) }
			]
		},
		{
			west: -272,
			east: -152,
			microGrids: [
				{ buildings: one('slab2', 4, 24) },
				{ buildings: pair('smallHigh', -24, 'smallHigh', 26) },
				{ buildings: one('tower', 10, 23) },
				{ rows: 2, buildings: one('slab3', -2) },
				{ buildings: pair('villa', -25, 'smallHigh', 34) },
				{ buildings: one('slab3', 6, 15) }
			]
		},
		{
			west: -152,
			east: -32,
			microGrids: [
				{ buildings: one('tower', -14, 24) },
				{ buildings: one('slab3', 4) },
				{ buildings: pair('smallHigh', -24, 'smallHigh', 24, [11, 11]) },
				{ rows: 2, buildings: one('tower', 20, 23) },
				{ buildings: pair('villa', -24, 'smallHigh', 36) },
				{ buildings: one('slab3', -2) }
			]
		}
	]
};

/** 华建雅筑: six rows of 52 m across the road; its north-east corner is cut off. */
const huajian: CompoundPlan = {
	key: 'huajian',
	north: 72,
	rowPitch: 52,
	cut: { corner: 'ne', x: 44, y: 34 },
	grids: [
		{
			west: 0,
			east: 150,
			microGrids: [
				{ buildings: pair('walkUp4', -36, 'walkUp4', 34) },
				{ buildings: pair('walkUp4', -38, 'walkUp3', 26) },
				{ buildings: one('midRise', -20) },
				{ buildings: pair('walkUp4', -36, 'walkUp4', 34) },
				{ buildings: pair('walkUp5', -32, 'walkUp3', 42) },
				{ buildings: one('midRise', 18) }
			]
		},
		{
			west: 150,
			east: 300,
			microGrids: [
				{ buildings: one('midRise', -26) },
				{ buildings: pair('walkUp4', -36, 'walkUp4', 34) },
				{ buildings: pair('walkUp3', -40, 'walkUp4', 26) },
				{ buildings: one('midRise', 12) },
				{ buildings: pair('walkUp4', -36, 'walkUp4', 34) },
				{ buildings: pair('walkUp5', -32, 'walkUp3', 42) }
			]
		}
	]
};

const compoundPlans: CompoundPlan[] = [guangming, huajian];

export type LaidBuilding = BuildingType & { compoundKey: CompoundKey; box: Box; row: number };
type LaidMicroGrid = { ring: MetreRing; buildings: LaidBuilding[] };
export type LaidGrid = { compoundKey: CompoundKey; ring: MetreRing; microGrids: LaidMicroGrid[] };

function boxRing({ west, south, east, north }: Box): MetreRing {
	return [
		[west, south],
		[east, south],
		[east, north],
		[west, north]
	];
}

/** The box's ring with the compound's cut corner taken off, when the box has that corner. */
function cutRing(box: Box, compound: Box, cut: Cut | undefined): MetreRing {
	const ring = boxRing(box);
	if (!cut) return ring;
	if (cut.corner === 'sw' && box.west === compound.west && box.south === compound.south)
		return [[box.west + cut.x, box.south], ...ring.slice(1), [box.west, box.south + cut.y]];
	if (cut.corner === 'ne' && box.east === compound.east && box.north === compound.north)
		return [ring[0], ring[1], [box.east, box.north - cut.y], [box.east - cut.x, box.north], ring[3]];
	return ring;
}

function placeBuilding(placed: Placed, centreX: number, band: Box, row: number, compoundKey: CompoundKey): LaidBuilding {
	const type = types[placed.type];
	const x = centreX + placed.dx;
	const y = (band.north + band.south) / 2 + (placed.dy ?? 0);
	const box = { west: x - type.widthM / 2, east: x + type.widthM / 2, south: y - type.depthM / 2, north: y + type.depthM / 2 };
	return { ...type, floors: placed.floors ?? type.floors, compoundKey, box, row };
}

/** The grids of one compound, west to east, each with its micro-grids north to south. */
function layCompound(plan: CompoundPlan): LaidGrid[] {
	const rows = Math.max(...plan.grids.map((grid) => grid.microGrids.reduce((sum, micro) => sum + (micro.rows ?? 1), 0)));
	const south = plan.north - rows * plan.rowPitch;
	const compound: Box = { west: plan.grids[0].west, east: plan.grids.at(-1)!.east, north: plan.north, south };
	return plan.grids.map((grid) => {
		let row = 0;
		const centreX = (grid.west + grid.east) / 2;
		const microGrids = grid.microGrids.map((micro) => {
			const box = { west: grid.west, east: grid.east, north: plan.north - row * plan.rowPitch, south: 0 };
			row += micro.rows ?? 1;
			box.south = plan.north - row * plan.rowPitch;
			const band = { ...box, north: box.south + plan.rowPitch };
			return { ring: cutRing(box, compound, plan.cut), buildings: micro.buildings.map((placed) => placeBuilding(placed, centreX, band, row - 1, plan.key)) };
		});
		const gridBox = { west: grid.west, east: grid.east, north: plan.north, south };
		return { compoundKey: plan.key, ring: cutRing(gridBox, compound, plan.cut), microGrids };
	});
}

/** Both compounds' grids in order (grids 1–3, then 4–5). */
export function layOut(): LaidGrid[] {
	return compoundPlans.flatMap(layCompound);
}
