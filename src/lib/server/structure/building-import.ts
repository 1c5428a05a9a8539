import { eq } from 'drizzle-orm';
import { containingArea } from '../../domain/containment';
import type { Polygonal } from '../../domain/geojson';
import { checkPolygonal, representativePoint } from '../../domain/geometry';
import { generatedHouseholdCodes } from '../../domain/household-ledger';
import { db } from '../db';
import { buildings, households, microGrids } from '../db/schema';
import { newId } from '../ids';
import { householdRows, insertInChunks, tooManyHouseholds } from './building-households';
import * as m from '../../paraglide/messages';
import { HttpRefusal, problemText, refusal } from '../refusal';
import { readFeatureCollection, type RawFeature } from './geojson-file';
import type { Upload } from './request-body';
import { announceStructureChange, mayEdit, requireEdit, requireSomeEdit, type StructureActor } from './structure-access';
import { recordChanges } from './structure-history';
import { buildingSnapshot, checkCompound } from './structure-records';

export type ImportedBuilding = {
	index: number;
	label: string;
	geometry: Polygonal | null;
	microGridId: string | null;
	microGridName: string | null;
	units: number;
	floors: number;
	roomsPerFloor: number;
	problems: string[];
};
export type BuildingImportPreview = { features: ImportedBuilding[]; skipped: number; errors: string[] };
export type BuildingImportOptions = { microGridId: string | null; compoundId: string | null };

type MicroGridArea = { id: string; gridId: string; name: string; geometry: Polygonal | null };

/** The label people use: the footprint's own label or name, else its house number as `12号楼`. */
function labelOf(properties: Record<string, unknown>, index: number): string {
	for (const key of ['label', 'name']) {
		const value = properties[key];
		if (typeof value === 'string' && value.trim()) return value.trim();
	}
	const number = properties['addr:housenumber'];
	const text = typeof number === 'string' || typeof number === 'number' ? String(number).trim() : '';
	if (/^\d+[a-z]?$/i.test(text)) return `${text}号楼`;
	if (text) return text.endsWith('号') ? `${text}楼` : text;
	return `楼栋 ${index + 1}`;
}

/** A whole number property in range, its default when absent, or the problem with it. */
function countOf(value: unknown, fallback: number, range: [number, number], what: () => string): number | string {
	if (value === undefined || value === null || value === '') return fallback;
	const number = typeof value === 'number' ? value : Number(String(value).trim());
	if (Number.isInteger(number) && number >= range[0] && number <= range[1]) return number;
	return m.import_count_range({ what: what(), value: String(value), min: range[0], max: range[1] });
}

function placeOf(actor: StructureActor, geometry: Polygonal, areas: MicroGridArea[], chosen: MicroGridArea | null): MicroGridArea | string {
	if (chosen) return chosen;
	const micro = containingArea(representativePoint(geometry), areas);
	if (!micro) return m.import_no_micro_grid();
	if (!mayEdit(actor, micro.gridId)) return m.import_micro_grid_forbidden({ name: micro.name });
	return micro;
}

function planFeature(actor: StructureActor, raw: RawFeature, areas: MicroGridArea[], chosen: MicroGridArea | null, taken: Set<string>): ImportedBuilding {
	const problems: string[] = [];
	const counted = (value: unknown, fallback: number, range: [number, number], what: () => string) => {
		const count = countOf(value, fallback, range, what);
		if (typeof count === 'string') problems.push(count);
		return typeof count === 'number' ? count : fallback;
	};
	const p = raw.properties;
	const label = labelOf(p, raw.index);
	if (label.length > 40) problems.push(m.import_label_too_long({ label: label.slice(0, 40) }));
	const units = counted(p.units, 1, [1, 99], m.field_units);
	const floors = counted(p['building:levels'] ?? p.floors, 6, [1, 60], m.field_floors);
	const roomsPerFloor = counted(p.roomsPerFloor, 2, [1, 20], m.field_rooms_per_floor);
	const crowded = tooManyHouseholds({ units, floors, roomsPerFloor });
	if (crowded) problems.push(m.error_too_many_households(crowded));
	const check = checkPolygonal(raw.geometry);
	if (!check.ok) problems.push(problemText(check.problem));
	const place = check.ok ? placeOf(actor, check.geometry, areas, chosen) : chosen;
	if (typeof place === 'string') problems.push(place);
	const micro = place && typeof place !== 'string' ? place : null;
	if (micro) {
		const key = `${micro.id}\n${label}`;
		if (taken.has(key)) problems.push(m.error_label_taken({ microGrid: micro.name, label }));
		taken.add(key);
	}
	return {
		index: raw.index,
		label,
		geometry: check.ok ? check.geometry : null,
		microGridId: micro?.id ?? null,
		microGridName: micro?.name ?? null,
		units,
		floors,
		roomsPerFloor,
		problems
	};
}

