import { describe, expect, it } from 'vitest';
import { HttpRefusal } from '../refusal';
import { buildingCreateSchema, changesNothing, gridPatchSchema, microGridCreateSchema, parseBody, parseGeometry, parseHistoryQuery } from './structure-input';

function refusal(work: () => unknown): HttpRefusal {
	try {
		work();
	} catch (caught) {
		expect(caught).toBeInstanceOf(HttpRefusal);
		return caught as HttpRefusal;
	}
	throw new Error('expected a refusal');
}

const building = { label: ' 4号楼 ', microGridId: 'm1', geometry: {}, units: 2, floors: 6, roomsPerFloor: 2 };

describe('parseBody', () => {
	it('trims names and keeps the geometry for its own check', () => {
		expect(parseBody(buildingCreateSchema, building)).toMatchObject({ label: '4号楼', geometry: {} });
	});

	it('names a missing field in either language', () => {
		const missing = refusal(() => parseBody(microGridCreateSchema, { name: '一', geometry: {} }));
		expect(missing.status).toBe(400);
		expect(missing.key).toBe('error_field_missing');
		expect(missing.text('zh-CN')).toBe('缺少所属网格（gridId）。');
		expect(missing.text('en')).toBe('The field "gridId" is missing.');
		expect(missing.extra).toEqual({ field: 'gridId' });
	});

	it.each([
		[{ ...building, floors: 0 }, 'error_floors_range', /^楼层数应为 1–60 的整数。$/, 'floors'],
		[{ ...building, units: '2' }, 'error_units_range', /^单元数应为 1–99 的整数。$/, 'units'],
		[{ ...building, label: 'x'.repeat(41) }, 'error_label_length', /1–40/, 'label'],
		[{ ...building, households: 'all' }, 'error_household_list', /户列表/, 'households']
	])('refuses %o', (body, key, message, field) => {
		const refused = refusal(() => parseBody(buildingCreateSchema, body));
		expect(refused.key).toBe(key);
		expect(refused.text()).toMatch(message);
		expect(refused.extra.field).toBe(field);
	});

	it('renders range parameters in English too', () => {
		expect(refusal(() => parseBody(buildingCreateSchema, { ...building, floors: 61 })).text('en')).toBe(
			'Floors must be a whole number from 1 to 60.'
		);
	});

	it('refuses an oversized geometry by its size alone, in either language', () => {
		const ring = Array.from({ length: 2100 }, (_, i) => [119 + i * 1e-5, 32]);
		const refused = refusal(() => parseBody(gridPatchSchema, { geometry: { type: 'Polygon', coordinates: [ring] } }));
		expect(refused.key).toBe('error_geometry');
		expect(refused.extra).toEqual({ field: 'geometry', reason: 'too-many-points' });
		expect(refused.text('zh-CN')).toMatch(/^多边形太复杂：每个环最多 2000 个顶点/);
		expect(refused.text('en')).toMatch(/^The shape is too complex: at most 2000 corners per ring/);
	});

	it('refuses a body that is not an object', () => {
		expect(refusal(() => parseBody(gridPatchSchema, [1])).text()).toMatch(/JSON 对象/);
	});

	it('drops repeated user ids', () => {
		expect(parseBody(gridPatchSchema, { chiefIds: ['a', 'b', 'a'] }).chiefIds).toEqual(['a', 'b']);
	});

	it('tells an empty PATCH from a real one', () => {
		expect(changesNothing(parseBody(gridPatchSchema, { confirm: true }))).toBe(true);
		expect(changesNothing(parseBody(gridPatchSchema, { name: '新' }))).toBe(false);
	});
});

describe('parseGeometry', () => {
	it('refuses with the problem in the language of the answer, its code as reason and where', () => {
		const refused = refusal(() => parseGeometry({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] }));
		expect(refused.key).toBe('error_geometry');
		expect(refused.extra).toEqual({ reason: 'unclosed', at: [0, 1] });
		expect(refused.text('zh-CN')).toBe('多边形的边界没有闭合：首尾两个点必须相同。');
		expect(refused.text('en')).toBe('A polygon ring is not closed: its first and last positions must be the same.');
	});
});

describe('parseHistoryQuery', () => {
	const query = (search: string) => parseHistoryQuery(new URL(`http://x/history${search}`));
	it('defaults to 50 newest and takes a cursor', () => {
		expect(query('')).toEqual({ limit: 50, before: null });
		expect(query('?limit=10&before=abc')).toEqual({ limit: 10, before: 'abc' });
	});
	it.each(['?limit=0', '?limit=201', '?limit=ten'])('refuses %s', (search) => {
		expect(refusal(() => query(search))).toMatchObject({ status: 400, key: 'error_history_limit' });
	});
});
