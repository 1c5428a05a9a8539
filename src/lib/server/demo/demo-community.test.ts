import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { difference } from '@turf/difference';
import { feature, featureCollection } from '@turf/helpers';
import { describe, it, expect } from 'vitest';
import { containingArea, outsidePart } from '../../domain/containment';
import { checkPolygonal, polygonalArea, representativePoint } from '../../domain/geometry';
import {
	demoCommunity,
	householdCodes,
	householdCount,
	type DemoBuilding,
	type DemoPerson,
	type Polygon
} from './demo-community';

type BBox = { minLon: number; minLat: number; maxLon: number; maxLat: number };

const community = demoCommunity();
const microGrids = community.grids.flatMap((grid) => grid.microGrids);
const buildings = microGrids.flatMap((microGrid) => microGrid.buildings);
const liaisons = microGrids.map((microGrid) => microGrid.liaison);
const people: DemoPerson[] = [
	community.secretary,
	...community.grids.map((grid) => grid.chief),
	...liaisons,
	...community.propertyUsers,
	community.streetUser
];
const polygons: Polygon[] = [
	...community.grids.map((grid) => grid.geometry),
	...microGrids.map((microGrid) => microGrid.geometry),
	...buildings.map((building) => building.geometry)
];

function outerRing(polygon: Polygon): [number, number][] {
	return polygon.coordinates[0];
}

function bbox(polygon: Polygon): BBox {
	const lons = outerRing(polygon).map(([lon]) => lon);
	const lats = outerRing(polygon).map(([, lat]) => lat);
	return {
		minLon: Math.min(...lons),
		minLat: Math.min(...lats),
		maxLon: Math.max(...lons),
		maxLat: Math.max(...lats)
	};
}

function isAxisAlignedRectangle(polygon: Polygon): boolean {
	const ring = outerRing(polygon);
	const box = bbox(polygon);
	const onEdge = ([lon, lat]: [number, number]) =>
		(lon === box.minLon || lon === box.maxLon) && (lat === box.minLat || lat === box.maxLat);
	return ring.length === 5 && ring.every(onEdge);
}

function signedArea(ring: [number, number][]): number {
	let twiceArea = 0;
	for (let i = 0; i < ring.length - 1; i++) {
		const [x1, y1] = ring[i];
		const [x2, y2] = ring[i + 1];
		twiceArea += x1 * y2 - x2 * y1;
	}
	return twiceArea / 2;
}

const householdsOf = (list: DemoBuilding[]) => list.reduce((sum, b) => sum + householdCount(b), 0);
const distinct = <T>(values: T[]) => new Set(values).size === values.length;
const metresPerDegreeLon = 111_320 * Math.cos((32.36 * Math.PI) / 180);

describe('demoCommunity structure', () => {
	it('has 5 grids, 31 micro-grids and 45 buildings', () => {
		expect(community.grids.map((grid) => grid.name)).toEqual([
			'第一网格',
			'第二网格',
			'第三网格',
			'第四网格',
			'第五网格'
		]);
		expect(community.grids.map((grid) => grid.microGrids.length)).toEqual([7, 6, 6, 6, 6]);
		expect(microGrids).toHaveLength(31);
		expect(buildings).toHaveLength(45);
		expect(microGrids[8].name).toBe('第二网格第2微网格');
	});

	it('has about 2,800 households and 80–100 per micro-grid', () => {
		const total = householdsOf(buildings);
		expect(total).toBeGreaterThanOrEqual(2700);
		expect(total).toBeLessThanOrEqual(2900);
		for (const microGrid of microGrids) {
			expect(microGrid.buildings.length).toBeGreaterThanOrEqual(1);
			expect(microGrid.buildings.length).toBeLessThanOrEqual(2);
			expect(householdsOf(microGrid.buildings)).toBeGreaterThanOrEqual(80);
			expect(householdsOf(microGrid.buildings)).toBeLessThanOrEqual(100);
		}
	});

	it('puts grids 1–3 in 光明铂悦华府 and grids 4–5 in 华建雅筑', () => {
		const compoundsByGrid = community.grids.map((grid) => [
			...new Set(grid.microGrids.flatMap((m) => m.buildings.map((b) => b.compoundKey)))
		]);
		expect(compoundsByGrid).toEqual([
			['guangming'],
			['guangming'],
			['guangming'],
			['huajian'],
			['huajian']
		]);
		expect(community.compounds.map((c) => c.name)).toEqual(['光明铂悦华府', '华建雅筑']);
		expect(community.orgs.map((o) => o.name)).toEqual(['光明物业', '华建物业']);
	});

	it('labels buildings uniquely within each compound', () => {
		for (const key of ['guangming', 'huajian'] as const) {
			const labels = buildings.filter((b) => b.compoundKey === key).map((b) => b.label);
			expect(distinct(labels)).toBe(true);
			expect(labels.every((label) => /^\d+号楼$/.test(label))).toBe(true);
			expect(labels[0]).toBe('1号楼');
		}
	});

	it('is deterministic', () => {
		expect(demoCommunity()).toEqual(demoCommunity());
		expect(demoCommunity()).toEqual(community);
	});
});

