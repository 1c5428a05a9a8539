import {
	householdCode,
	householdDoors,
	parseHouseholdCode,
	type HouseholdDoor
} from './households';
import { problem, type Problem } from './problem';

/** Message keys of what can be wrong with a household list (`messages/*.json`). */
export type HouseholdListProblemKey =
	| 'problem_household_codes_not_list'
	| 'problem_household_codes_empty'
	| 'problem_household_codes_too_many'
	| 'problem_household_codes_invalid'
	| 'problem_household_codes_invalid_more'
	| 'problem_household_codes_duplicate'
	| 'problem_household_codes_duplicate_more';
export type HouseholdListProblem = Problem<HouseholdListProblemKey>;

export type HouseholdList =
	| { ok: true; codes: string[]; units: number; floors: number; roomsPerFloor: number }
	| { ok: false; problem: HouseholdListProblem };

/** More doors than any residential building has; a bigger list is a mistake or an attack. */
export const maxHouseholdsPerBuilding = 2_000;
/** A ledger this broken needs fixing at the source; listing more helps nobody. */
export const maxLedgerErrors = 200;
/** Rows of one 台账: a large community has a few thousand households; far more is not a ledger. */
export const maxLedgerRows = 50_000;

const byDoor = (a: HouseholdDoor, b: HouseholdDoor) =>
	a.unit - b.unit || a.floor - b.floor || a.room - b.room;

export function generatedHouseholdCodes(
	units: number,
	floors: number,
	roomsPerFloor: number
): string[] {
	return householdDoors(units, floors, roomsPerFloor).map(householdCode);
}

/** The first five codes, and with more of them the key that says how many there are. */
function named(
	codes: string[],
	key: 'problem_household_codes_invalid' | 'problem_household_codes_duplicate'
): HouseholdListProblem {
	const shown = codes.slice(0, 5);
	const more = codes.length - shown.length;
	if (more <= 0) return problem(key, { codes: shown });
	return problem(`${key}_more`, { codes: shown, total: codes.length, more });
}

const refused = (problem: HouseholdListProblem): HouseholdList => ({ ok: false, problem });

/** Checks a household list sent by a client; returns the codes in canonical form and order. */
export function checkHouseholdCodes(codes: unknown): HouseholdList {
	if (!Array.isArray(codes)) return refused(problem('problem_household_codes_not_list'));
	if (!codes.length) return refused(problem('problem_household_codes_empty'));
	if (codes.length > maxHouseholdsPerBuilding)
		return refused(problem('problem_household_codes_too_many', { max: maxHouseholdsPerBuilding, count: codes.length }));
	const doors: HouseholdDoor[] = [];
	const bad: string[] = [];
	for (const code of codes) {
		const door = typeof code === 'string' ? parseHouseholdCode(code) : null;
		if (door) doors.push(door);
		else bad.push(typeof code === 'string' ? code.trim() || '（空）' : String(code));
	}
	if (bad.length) return refused(named(bad, 'problem_household_codes_invalid'));
	doors.sort(byDoor);
	const sorted = doors.map(householdCode);
	const duplicates = [...new Set(sorted.filter((code, i) => code === sorted[i - 1]))];
	if (duplicates.length) return refused(named(duplicates, 'problem_household_codes_duplicate'));
	return {
		ok: true,
		codes: sorted,
		units: Math.max(...doors.map((d) => d.unit)),
		floors: Math.max(...doors.map((d) => d.floor)),
		roomsPerFloor: Math.max(...doors.map((d) => d.room))
	};
}

export type LedgerBuilding = { id: string; label: string; compoundName: string | null };
/** Message keys of what can be wrong with a row of a household ledger (`messages/*.json`). */
export type LedgerProblemKey =
	| 'problem_ledger_no_header'
	| 'problem_ledger_building_missing'
	| 'problem_ledger_building_unknown'
	| 'problem_ledger_building_not_in_compound'
	| 'problem_ledger_building_ambiguous'
	| 'problem_ledger_code_invalid'
	| 'problem_ledger_unit_missing'
	| 'problem_ledger_floor_missing'
	| 'problem_ledger_room_missing'
	| 'problem_ledger_unit_not_whole'
	| 'problem_ledger_floor_not_whole'
	| 'problem_ledger_room_invalid'
	| 'problem_ledger_duplicate'
	| 'problem_ledger_building_too_many';
