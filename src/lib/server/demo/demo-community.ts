import { householdCode, householdDoors } from '../../domain/households';
import {
	chiefNames,
	demoPhone,
	liaisonSeeds,
	propertyUserNames,
	secretaryName,
	streetUserName,
	type LiaisonKind
} from './demo-people';

/** GeoJSON [lon, lat]; closed rings, outer ring counter-clockwise. */
export type Polygon = { type: 'Polygon'; coordinates: [number, number][][] };
export type Affiliation =
	| 'community_staff'
	| 'property_staff'
	| 'resident_volunteer'
	| 'enterprise_party';
export type CompoundKey = 'guangming' | 'huajian';
export type DemoPerson = {
	username: string;
	displayName: string;
	phone: string;
	partyMember: boolean;
	affiliation: Affiliation;
	/** Only for property_staff. */
	orgKey?: CompoundKey;
};
export type DemoBuilding = {
	label: string;
	compoundKey: CompoundKey;
	units: number;
	floors: number;
	roomsPerFloor: number;
	geometry: Polygon;
};
export type DemoMicroGrid = {
	name: string;
	geometry: Polygon;
	liaison: DemoPerson;
	buildings: DemoBuilding[];
};
export type DemoGrid = {
	name: string;
	geometry: Polygon;
	chief: DemoPerson;
	microGrids: DemoMicroGrid[];
};
export type DemoCommunity = {
	street: { name: '扬子津街道' };
	community: { name: '乐雅社区' };
	orgs: { key: CompoundKey; name: string }[];
	compounds: { key: CompoundKey; name: string; orgKey: CompoundKey }[];
	secretary: DemoPerson;
	grids: DemoGrid[];
	propertyUsers: DemoPerson[];
	streetUser: DemoPerson;
};

const demoCenter = { lon: 119.4, lat: 32.36 };
const metresPerDegreeLat = 110_940;
const metresPerDegreeLon = 111_320 * Math.cos((demoCenter.lat * Math.PI) / 180);

/** Community extent in metres east/north of demoCenter: 600 m × 400 m. */
const communityBox: Box = { west: -300, south: -200, east: 300, north: 200 };
const gridWidthM = 120;

type Box = { west: number; south: number; east: number; north: number };
type BuildingType = {
	units: number;
	floors: number;
	roomsPerFloor: number;
	widthM: number;
	depthM: number;
};

const buildingTypes = {
	highRise: { units: 2, floors: 15, roomsPerFloor: 3, widthM: 50, depthM: 16 },
	pointTower: { units: 1, floors: 11, roomsPerFloor: 4, widthM: 32, depthM: 18 },
	walkUp: { units: 4, floors: 6, roomsPerFloor: 2, widthM: 56, depthM: 12 },
	midRise: { units: 2, floors: 11, roomsPerFloor: 4, widthM: 48, depthM: 16 }
} satisfies Record<string, BuildingType>;

type MicroGridPlan = BuildingType[];
const { highRise, pointTower, walkUp, midRise } = buildingTypes;
const tower: MicroGridPlan = [highRise];
const towers: MicroGridPlan = [pointTower, pointTower];
const walkUps: MicroGridPlan = [walkUp, walkUp];
const midRises: MicroGridPlan = [midRise];

/** Grids west to east; micro-grids north to south. */
const gridPlans: { compoundKey: CompoundKey; microGrids: MicroGridPlan[] }[] = [
	{ compoundKey: 'guangming', microGrids: [tower, tower, towers, tower, tower, towers, tower] },
	{ compoundKey: 'guangming', microGrids: [tower, towers, tower, tower, towers, tower] },
	{ compoundKey: 'guangming', microGrids: [tower, tower, towers, tower, towers, tower] },
	{ compoundKey: 'huajian', microGrids: [walkUps, walkUps, midRises, walkUps, walkUps, midRises] },
	{ compoundKey: 'huajian', microGrids: [walkUps, midRises, walkUps, walkUps, midRises, walkUps] }
];

const chineseNumerals = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const liaisonAffiliation: Record<LiaisonKind, Affiliation> = {
	property: 'property_staff',
	volunteer: 'resident_volunteer',
	enterprise: 'enterprise_party'
};

export function householdCodes(units: number, floors: number, roomsPerFloor: number): string[] {
	return householdDoors(units, floors, roomsPerFloor).map(householdCode);
}

function toLonLat(eastM: number, northM: number): [number, number] {
	const round7 = (value: number) => Math.round(value * 1e7) / 1e7;
	return [
		round7(demoCenter.lon + eastM / metresPerDegreeLon),
		round7(demoCenter.lat + northM / metresPerDegreeLat)
	];
}