describe('demoCommunity people', () => {
	it('uses exactly the documented usernames', () => {
		const liaisonNames = Array.from(
			{ length: 31 },
			(_, i) => `liaison${String(i + 1).padStart(2, '0')}`
		);
		expect(people.map((p) => p.username)).toEqual([
			'secretary',
			'chief1',
			'chief2',
			'chief3',
			'chief4',
			'chief5',
			...liaisonNames,
			'property1',
			'property2',
			'street1'
		]);
	});

	it('has distinct plausible names and phone numbers', () => {
		expect(distinct(people.map((p) => p.displayName))).toBe(true);
		expect(distinct(people.map((p) => p.phone))).toBe(true);
		for (const person of people) {
			expect(person.displayName).toMatch(/^[\u4e00-\u9fff]{2,3}$/);
			expect(person.phone).toMatch(/^1(3|5|8)\d{9}$/);
		}
	});

	it('gives staff, chiefs and liaisons the right affiliations', () => {
		for (const person of [community.secretary, ...community.grids.map((g) => g.chief)]) {
			expect(person).toMatchObject({ affiliation: 'community_staff', partyMember: true });
		}
		expect(community.streetUser.affiliation).toBe('community_staff');
		expect(community.propertyUsers.map((p) => p.orgKey)).toEqual(['guangming', 'huajian']);
		community.grids.forEach((grid, gridIndex) => {
			const expectedOrg = gridIndex < 3 ? 'guangming' : 'huajian';
			for (const { liaison } of grid.microGrids) {
				const expected = liaison.affiliation === 'property_staff' ? expectedOrg : undefined;
				expect(liaison.orgKey).toBe(expected);
			}
		});
	});

	it('gives each property company a party-member property user (红色物业), and consent to a public phone to a few only', () => {
		for (const org of community.orgs) {
			expect(community.propertyUsers.some((p) => p.orgKey === org.key && p.partyMember)).toBe(true);
		}
		expect(people.filter((p) => p.publicContact).map((p) => p.username).sort()).toEqual(['chief1', 'liaison01', 'property1']);
		expect(community.community.hotline).toMatch(/^[0-9-]{8,}$/);
	});

	it('mixes property staff, volunteers and an enterprise party branch among liaisons', () => {
		const count = (affiliation: string) =>
			liaisons.filter((l) => l.affiliation === affiliation).length;
		expect(count('property_staff')).toBeGreaterThanOrEqual(10);
		expect(count('resident_volunteer')).toBeGreaterThanOrEqual(10);
		expect([1, 2]).toContain(count('enterprise_party'));
		const propertyStaff = liaisons.filter((l) => l.affiliation === 'property_staff');
		const partyStaff = propertyStaff.filter((l) => l.partyMember);
		expect(partyStaff.length).toBeGreaterThan(propertyStaff.length / 2);
	});
});

