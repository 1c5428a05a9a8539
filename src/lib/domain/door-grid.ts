/**
 * The door grid's layout: one building's household codes placed as its doors are,
 * units side by side, floors top to bottom (highest first), rooms in order within a unit.
 * Pure; the component only draws what this returns.
 */
import { parseHouseholdCode } from './households';

/** One unit's block of columns: the room numbers found on any of its floors, in order. */
export type DoorGridUnit = { unit: number; rooms: number[] };

/** One column of the grid: a room of a unit. */
export type DoorGridColumn = { unit: number; room: number; /** First column of its unit (draws the separator). */ unitStart: boolean };

/** One floor across every unit: a code per column, null where that unit has no such door. */
export type DoorGridRow = { floor: number; cells: (string | null)[] };

export type DoorGridLayout = {
	units: DoorGridUnit[];
	columns: DoorGridColumn[];
	rows: DoorGridRow[];
	/** Codes that do not read as `unit-floorRoom` (typed by hand): listed after the grid. */
	others: string[];
};

export function doorGridLayout(codes: readonly string[]): DoorGridLayout {
	const byDoor = new Map<string, string>();
	const roomsByUnit = new Map<number, Set<number>>();
	const floors = new Set<number>();
	const others: string[] = [];
	for (const code of new Set(codes)) {
		const door = parseHouseholdCode(code);
		const key = door && `${door.unit}/${door.floor}/${door.room}`;
		// Two spellings of one door (`1-0301`, `1-301`): the second is shown with the others.
		if (!door || byDoor.has(key!)) {
			others.push(code);
			continue;
		}
		byDoor.set(key!, code);
		floors.add(door.floor);
		const rooms = roomsByUnit.get(door.unit) ?? new Set<number>();
		rooms.add(door.room);
		roomsByUnit.set(door.unit, rooms);
	}
	const ascending = (a: number, b: number) => a - b;
	const units = [...roomsByUnit.keys()].sort(ascending).map((unit) => ({ unit, rooms: [...roomsByUnit.get(unit)!].sort(ascending) }));
	const columns = units.flatMap(({ unit, rooms }) => rooms.map((room, index) => ({ unit, room, unitStart: index === 0 })));
	const rows = [...floors]
		.sort((a, b) => b - a)
		.map((floor) => ({ floor, cells: columns.map(({ unit, room }) => byDoor.get(`${unit}/${floor}/${room}`) ?? null) }));
	return { units, columns, rows, others };
}

/** What a cell shows besides its status: the door number without the unit (`2-301` → `301`). */
export function doorLabel(code: string): string {
	const door = parseHouseholdCode(code);
	return door ? `${door.floor}${String(door.room).padStart(2, '0')}` : code;
}