function boxPolygon({ west, south, east, north }: Box): Polygon {
	const ring = [
		toLonLat(west, south),
		toLonLat(east, south),
		toLonLat(east, north),
		toLonLat(west, north),
		toLonLat(west, south)
	];
	return { type: 'Polygon', coordinates: [ring] };
}

function gridBox(gridIndex: number): Box {
	const west = communityBox.west + gridIndex * gridWidthM;
	return { ...communityBox, west, east: west + gridWidthM };
}

function microGridBoxes(grid: Box, count: number): Box[] {
	const rowHeight = (grid.north - grid.south) / count;
	const edge = (row: number) => (row === count ? grid.south : grid.north - row * rowHeight);
	return Array.from({ length: count }, (_, row) => ({
		...grid,
		north: edge(row),
		south: edge(row + 1)
	}));
}

/** Slabs stacked north to south, evenly spaced, centred east–west. */
function buildingBoxes(microGrid: Box, plan: MicroGridPlan): Box[] {
	const totalDepth = plan.reduce((sum, type) => sum + type.depthM, 0);
	const gap = (microGrid.north - microGrid.south - totalDepth) / (plan.length + 1);
	const centre = (microGrid.west + microGrid.east) / 2;
	let north = microGrid.north;
	return plan.map((type) => {
		north -= gap;
		const halfWidth = type.widthM / 2;
		const south = north - type.depthM;
		const box = { west: centre - halfWidth, east: centre + halfWidth, north, south };
		north = south;
		return box;
	});
}

function communityStaff(username: string, displayName: string, index: number): DemoPerson {
	return {
		username,
		displayName,
		phone: demoPhone(index),
		partyMember: true,
		affiliation: 'community_staff'
	};
}

function liaison(number: number, compoundKey: CompoundKey): DemoPerson {
	const { name, kind, partyMember } = liaisonSeeds[number - 1];
	const affiliation = liaisonAffiliation[kind];
	return {
		username: `liaison${String(number).padStart(2, '0')}`,
		displayName: name,
		phone: demoPhone(5 + number),
		partyMember,
		affiliation,
		...(affiliation === 'property_staff' ? { orgKey: compoundKey } : {})
	};
}

function propertyUser(number: number, orgKey: CompoundKey): DemoPerson {
	return {
		username: `property${number}`,
		displayName: propertyUserNames[number - 1],
		phone: demoPhone(36 + number),
		partyMember: number === 1,
		affiliation: 'property_staff',
		orgKey
	};
}

function buildGrids(): DemoGrid[] {
	const buildingCounters: Record<CompoundKey, number> = { guangming: 0, huajian: 0 };
	let liaisonNumber = 0;
	return gridPlans.map((plan, gridIndex) => {
		const gridName = `第${chineseNumerals[gridIndex]}网格`;
		const grid = gridBox(gridIndex);
		const microGrids = microGridBoxes(grid, plan.microGrids.length).map((box, row) => {
			const buildingPlan = plan.microGrids[row];
			const buildings = buildingBoxes(box, buildingPlan).map((buildingBox, i) => ({
				label: `${++buildingCounters[plan.compoundKey]}号楼`,
				compoundKey: plan.compoundKey,
				units: buildingPlan[i].units,
				floors: buildingPlan[i].floors,
				roomsPerFloor: buildingPlan[i].roomsPerFloor,
				geometry: boxPolygon(buildingBox)
			}));
			return {
				name: `${gridName}第${row + 1}微网格`,
				geometry: boxPolygon(box),
				liaison: liaison(++liaisonNumber, plan.compoundKey),
				buildings
			};
		});
		const chief = communityStaff(`chief${gridIndex + 1}`, chiefNames[gridIndex], gridIndex + 1);
		return { name: gridName, geometry: boxPolygon(grid), chief, microGrids };
	});
}

export function demoCommunity(): DemoCommunity {
	return {
		street: { name: '扬子津街道' },
		community: { name: '乐雅社区' },
		orgs: [
			{ key: 'guangming', name: '光明物业' },
			{ key: 'huajian', name: '华建物业' }
		],
		compounds: [
			{ key: 'guangming', name: '光明铂悦华府', orgKey: 'guangming' },
			{ key: 'huajian', name: '华建雅筑', orgKey: 'huajian' }
		],
		secretary: communityStaff('secretary', secretaryName, 0),
		grids: buildGrids(),
		propertyUsers: [propertyUser(1, 'guangming'), propertyUser(2, 'huajian')],
		streetUser: communityStaff('street1', streetUserName, 39)
	};
}

export function householdCount(
	building: Pick<DemoBuilding, 'units' | 'floors' | 'roomsPerFloor'>
): number {
	return building.units * building.floors * building.roomsPerFloor;
}
