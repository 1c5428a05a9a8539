import { and, eq } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { checkHouseholdCodes, generatedHouseholdCodes, maxHouseholdsPerBuilding } from '../../domain/household-ledger';
import { parseHouseholdCode } from '../../domain/households';
import type { Tx } from '../db';
import { buildings, households } from '../db/schema';
import { newId } from '../ids';
import { refusal } from '../refusal';
import type { MicroGridRow } from './structure-records';

export type Dimensions = { units: number; floors: number; roomsPerFloor: number };
export type HouseholdPlan = Dimensions & { codes: string[] };
type HouseholdInput = Partial<Dimensions> & { households?: string[] };

const dimensionsNeeded = () => refusal(400, 'error_dimensions_needed');

/**
 * The households a body asks for: its list (checked, dimensions = the maxima) or codes generated
 * from units × floors × rooms per floor, filling missing dimensions from `current`. Null: unchanged.
 */
export function householdPlan(input: HouseholdInput, current: Dimensions | null): HouseholdPlan | null {
	if (input.households !== undefined) {
		const list = checkHouseholdCodes(input.households);
		if (!list.ok) throw refusal(400, 'error_household_codes', { problem: list.problem });
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
	if (problem) throw refusal(400, 'error_too_many_households', problem);
	return { codes: generatedHouseholdCodes(units, floors, roomsPerFloor), units, floors, roomsPerFloor };
}

export type HouseholdOverflow = { units: number; floors: number; rooms: number; total: number; max: number };

/** The same cap as for a household list: no real building has more doors. Null when within it. */
export function tooManyHouseholds({ units, floors, roomsPerFloor }: Dimensions): HouseholdOverflow | null {
	const total = units * floors * roomsPerFloor;
	if (total <= maxHouseholdsPerBuilding) return null;
	return { units, floors, rooms: roomsPerFloor, total, max: maxHouseholdsPerBuilding };
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
		throw refusal(400, 'error_label_taken', { microGrid: micro.name, label });
	}
}