async function planImport(actor: StructureActor, upload: Upload, options: BuildingImportOptions): Promise<BuildingImportPreview> {
	requireSomeEdit(actor);
	const communityId = actor.community.id;
	const { features, skipped } = readFeatureCollection(upload.bytes);
	const areas: MicroGridArea[] = await db()
		.select({ id: microGrids.id, gridId: microGrids.gridId, name: microGrids.name, geometry: microGrids.geometry })
		.from(microGrids)
		.where(eq(microGrids.communityId, communityId));
	let chosen: MicroGridArea | null = null;
	if (options.microGridId) {
		chosen = areas.find((a) => a.id === options.microGridId) ?? null;
		if (!chosen) throw refusal(400, 'error_micro_grid_unknown', { id: options.microGridId });
		requireEdit(actor, chosen.gridId);
	}
	await checkCompound(db(), communityId, options.compoundId);
	const existing = await db().select({ label: buildings.label, microGridId: buildings.microGridId }).from(buildings).where(eq(buildings.communityId, communityId));
	const taken = new Set(existing.map((b) => `${b.microGridId}\n${b.label}`));
	const planned = features.map((raw) => planFeature(actor, raw, areas, chosen, taken));
	const preview = { features: planned, skipped, errors: [] as string[] };
	const refused = importRefusal(preview);
	if (refused) preview.errors.push(refused.text());
	return preview;
}

/** Why the whole file may not be imported yet: footprints with problems, or none at all. */
function importRefusal(preview: BuildingImportPreview): HttpRefusal | null {
	const troubled = preview.features.filter((f) => f.problems.length).length;
	if (troubled) return new HttpRefusal(400, 'error_import_troubled', { count: troubled }, preview);
	if (preview.features.length === 0) return new HttpRefusal(400, 'error_import_no_footprints', {}, preview);
	return null;
}

export function previewBuildingImport(actor: StructureActor, upload: Upload, options: BuildingImportOptions) {
	return planImport(actor, upload, options);
}

/** All footprints or none, in one transaction, each with its history row and generated households. */
export async function applyBuildingImport(actor: StructureActor, upload: Upload, options: BuildingImportOptions): Promise<{ created: number; ids: string[] }> {
	const preview = await planImport(actor, upload, options);
	const refused = importRefusal(preview);
	if (refused) throw refused;
	const communityId = actor.community.id;
	const rows = preview.features.map((feature) => ({
		id: newId(),
		communityId,
		compoundId: options.compoundId,
		microGridId: feature.microGridId,
		label: feature.label,
		geometry: feature.geometry,
		units: feature.units,
		floors: feature.floors,
		roomsPerFloor: feature.roomsPerFloor
	}));
	const codes = rows.map((row) => generatedHouseholdCodes(row.units, row.floors, row.roomsPerFloor));
	await db().transaction(async (tx) => {
		await insertInChunks(tx, buildings, rows);
		await insertInChunks(tx, households, rows.flatMap((row, i) => householdRows(row.id, codes[i])));
		await recordChanges(
			tx,
			rows.map((row, i) => ({
				communityId,
				actorId: actor.principal.userId,
				kind: 'building' as const,
				action: 'import' as const,
				targetId: row.id,
				targetName: row.label,
				before: null,
				after: buildingSnapshot(row, codes[i].length)
			}))
		);
	});
	const ids = rows.map((row) => row.id);
	await announceStructureChange(communityId);
	return { created: ids.length, ids };
}
