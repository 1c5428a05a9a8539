export type HouseholdDoor = { unit: number; floor: number; room: number };

/** `2-301`: unit 2, floor 3, room 01. */
export function householdCode({ unit, floor, room }: HouseholdDoor): string {
	return `${unit}-${floor}${String(room).padStart(2, '0')}`;
}

export function parseHouseholdCode(code: string): HouseholdDoor | null {
	const match = /^(\d+)-(\d+)(\d\d)$/.exec(code.trim());
	if (!match) return null;
	const [unit, floor, room] = match.slice(1).map(Number);
	return unit > 0 && floor > 0 && room > 0 ? { unit, floor, room } : null;
}

/** Every door of a building, by unit, then floor, then room. */
export function householdDoors(units: number, floors: number, roomsPerFloor: number): HouseholdDoor[] {
	const doors: HouseholdDoor[] = [];
	for (let unit = 1; unit <= units; unit++)
		for (let floor = 1; floor <= floors; floor++)
			for (let room = 1; room <= roomsPerFloor; room++) doors.push({ unit, floor, room });
	return doors;
}