describe('demoCommunity geometry', () => {
	const grids = community.grids;
	const metres = (lonLat: [number, number]) => [(lonLat[0] - 119.4) * metresPerDegreeLon, (lonLat[1] - 32.36) * 110_940];
	const sizeOf = (building: DemoBuilding) => {
		const box = bbox(building.geometry);
		const [west, south] = metres([box.minLon, box.minLat]);
		const [east, north] = metres([box.maxLon, box.maxLat]);
		return { width: east - west, depth: north - south, west, south, east, north };
	};

	it('uses valid, closed, counter-clockwise rings near 32.36 N, 119.40 E', () => {
		for (const polygon of polygons) {
			const ring = outerRing(polygon);
			expect(checkPolygonal(polygon).ok).toBe(true);
			expect(ring[0]).toEqual(ring[ring.length - 1]);
			expect(signedArea(ring)).toBeGreaterThan(0);
			for (const [lon, lat] of ring) {
				expect(Math.abs(lon - 119.4)).toBeLessThan(0.01);
				expect(Math.abs(lat - 32.36)).toBeLessThan(0.01);
				expect(Math.round(lon * 1e7) / 1e7).toBe(lon);
			}
		}
	});

	it('has buildings facing south: rectangles longer east–west, slabs, towers and walk-ups of varied sizes', () => {
		for (const building of buildings) {
			expect(isAxisAlignedRectangle(building.geometry)).toBe(true);
			const { width, depth } = sizeOf(building);
			expect(width).toBeGreaterThanOrEqual(depth);
			expect(width).toBeGreaterThan(20);
			expect(width).toBeLessThan(80);
			expect(depth).toBeGreaterThan(10);
			expect(depth).toBeLessThan(26);
		}
		const footprints = new Set(buildings.map((b) => { const { width, depth } = sizeOf(b); return `${Math.round(width)}×${Math.round(depth)}`; }));
		expect(footprints.size).toBeGreaterThanOrEqual(6);
		const towers = buildings.filter((b) => sizeOf(b).width < 1.2 * sizeOf(b).depth);
		expect(towers.length).toBeGreaterThanOrEqual(4);
		expect(new Set(buildings.map((b) => b.floors)).size).toBeGreaterThanOrEqual(5);
	});

	it('keeps each compound’s grids apart from the other’s, across a road', () => {
		const extent = (key: string) => {
			const boxes = grids.filter((g) => g.microGrids[0].buildings[0].compoundKey === key).map((g) => bbox(g.geometry));
			return { west: Math.min(...boxes.map((b) => b.minLon)), east: Math.max(...boxes.map((b) => b.maxLon)) };
		};
		const road = (extent('huajian').west - extent('guangming').east) * metresPerDegreeLon;
		expect(road).toBeGreaterThan(20);
		expect(road).toBeLessThan(60);
		expect(grids.filter((g) => !isAxisAlignedRectangle(g.geometry)).length).toBeGreaterThanOrEqual(2);
	});

	it('passes the containment checks: every building inside its micro-grid, every micro-grid inside its grid', () => {
		for (const grid of grids) {
			for (const microGrid of grid.microGrids) {
				expect(outsidePart(microGrid.geometry, grid.geometry), microGrid.name).toBeNull();
				for (const building of microGrid.buildings) {
					expect(outsidePart(building.geometry, microGrid.geometry), building.label).toBeNull();
					expect(containingArea(representativePoint(building.geometry), microGrids.map((m) => ({ id: m.name, geometry: m.geometry })))?.id).toBe(microGrid.name);
				}
			}
		}
	});

	it('tiles each grid with its micro-grids, without overlaps between grids or micro-grids', () => {
		for (const grid of grids) {
			const sum = grid.microGrids.reduce((total, m) => total + polygonalArea(m.geometry), 0);
			expect(sum / polygonalArea(grid.geometry)).toBeCloseTo(1, 6);
			expectNoOverlaps(grid.microGrids.map((m) => m.geometry));
		}
		expectNoOverlaps(grids.map((g) => g.geometry));
	});

	it('keeps a micro-grid’s buildings in one row, with room between any two buildings', () => {
		for (const microGrid of microGrids) {
			const rows = microGrid.buildings.map(sizeOf);
			for (const a of rows) for (const b of rows) expect(a.south < b.north && b.south < a.north).toBe(true);
		}
		const boxes = buildings.map(sizeOf);
		boxes.forEach((a, i) =>
			boxes.slice(i + 1).forEach((b) => {
				const gap = Math.max(b.west - a.east, a.west - b.east, b.south - a.north, a.south - b.north);
				expect(gap).toBeGreaterThan(9.5);
			})
		);
	});

	it('keeps every building strictly inside its micro-grid with a few metres to spare', () => {
		for (const microGrid of microGrids) {
			for (const building of microGrid.buildings) {
				const { west, south, east, north } = sizeOf(building);
				const grown = [[west - 3, south - 3], [east + 3, south - 3], [east + 3, north + 3], [west - 3, north + 3]];
				for (const [x, y] of grown) {
					expect(booleanPointInPolygon([119.4 + x / metresPerDegreeLon, 32.36 + y / 110_940], microGrid.geometry)).toBe(true);
				}
			}
		}
	});
});

function expectNoOverlaps(areas: Polygon[]) {
	const overlapping: [number, number][] = [];
	areas.forEach((a, i) =>
		areas.slice(i + 1).forEach((b, j) => {
			const rest = difference(featureCollection([feature(a), feature(b)]));
			const overlap = polygonalArea(a) - (rest ? polygonalArea(rest.geometry as Polygon) : 0);
			if (overlap > 0.5) overlapping.push([i, i + 1 + j]);
		})
	);
	expect(overlapping).toEqual([]);
}

describe('householdCodes', () => {
	it('formats unit-floor-room codes in order', () => {
		expect(householdCodes(1, 2, 2)).toEqual(['1-101', '1-102', '1-201', '1-202']);
		expect(householdCodes(2, 11, 4)).toContain('2-1104');
		expect(householdCodes(1, 11, 4).at(-1)).toBe('1-1104');
		expect(householdCodes(2, 3, 1)[3]).toBe('2-101');
	});

	it('produces units × floors × rooms distinct codes', () => {
		const codes = householdCodes(4, 15, 3);
		expect(codes).toHaveLength(180);
		expect(distinct(codes)).toBe(true);
	});
});
