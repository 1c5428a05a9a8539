import { eq } from 'drizzle-orm';
import { containingArea } from '../../domain/containment';
import type { Polygonal } from '../../domain/geojson';
import { checkPolygonal, representativePoint } from '../../domain/geometry';
import { generatedHouseholdCodes } from '../../domain/household-ledger';
import { db } from '../db';
import { buildings, households, microGrids } from '../db/schema';
import { newId } from '../ids';
import { householdRows, insertInChunks, tooManyHouseholds } from './building-households';
import { badRequest } from './errors';
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
function countOf(value: unknown, fallback: number, range: [number, number], name: [string, string]): number | string {
	if (value === undefined || value === null || value === '') return fallback;
	const number = typeof value === 'number' ? value : Number(String(value).trim());
	if (Number.isInteger(number) && number >= range[0] && number <= range[1]) return number;
	return `${name[0]}“${String(value)}”应为 ${range[0]}–${range[1]} 的整数。 ${name[1]} "${String(value)}" must be a whole number from ${range[0]} to ${range[1]}.`;
}

function placeOf(actor: StructureActor, geometry: Polygonal, areas: MicroGridArea[], chosen: MicroGridArea | null): MicroGridArea | string {
	if (chosen) return chosen;
	const micro = containingArea(representativePoint(geometry), areas);
	if (!micro) return '不在任何微网格内，请选择要放入的微网格。 It lies in no micro-grid; choose one to put it in.';
	if (!mayEdit(actor, micro.gridId)) return `位于微网格「${micro.name}」，你不能修改那里。 It lies in micro-grid "${micro.name}", which you may not change.`;
	return micro;
}

function planFeature(actor: StructureActor, raw: RawFeature, areas: MicroGridArea[], chosen: MicroGridArea | null, taken: Set<string>): ImportedBuilding {
	const problems: string[] = [];
	const counted = (value: unknown, fallback: number, range: [number, number], name: [string, string]) => {
		const count = countOf(value, fallback, range, name);
		if (typeof count === 'string') problems.push(count);
		return typeof count === 'number' ? count : fallback;
	};
	const p = raw.properties;
	const label = labelOf(p, raw.index);
	if (label.length > 40) problems.push(`名称“${label.slice(0, 40)}…”超过 40 个字。 The label is longer than 40 characters.`);
	const units = counted(p.units, 1, [1, 99], ['单元数', 'Units']);
	const floors = counted(p['building:levels'] ?? p.floors, 6, [1, 60], ['楼层数', 'Floors']);
	const roomsPerFloor = counted(p.roomsPerFloor, 2, [1, 20], ['每层户数', 'Rooms per floor']);
	const crowded = tooManyHouseholds({ units, floors, roomsPerFloor });
	if (crowded) problems.push(crowded);
	const check = checkPolygonal(raw.geometry);
	if (!check.ok) problems.push(check.problem.message);
	const place = check.ok ? placeOf(actor, check.geometry, areas, chosen) : chosen;
	if (typeof place === 'string') problems.push(place);
	const micro = place && typeof place !== 'string' ? place : null;
	if (micro) {
		const key = `${micro.id}\n${label}`;
		if (taken.has(key)) problems.push(`微网格「${micro.name}」中已有楼栋「${label}」。 Micro-grid "${micro.name}" already has a building "${label}".`);
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
		if (!chosen) throw badRequest(`本社区没有这个微网格（${options.microGridId}）。 No such micro-grid in this community.`);
		requireEdit(actor, chosen.gridId);
	}
	await checkCompound(db(), communityId, options.compoundId);
	const existing = await db().select({ label: buildings.label, microGridId: buildings.microGridId }).from(buildings).where(eq(buildings.communityId, communityId));
	const taken = new Set(existing.map((b) => `${b.microGridId}\n${b.label}`));
	const planned = features.map((raw) => planFeature(actor, raw, areas, chosen, taken));
	const troubled = planned.filter((f) => f.problems.length).length;
	const errors = troubled
		? [`有 ${troubled} 个楼栋有问题，修正文件后才能导入。 Fix the file before importing: ${troubled} footprint(s) have problems.`]
		: [];
	if (planned.length === 0) errors.push('文件中没有楼栋轮廓（Polygon 或 MultiPolygon）。 The file holds no building footprints (Polygon or MultiPolygon).');
	return { features: planned, skipped, errors };
}

export function previewBuildingImport(actor: StructureActor, upload: Upload, options: BuildingImportOptions) {
	return planImport(actor, upload, options);
}

/** All footprints or none, in one transaction, each with its history row and generated households. */
export async function applyBuildingImport(actor: StructureActor, upload: Upload, options: BuildingImportOptions): Promise<{ created: number; ids: string[] }> {
	const preview = await planImport(actor, upload, options);
	if (preview.errors.length) throw badRequest(preview.errors.join(' '), preview);
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
