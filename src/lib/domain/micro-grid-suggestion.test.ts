import { describe, expect, it } from 'vitest';
import { demoCommunity, householdCount } from '../server/demo/demo-community';
import type { Polygon, Polygonal } from './geojson';
import { checkPolygonal, polygonalArea, representativePoint } from './geometry';
import { outsidePart } from './containment';
import { groupOutlines } from './micro-grid-outline';
import { matchLiaisons, matchMicroGrids } from './micro-grid-matching';
import { groupsConnected, suggestGroups, type SuggestionBuilding, type Target } from './micro-grid-suggestion';

const target: Target = { min: 80, max: 100 };

type Case = { buildings: (SuggestionBuilding & { geometry: Polygonal })[]; grid: Polygonal };

function demoGrids(): Case[] {
	return demoCommunity().grids.map((grid, g) => ({
		grid: grid.geometry,
		buildings: grid.microGrids.flatMap((micro, m) =>
			micro.buildings.map((b, i) => ({
				id: `g${g}-m${m}-b${i}`,
				households: householdCount(b),
				compoundId: b.compoundKey,
				point: representativePoint(b.geometry),
				geometry: b.geometry
			}))
		)
	}));
}

/** Rows of rectangles 40 m × 12 m, 60 m apart, with households from a little generator of our own (no randomness). */
function generatedGrid(seed: number, rows: number, perRow: number, households: (k: number) => number, twoCompounds = false): Case {
	const lon0 = 119.4;
	const lat0 = 32.36;
	const dLon = 1 / (111_320 * Math.cos((lat0 * Math.PI) / 180));
	const dLat = 1 / 111_320;
	const box = (x0: number, y0: number, x1: number, y1: number): Polygon => ({
		type: 'Polygon',
		coordinates: [[[lon0 + x0 * dLon, lat0 + y0 * dLat], [lon0 + x1 * dLon, lat0 + y0 * dLat], [lon0 + x1 * dLon, lat0 + y1 * dLat], [lon0 + x0 * dLon, lat0 + y1 * dLat], [lon0 + x0 * dLon, lat0 + y0 * dLat]]]
	});
	const buildings: Case['buildings'] = [];
	for (let r = 0; r < rows; r++) {
		for (let c = 0; c < perRow; c++) {
			const k = r * perRow + c;
			const jitter = ((k * 7 + seed * 13) % 5) - 2;
			const geometry = box(c * 55 + jitter, -r * 60 + jitter, c * 55 + 40 + jitter, -r * 60 + 12 + jitter);
			buildings.push({ id: `s${seed}-${String(k).padStart(3, '0')}`, households: households(k), compoundId: twoCompounds && c >= perRow / 2 ? 'b' : 'a', point: representativePoint(geometry), geometry });
		}
	}
	return { buildings, grid: box(-20, -(rows - 1) * 60 - 20, perRow * 55 + 10, 40) };
}

function expectPartition(c: Case, groups: { buildingIds: string[] }[]) {
	const ids = groups.flatMap((g) => g.buildingIds).sort();
	expect(ids).toEqual(c.buildings.map((b) => b.id).sort());
}