export type LedgerProblem = Problem<LedgerProblemKey>;
/** A row's problem; `row` counts the sheet's rows from 1. */
export type LedgerRowError = { row: number; problem: LedgerProblem };
export type LedgerResult = {
	households: Map<string, string[]>;
	errors: LedgerRowError[];
	rows: number;
};

type Field = 'building' | 'unit' | 'floor' | 'room' | 'compound' | 'code';
type Columns = Partial<Record<Field, number>>;

/** What a header cell names, from the words people actually use in a 台账. */
function fieldOf(header: string): Field | null {
	const text = header.toLowerCase().replace(/[\s_\-()（）:：*]/g, '');
	// Digits mean data ('4栋', '3层'), not a column name: a ledger without a header must not pass as one.
	if (!text || /\d/.test(text)) return null;
	if (/户号|^code$|householdcode|^household$/.test(text)) return 'code';
	if (/小区|compound|estate/.test(text)) return 'compound';
	if (/层|floor|storey|level/.test(text)) return 'floor';
	if (/单元|unit|entrance/.test(text)) return 'unit';
	if (/房号|室|房间|门牌|room|door|apartment|flat/.test(text)) return 'room';
	if (/楼栋|楼号|栋|幢|^楼$|building|bldg|block/.test(text)) return 'building';
	return null;
}

function columnsOf(row: readonly unknown[]): Columns | null {
	const columns: Columns = {};
	row.forEach((cell, index) => {
		const field = fieldOf(cellText(cell));
		if (field && columns[field] === undefined) columns[field] = index;
	});
	const hasDoor =
		(columns.unit !== undefined && columns.floor !== undefined && columns.room !== undefined) ||
		columns.code !== undefined;
	return columns.building !== undefined && hasDoor ? columns : null;
}

function cellText(cell: unknown): string {
	if (typeof cell === 'string') return cell.trim();
	if (typeof cell === 'number' && Number.isFinite(cell)) return String(cell);
	return '';
}

const isBlank = (row: readonly unknown[]) => row.every((cell) => cellText(cell) === '');

/** A positive whole number, from 3, '3', '03', '3层', '第3层', '2单元' or '301室'. */
function wholeNumber(cell: unknown): number | null {
	if (typeof cell === 'number') return Number.isInteger(cell) && cell > 0 ? cell : null;
	const match = /^第?(\d+)(?:层|楼|单元|室|号|房)?$/.exec(cellText(cell).replace(/\s+/g, ''));
	const value = match ? Number(match[1]) : 0;
	return value > 0 ? value : null;
}

