import { and, eq } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { checkHouseholdCodes, generatedHouseholdCodes, maxHouseholdsPerBuilding } from '../../domain/household-ledger';
import { parseHouseholdCode } from '../../domain/households';
import type { Tx } from '../db';
import { buildings, households } from '../db/schema';
import { newId } from '../ids';
import { badRequest } from './errors';
import type { MicroGridRow } from './structure-records';

export type Dimensions = { units: number; floors: number; roomsPerFloor: number };
export type HouseholdPlan = Dimensions & { codes: string[] };
type HouseholdInput = Partial<Dimensions> & { households?: string[] };

const dimensionsNeeded = () =>
	badRequest('请给出单元数、楼层数和每层户数，或者给出户列表。 Give units, floors and rooms per floor, or a list of households.');

/**
 * The households a body asks for: its list (checked, dimensions = the maxima) or codes generated
 * from units × floors × rooms per floor, filling missing dimensions from `current`. Null: unchanged.
 */
export function householdPlan(input: HouseholdInput, current: Dimensions | null): HouseholdPlan | null {
	if (input.households !== undefined) {
		const list = checkHouseholdCodes(input.households);
		if (!list.ok) throw badRequest(list.error);
		return { codes: list.codes, units: list.units, floors: list.floors, roomsPerFloor: list.roomsPerFloor };
	}
	if (input.units === undefined && input.floors === undefined && input.roomsPerFloor === undefined) {
		if (!current) throw dimensionsNeeded();
		return null;
	}
	const units = input.units ?? current?.units;
	const floors = input.floors ?? current?.floors;
	const roomsPerFloor = input.roomsPerFloor ?? current?.roomsPerFloor;
	if (units === undefined || floors === undefined || roomsPerFloor === undefined) throw dimensionsNeeded();
	const problem = tooManyHouseholds({ units, floors, roomsPerFloor });
	if (problem) throw badRequest(problem);
	return { codes: generatedHouseholdCodes(units, floors, roomsPerFloor), units, floors, roomsPerFloor };
}

/** The same cap as for a household list: no real building has more doors. */
export function tooManyHouseholds({ units, floors, roomsPerFloor }: Dimensions): string | null {
	const total = units * floors * roomsPerFloor;
	if (total <= maxHouseholdsPerBuilding) return null;
	return `${units} 个单元 × ${floors} 层 × 每层 ${roomsPerFloor} 户 = ${total} 户，一栋楼最多 ${maxHouseholdsPerBuilding} 户。 Too many households: ${units} × ${floors} × ${roomsPerFloor} = ${total}; a building holds at most ${maxHouseholdsPerBuilding}.`;
}

/** Household rows for codes already checked. */
export function householdRows(buildingId: string, codes: string[]) {
	return codes.map((code) => ({ id: newId(), buildingId, code, ...parseHouseholdCode(code)! }));
}

/** Inserts many rows; PostgreSQL takes at most 65,535 parameters in one statement. */
export async function insertInChunks<T extends PgTable>(tx: Tx, table: T, rows: T['$inferInsert'][], size = 1000): Promise<void> {
	for (let i = 0; i < rows.length; i += size) await tx.insert(table).values(rows.slice(i, i + size));
}

/** Replaces every household of a building; the codes are already checked. */
export async function writeHouseholds(tx: Tx, buildingId: string, codes: string[]): Promise<void> {
	await tx.delete(households).where(eq(households.buildingId, buildingId));
	await insertInChunks(tx, households, householdRows(buildingId, codes));
}

/** Two buildings of one micro-grid with the same label could not be told apart on a task or a sign. */
export async function requireUniqueLabel(tx: Tx, micro: Pick<MicroGridRow, 'id' | 'name'>, label: string, exceptId: string | null) {
	const same = await tx
		.select({ id: buildings.id })
		.from(buildings)
		.where(and(eq(buildings.microGridId, micro.id), eq(buildings.label, label)));
	if (same.some((row) => row.id !== exceptId)) {
		throw badRequest(`微网格「${micro.name}」中已有楼栋「${label}」。 Micro-grid "${micro.name}" already has a building "${label}".`);
	}
}