describe('suggestGroups', () => {
	it('partitions every demo grid into connected groups, each within 80–100 households or a single oversize building', () => {
		for (const c of demoGrids()) {
			const groups = suggestGroups(c.buildings, target);
			expectPartition(c, groups);
			expect(groupsConnected(c.buildings, groups).every(Boolean)).toBe(true);
			for (const g of groups) {
				if (g.oversize) expect(g.buildingIds).toHaveLength(1);
				else expect(g.households, JSON.stringify(groups)).toBeGreaterThanOrEqual(target.min);
				if (!g.oversize) expect(g.households).toBeLessThanOrEqual(target.max);
			}
		}
	});

	it('is deterministic whatever order the buildings come in', () => {
		for (const c of demoGrids()) {
			const once = suggestGroups(c.buildings, target);
			expect(suggestGroups([...c.buildings].reverse(), target)).toEqual(once);
		}
	});

	it('keeps generated grids within the target where pairs of buildings allow it, connected, nothing left out', () => {
		for (let seed = 1; seed <= 12; seed++) {
			const c = generatedGrid(seed, 3 + (seed % 4), 2 + (seed % 3), (k) => 40 + ((k * 3 + seed) % 11));
			const groups = suggestGroups(c.buildings, target);
			expectPartition(c, groups);
			expect(groupsConnected(c.buildings, groups).every(Boolean)).toBe(true);
			const outside = groups.filter((g) => g.households < target.min || g.households > target.max);
			// An odd count of ~45-household buildings leaves one group that cannot reach 80 alone or stay under 100 with three.
			expect(outside.length, JSON.stringify(groups)).toBeLessThanOrEqual(c.buildings.length % 2);
		}
	});

	it('prefers cutting between compounds', () => {
		const c = generatedGrid(2, 2, 4, () => 45, true);
		const groups = suggestGroups(c.buildings, target);
		for (const g of groups) {
			const compounds = new Set(g.buildingIds.map((id) => c.buildings.find((b) => b.id === id)!.compoundId));
			expect(compounds.size).toBe(1);
		}
	});

	it('puts a building over the maximum in a group of its own, marked oversize', () => {
		const c = generatedGrid(3, 2, 3, (k) => (k === 2 ? 240 : 45));
		const groups = suggestGroups(c.buildings, target);
		const big = groups.find((g) => g.buildingIds.includes('s3-002'))!;
		expect(big).toMatchObject({ buildingIds: ['s3-002'], households: 240, oversize: true });
		expect(groups.filter((g) => g.oversize)).toHaveLength(1);
	});

	it('follows a changed target', () => {
		const c = demoGrids()[3];
		const small = suggestGroups(c.buildings, { min: 40, max: 60 });
		const large = suggestGroups(c.buildings, { min: 180, max: 220 });
		expect(small.length).toBeGreaterThan(large.length);
		for (const g of large) expect(g.households).toBeGreaterThanOrEqual(150);
	});

	it('copes with no buildings and with one', () => {
		expect(suggestGroups([], target)).toEqual([]);
		const [one] = demoGrids()[0].buildings;
		expect(suggestGroups([one], target)).toEqual([{ buildingIds: [one.id], households: one.households, oversize: false }]);
	});
});

describe('groupOutlines', () => {
	it('draws valid outlines inside the grid that hold their own buildings and not others, without overlapping', () => {
		const cases = [...demoGrids(), generatedGrid(5, 4, 3, (k) => 40 + (k % 9))];
		for (const c of cases) {
			const groups = suggestGroups(c.buildings, target);
			const footprint = new Map(c.buildings.map((b) => [b.id, b.geometry]));
			const outlines = groupOutlines(groups.map((g) => g.buildingIds.map((id) => footprint.get(id)!)), c.grid);
			outlines.forEach((outline, i) => {
				expect(outline).not.toBeNull();
				expect(checkPolygonal(outline).ok).toBe(true);
				expect(outsidePart(outline!, c.grid)).toBeNull();
				for (const id of groups[i].buildingIds) expect(outsidePart(footprint.get(id)!, outline!)).toBeNull();
				for (let j = i + 1; j < outlines.length; j++) {
					// What lies outside the other is (within a square metre) all of it.
					const outside = outsidePart(outline!, outlines[j]!);
					expect(polygonalArea(outline!) - (outside?.area ?? 0)).toBeLessThan(1);
				}
			});
		}
	}, 30_000);
});

describe('matching', () => {
	const householdsOf = (id: string) => ({ a: 50, b: 50, c: 40, d: 40 })[id] ?? 0;
	const current = [
		{ id: 'm1', liaisonIds: ['l1'], buildingIds: ['a', 'b'] },
		{ id: 'm2', liaisonIds: ['l2'], buildingIds: ['c', 'd'] }
	];

	it('keeps a liaison with the group holding most of their households, at least half', () => {
		expect(matchLiaisons(current, [{ buildingIds: ['c', 'd', 'a'] }, { buildingIds: ['b'] }], householdsOf)).toEqual(['l2', 'l1']);
		expect(matchLiaisons(current, [{ buildingIds: ['a', 'c'] }, { buildingIds: ['b', 'd'] }], householdsOf)).toEqual(['l1', 'l2']);
		const thirds = [{ id: 'm1', liaisonIds: ['l1'], buildingIds: ['a', 'b', 'c'] }];
		expect(matchLiaisons(thirds, [{ buildingIds: ['a'] }, { buildingIds: ['b'] }, { buildingIds: ['c'] }], householdsOf)).toEqual([null, null, null]);
	});

	it('continues a current micro-grid by overlap, a new one where none is left', () => {
		expect(matchMicroGrids(current, [{ buildingIds: ['a'] }, { buildingIds: ['b'] }, { buildingIds: ['c', 'd'] }], householdsOf)).toEqual(['m1', null, 'm2']);
	});
});


