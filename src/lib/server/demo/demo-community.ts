import { householdCode, householdDoors } from '../../domain/households';
import { layOut, type Box, type LaidBuilding, type LaidGrid, type MetreRing } from './demo-layout';
import {
	chiefNames,
	demoHotline,
	demoPhone,
	liaisonSeeds,
	propertyUserNames,
	publicContactUsernames,
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
	/** Agreed to have the phone on public signs. */
	publicContact: boolean;
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
	community: { name: '乐雅社区'; hotline: string };
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

const chineseNumerals = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** 第一网格 … 第五网格: the name of the demo's grid at `index` (0-based). */
export const gridName = (index: number) => `第${chineseNumerals[index]}网格`;
const liaisonAffiliation: Record<LiaisonKind, Affiliation> = {
	property: 'property_staff',
	volunteer: 'resident_volunteer',
	enterprise: 'enterprise_party'
};

export function householdCodes(units: number, floors: number, roomsPerFloor: number): string[] {
	return householdDoors(units, floors, roomsPerFloor).map(householdCode);
}

function toLonLat([eastM, northM]: [number, number]): [number, number] {
	const round7 = (value: number) => Math.round(value * 1e7) / 1e7;
	return [
		round7(demoCenter.lon + eastM / metresPerDegreeLon),
		round7(demoCenter.lat + northM / metresPerDegreeLat)
	];
}

function ringPolygon(ring: MetreRing): Polygon {
	const positions = ring.map(toLonLat);
	return { type: 'Polygon', coordinates: [[...positions, positions[0]]] };
}

function boxPolygon({ west, south, east, north }: Box): Polygon {
	return ringPolygon([
		[west, south],
		[east, south],
		[east, north],
		[west, north]
	]);
}

/**
 * Building numbers as an estate gives them: row by row from the north, west to east within a
 * row, counted per compound.
 */
function buildingLabels(grids: LaidGrid[]): Map<LaidBuilding, string> {
	const labels = new Map<LaidBuilding, string>();
	for (const key of ['guangming', 'huajian'] as const) {
		const all = grids.filter((g) => g.compoundKey === key).flatMap((g) => g.microGrids.flatMap((m) => m.buildings));
		all.sort((a, b) => a.row - b.row || a.box.west - b.box.west);
		all.forEach((building, index) => labels.set(building, `${index + 1}号楼`));
	}
	return labels;
}

function communityStaff(username: string, displayName: string, index: number): DemoPerson {
	return {
		username,
		displayName,
		phone: demoPhone(index),
		partyMember: true,
		publicContact: publicContactUsernames.includes(username),
		affiliation: 'community_staff'
	};
}

function liaison(number: number, compoundKey: CompoundKey): DemoPerson {
	const { name, kind, partyMember } = liaisonSeeds[number - 1];
	const affiliation = liaisonAffiliation[kind];
	const username = `liaison${String(number).padStart(2, '0')}`;
	return {
		username,
		displayName: name,
		phone: demoPhone(5 + number),
		partyMember,
		publicContact: publicContactUsernames.includes(username),
		affiliation,
		...(affiliation === 'property_staff' ? { orgKey: compoundKey } : {})
	};
}

/** Each company's property user is a party member (红色物业), so every compound's signs name one. */
function propertyUser(number: number, orgKey: CompoundKey): DemoPerson {
	const username = `property${number}`;
	return {
		username,
		displayName: propertyUserNames[number - 1],
		phone: demoPhone(36 + number),
		partyMember: true,
		publicContact: publicContactUsernames.includes(username),
		affiliation: 'property_staff',
		orgKey
	};
}

function buildGrids(): DemoGrid[] {
	const laid = layOut();
	const labels = buildingLabels(laid);
	let liaisonNumber = 0;
	return laid.map((grid, gridIndex) => {
		const name = gridName(gridIndex);
		const microGrids = grid.microGrids.map((micro, row) => ({
			name: `${name}第${row + 1}微网格`,
			geometry: ringPolygon(micro.ring),
			liaison: liaison(++liaisonNumber, grid.compoundKey),
			buildings: micro.buildings.map((building) => ({
				label: labels.get(building)!,
				compoundKey: building.compoundKey,
				units: building.units,
				floors: building.floors,
				roomsPerFloor: building.roomsPerFloor,
				geometry: boxPolygon(building.box)
			}))
		}));
		const chief = communityStaff(`chief${gridIndex + 1}`, chiefNames[gridIndex], gridIndex + 1);
		return { name, geometry: ringPolygon(grid.ring), chief, microGrids };
	});
}

export function demoCommunity(): DemoCommunity {
	return {
		street: { name: '扬子津街道' },
		community: { name: '乐雅社区', hotline: demoHotline },
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