/** The label without its counter word: '4号楼', '4栋', '04幢' and 4 all read as '4'. */
function buildingKey(label: string): string {
	const stem = label
		.replace(/\s+/g, '')
		.replace(/(号楼|号|栋|幢|楼|座|#)$/, '')
		.toUpperCase();
	return /^\d+$/.test(stem) ? String(Number(stem)) : stem;
}

type Row = readonly unknown[];
type Lookup = (row: Row) => LedgerBuilding | LedgerProblem;

function buildingLookup(buildings: LedgerBuilding[], columns: Columns): Lookup {
	return (row) => {
		const text = cellText(row[columns.building!]);
		if (!text) return problem('problem_ledger_building_missing');
		const exact = buildings.filter((b) => b.label.trim() === text);
		const key = buildingKey(text);
		let found = exact.length ? exact : buildings.filter((b) => buildingKey(b.label) === key);
		if (!found.length) return problem('problem_ledger_building_unknown', { building: text });
		const compound = columns.compound === undefined ? '' : cellText(row[columns.compound]);
		if (compound) {
			found = found.filter((b) => b.compoundName?.trim() === compound);
			if (!found.length) return problem('problem_ledger_building_not_in_compound', { compound, building: text });
		}
		if (found.length > 1)
			return problem('problem_ledger_building_ambiguous', {
				building: text,
				// Only the Chinese text lists them, as the 小区 column names them.
				compounds: found.map((b) => b.compoundName ?? '未分小区')
			});
		return found[0];
	};
}

const fieldProblems = {
	unit: { missing: 'problem_ledger_unit_missing', notWhole: 'problem_ledger_unit_not_whole' },
	floor: { missing: 'problem_ledger_floor_missing', notWhole: 'problem_ledger_floor_not_whole' },
	room: { missing: 'problem_ledger_room_missing' }
} as const;

function doorOf(row: Row, columns: Columns): HouseholdDoor | LedgerProblem {
	const text = (field: Field) => (columns[field] === undefined ? '' : cellText(row[columns[field]]));
	if (!text('unit') && !text('floor') && !text('room') && text('code')) {
		const code = text('code');
		return parseHouseholdCode(code) ?? problem('problem_ledger_code_invalid', { code });
	}
	for (const field of ['unit', 'floor', 'room'] as const) {
		if (!text(field)) return problem(fieldProblems[field].missing);
		if (field !== 'room' && !wholeNumber(row[columns[field]!]))
			return problem(fieldProblems[field].notWhole, { value: text(field) });
	}
	const unit = wholeNumber(row[columns.unit!])!;
	const floor = wholeNumber(row[columns.floor!])!;
	const room = roomIndex(wholeNumber(row[columns.room!]), floor);
	if (!room) return problem('problem_ledger_room_invalid', { room: text('room'), door: `${floor}01` });
	return { unit, floor, room };
}

/** '1' is the room itself; '301' on floor 3 and '1202' on floor 12 are door numbers. */
function roomIndex(value: number | null, floor: number): number | null {
	if (!value) return null;
	if (value < 100) return value;
	const digits = String(value);
	const room = Number(digits.slice(-2));
	return digits.slice(0, -2) === String(floor) && room > 0 ? room : null;
}

/** How far down a title or notes above the header may push it. */
const headerSearchRows = 10;

function findHeader(rows: readonly Row[]): { index: number; columns: Columns } | null {
	let seen = 0;
	for (let index = 0; index < rows.length && seen < headerSearchRows; index++) {
		if (isBlank(rows[index])) continue;
		seen++;
		const columns = columnsOf(rows[index]);
		if (columns) return { index, columns };
	}
	return null;
}

/**
 * Reads a household ledger (台账): one row per household, with building, unit, floor and
 * room columns under a header row. Row numbers in errors are the sheet's, counting from 1.
 */
export function readLedger(rows: readonly Row[], buildings: LedgerBuilding[]): LedgerResult {
	const households = new Map<string, string[]>();
	const errors: LedgerRowError[] = [];
	const header = findHeader(rows);
	if (!header) return { households, errors: [{ row: 1, problem: problem('problem_ledger_no_header') }], rows: 0 };
	const report = (row: number, found: LedgerProblem) => {
		if (errors.length < maxLedgerErrors) errors.push({ row, problem: found });
	};
	const lookup = buildingLookup(buildings, header.columns);
	const doors = new Map<string, HouseholdDoor[]>();
	const firstRow = new Map<string, number>();
	let count = 0;
	for (let index = header.index + 1; index < rows.length; index++) {
		const row = rows[index];
		if (isBlank(row)) continue;
		count++;
		const building = lookup(row);
		if ('key' in building) {
			report(index + 1, building);
			continue;
		}
		const door = doorOf(row, header.columns);
		if ('key' in door) {
			report(index + 1, door);
			continue;
		}
		const code = householdCode(door);
		const key = `${building.id}\n${code}`;
		const earlier = firstRow.get(key);
		if (earlier) {
			report(index + 1, problem('problem_ledger_duplicate', { row: earlier, building: building.label, code }));
			continue;
		}
		firstRow.set(key, index + 1);
		const list = doors.get(building.id) ?? [];
		if (list.length === maxHouseholdsPerBuilding)
			report(index + 1, problem('problem_ledger_building_too_many', { building: building.label, max: maxHouseholdsPerBuilding }));
		list.push(door);
		doors.set(building.id, list);
	}
	for (const [id, list] of doors) households.set(id, list.sort(byDoor).map(householdCode));
	return { households, errors, rows: count };
}
