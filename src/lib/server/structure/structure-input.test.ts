import { describe, expect, it } from 'vitest';
import { StructureError } from './errors';
import { buildingCreateSchema, changesNothing, gridPatchSchema, microGridCreateSchema, parseBody, parseHistoryQuery } from './structure-input';

function refusal(work: () => unknown): StructureError {
	try {
		work();
	} catch (caught) {
		expect(caught).toBeInstanceOf(StructureError);
		return caught as StructureError;
	}
	throw new Error('expected a refusal');
}

const building = { label: ' 4号楼 ', microGridId: 'm1', geometry: {}, units: 2, floors: 6, roomsPerFloor: 2 };

describe('parseBody', () => {
	it('trims names and keeps the geometry for its own check', () => {
		expect(parseBody(buildingCreateSchema, building)).toMatchObject({ label: '4号楼', geometry: {} });
	});

	it('names a missing field in both languages', () => {
		const { status, message, extra } = refusal(() => parseBody(microGridCreateSchema, { name: '一', geometry: {} }));
		expect(status).toBe(400);
		expect(message).toBe('缺少所属网格（gridId）。 The field "gridId" is missing.');
		expect(extra).toEqual({ field: 'gridId' });
	});

	it.each([
		[{ ...building, floors: 0 }, /楼层数应为 1–60/, 'floors'],
		[{ ...building, units: '2' }, /单元数应为 1–99/, 'units'],
		[{ ...building, label: 'x'.repeat(41) }, /1–40/, 'label'],
		[{ ...building, households: 'all' }, /户列表/, 'households']
	])('refuses %o', (body, message, field) => {
		const { message: text, extra } = refusal(() => parseBody(buildingCreateSchema, body));
		expect(text).toMatch(message);
		expect(extra.field).toBe(field);
	});

	it('refuses a body that is not an object', () => {
		expect(refusal(() => parseBody(gridPatchSchema, [1])).message).toMatch(/JSON 对象/);
	});

	it('drops repeated user ids', () => {
		expect(parseBody(gridPatchSchema, { chiefIds: ['a', 'b', 'a'] }).chiefIds).toEqual(['a', 'b']);
	});

	it('tells an empty PATCH from a real one', () => {
		expect(changesNothing(parseBody(gridPatchSchema, { confirm: true }))).toBe(true);
		expect(changesNothing(parseBody(gridPatchSchema, { name: '新' }))).toBe(false);
	});
});

describe('parseHistoryQuery', () => {
	const query = (search: string) => parseHistoryQuery(new URL(`http://x/history${search}`));
	it('defaults to 50 newest and takes a cursor', () => {
		expect(query('')).toEqual({ limit: 50, before: null });
		expect(query('?limit=10&before=abc')).toEqual({ limit: 10, before: 'abc' });
	});
	it.each(['?limit=0', '?limit=201', '?limit=ten'])('refuses %s', (search) => {
		expect(refusal(() => query(search)).status).toBe(400);
	});
});
