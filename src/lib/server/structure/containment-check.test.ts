import { describe, expect, it } from 'vitest';
import type { Polygon } from '../../domain/geojson';
import { containmentProblems, requireContained } from './containment-check';
import { HttpRefusal } from '../refusal';

/** A square of `size` degrees with its south-west corner at (x, y), near the demo community. */
const box = (x: number, y: number, size: number): Polygon => {
	const [w, s] = [119.4 + x, 32.36 + y];
	return { type: 'Polygon', coordinates: [[[w, s], [w + size, s], [w + size, s + size], [w, s + size], [w, s]]] };
};
const parent = { id: 'm1', name: '一号微网格', geometry: box(0, 0, 0.001) };

describe('containmentProblems', () => {
	it('passes a child inside its parent, and one whose parent or own geometry is missing', () => {
		expect(
			containmentProblems([
				{ kind: 'building', child: { id: 'b1', name: '1号楼', geometry: box(0.0002, 0.0002, 0.0001) }, parentKind: 'microGrid', parent },
				{ kind: 'building', child: { id: 'b2', name: '2号楼', geometry: box(0.01, 0.01, 0.0001) }, parentKind: 'microGrid', parent: { ...parent, geometry: null } },
				{ kind: 'building', child: { id: 'b3', name: '3号楼', geometry: null }, parentKind: 'microGrid', parent }
			])
		).toEqual([]);
	});

	it('names a child that sticks out, with the outside part and its area', () => {
		const [problem] = containmentProblems([
			{ kind: 'building', child: { id: null, name: '4号楼', geometry: box(0.0009, 0.0005, 0.0002) }, parentKind: 'microGrid', parent }
		]);
		expect(problem).toMatchObject({ kind: 'building', id: null, name: '4号楼', parentKind: 'microGrid', parentId: 'm1', parentName: '一号微网格' });
		expect(problem.outside.type).toMatch(/Polygon/);
		// Half of a box of about 19 m × 22 m.
		expect(problem.area).toBeGreaterThan(150);
		expect(problem.area).toBeLessThan(260);
	});
});

describe('requireContained', () => {
	const problems = containmentProblems([
		{ kind: 'microGrid', child: { id: 'm2', name: '越界', geometry: box(0.0009, 0, 0.0005) }, parentKind: 'grid', parent: { ...parent, id: 'g1', name: '第一网格' } }
	]);

	it('answers 409 with every problem unless confirmed', () => {
		expect(() => requireContained([], undefined)).not.toThrow();
		expect(() => requireContained(problems, true)).not.toThrow();
		try {
			requireContained(problems, false);
			throw new Error('expected a 409');
		} catch (caught) {
			expect(caught).toBeInstanceOf(HttpRefusal);
			const refusal = caught as HttpRefusal;
			expect(refusal.status).toBe(409);
			expect(refusal.key).toBe('error_outside_parent');
			expect(refusal.text()).toMatch(/^微网格「越界」有约 \d+ 平方米在网格「第一网格」之外。确认无误/);
			expect(refusal.extra.problems).toEqual(problems);
		}
	});
});
