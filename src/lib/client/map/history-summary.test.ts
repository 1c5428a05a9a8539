import { describe, expect, it } from 'vitest';
import { describeChange, type StructureChangeEntry } from './history-summary';

const square = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] };
const moved = { type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 2], [0, 0]]] };
const entry = (change: Partial<StructureChangeEntry>): StructureChangeEntry => ({
	id: 'x',
	at: '2026-01-01T00:00:00Z',
	actorName: '陈慧敏',
	kind: 'building',
	action: 'update',
	targetId: 'b1',
	targetName: '4号楼',
	before: null,
	after: null,
	...change
});
const names = { m1: '第1微网格', m2: '第2微网格', l1: '陶小芳', l2: '冯国华' };

describe('describeChange', () => {
	it('lists only what an update changed, with names for ids and a note for a new outline', () => {
		const before = { label: '4号楼', microGridId: 'm1', geometry: square, units: 2, floors: 6, roomsPerFloor: 2, households: 24 };
		const after = { ...before, microGridId: 'm2', geometry: moved, floors: 7, households: 28 };
		expect(describeChange(entry({ before, after }), names)).toEqual([
			{ field: '微网格', before: '第1微网格', after: '第2微网格' },
			{ field: '层数', before: '6', after: '7' },
			{ field: '户数', before: '24', after: '28' },
			{ note: '边界已修改' }
		]);
	});

	it('shows what was set on creation and what was there on deletion, without the outline', () => {
		const micro = { name: '第3微网格', gridId: 'g9', geometry: square, sortOrder: 0, liaisonIds: ['l1', 'l2'] };
		expect(describeChange(entry({ kind: 'microGrid', action: 'create', after: micro }), names)).toEqual([
			{ field: '名称', before: null, after: '第3微网格' },
			{ field: '网格', before: null, after: '（已删除）' },
			{ field: '联络员', before: null, after: '陶小芳、冯国华' }
		]);
		const gone = describeChange(entry({ kind: 'microGrid', action: 'delete', before: micro }), names);
		expect(gone[0]).toEqual({ field: '名称', before: '第3微网格', after: null });
		expect(gone.some((line) => 'note' in line)).toBe(false);
	});

	it('reads an unchanged record as nothing changed', () => {
		const record = { label: '4号楼', geometry: square, units: 1 };
		expect(describeChange(entry({ before: record, after: { ...record } }), names)).toEqual([]);
	});
});
