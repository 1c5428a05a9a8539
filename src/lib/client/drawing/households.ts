import { householdCode, parseHouseholdCode } from '$lib/domain/households';

/** What a units × floors × rooms layout generates: the count and its first and last codes. */
export type LayoutPreview = { count: number; first: string; last: string } | null;

export function layoutPreview(units: number, floors: number, roomsPerFloor: number): LayoutPreview {
	if (![units, floors, roomsPerFloor].every((n) => Number.isInteger(n) && n > 0)) return null;
	return {
		count: units * floors * roomsPerFloor,
		first: householdCode({ unit: 1, floor: 1, room: 1 }),
		last: householdCode({ unit: units, floor: floors, room: roomsPerFloor })
	};
}

/** A typed household list: the codes in order, and what is wrong before anything is sent. */
export type HouseholdText = { codes: string[]; duplicates: string[]; invalid: string[] };

const separators = /[\s,，、;；]+/;
// Dashes people type on Chinese keyboards or paste from spreadsheets.
const dashes = /[－—–‐−]/g;

/**
 * Reads codes like `2-301` from pasted text (spaces, commas, 、 or new lines between them).
 * Codes are written the standard way (`2-0301` is `2-301`), so a duplicate is found however
 * it was typed.
 */
export function readHouseholdText(text: string): HouseholdText {
	const codes: string[] = [];
	const seen = new Set<string>();
	const duplicates = new Set<string>();
	const invalid: string[] = [];
	for (const token of text.replace(dashes, '-').split(separators)) {
		if (!token) continue;
		const door = parseHouseholdCode(token);
		if (!door) {
			invalid.push(token);
			continue;
		}
		const code = householdCode(door);
		if (seen.has(code)) duplicates.add(code);
		else {
			seen.add(code);
			codes.push(code);
		}
	}
	return { codes, duplicates: [...duplicates], invalid };
}

/** Codes grouped one unit per line, the way the list is shown for editing. */
export function householdLines(codes: readonly string[]): string {
	const byUnit = new Map<number, string[]>();
	for (const code of codes) {
		const unit = parseHouseholdCode(code)?.unit ?? 0;
		byUnit.set(unit, [...(byUnit.get(unit) ?? []), code]);
	}
	return [...byUnit.values()].map((line) => line.join(' ')).join('\n');
}

/** All codes of a units × floors × rooms layout, by unit, floor, room. */
export function layoutCodes(units: number, floors: number, roomsPerFloor: number): string[] {
	const codes: string[] = [];
	for (let unit = 1; unit <= units; unit++)
		for (let floor = 1; floor <= floors; floor++)
			for (let room = 1; room <= roomsPerFloor; room++) codes.push(householdCode({ unit, floor, room }));
	return codes;
}
