import { eq } from 'drizzle-orm';
import { checkHouseholdCodes, readLedger, type LedgerBuilding } from '../../domain/household-ledger';
import { householdCounts } from '../community';
import { db } from '../db';
import { buildings, compounds, microGrids } from '../db/schema';
import * as m from '../../paraglide/messages';
import { HttpRefusal, problemText, refusal } from '../refusal';
import { readSheetRows, sheetKindOf } from '../spreadsheets';
import { writeHouseholds } from './building-households';
import type { Upload } from './request-body';
import { announceStructureChange, mayEdit, requireSomeEdit, type StructureActor } from './structure-access';
import { recordChanges } from './structure-history';

type Target = LedgerBuilding & { gridId: string | null; units: number; floors: number; roomsPerFloor: number; households: number };
export type HouseholdImportPreview = {
	buildings: { id: string; label: string; compoundName: string | null; before: number; after: number }[];
	/** Row problems as text in the request's language; `row` counts the sheet's rows from 1. */
	errors: { row: number; message: string }[];
	rows: number;
};

async function communityBuildings(communityId: string): Promise<Target[]> {
	const [rows, counts] = await Promise.all([
		db()
			.select({
				id: buildings.id,
				label: buildings.label,
				compoundName: compounds.name,
				gridId: microGrids.gridId,
				units: buildings.units,
				floors: buildings.floors,
				roomsPerFloor: buildings.roomsPerFloor
			})
			.from(buildings)
			.leftJoin(compounds, eq(compounds.id, buildings.compoundId))
			.leftJoin(microGrids, eq(microGrids.id, buildings.microGridId))
			.where(eq(buildings.communityId, communityId)),
		householdCounts(communityId)
	]);
	return rows.map((row) => ({ ...row, households: counts.get(row.id) ?? 0 }));
}

async function sheetRows(upload: Upload): Promise<unknown[][]> {
	const kind = sheetKindOf(upload.fileName, upload.bytes);
	if (!kind) throw refusal(400, 'error_ledger_file_type', { fileName: upload.fileName });
	return readSheetRows(upload.bytes, kind);
}

/**
 * Reads the ledger against every building of the community, so a row naming a building the
 * user may not change is reported as exactly that rather than as an unknown building.
 */
function readFor(actor: StructureActor, rows: unknown[][], targets: Target[]) {
	const all = readLedger(rows, targets);
	const stated = all.errors.map((e) => ({ row: e.row, message: problemText(e.problem) }));
	const editable = targets.filter((t) => mayEdit(actor, t.gridId));
	if (editable.length === targets.length) return { households: all.households, errors: stated, rows: all.rows };
	const mine = readLedger(rows, editable);
	const known = new Set(all.errors.map((e) => e.row));
	const refused = mine.errors
		.filter((e) => !known.has(e.row))
		.map((e) => ({ row: e.row, message: m.import_ledger_row_outside() }));
	const errors = [...stated, ...refused].sort((a, b) => a.row - b.row);
	return { households: mine.households, errors, rows: all.rows };
}

async function planImport(actor: StructureActor, upload: Upload) {
	requireSomeEdit(actor);
	const rows = await sheetRows(upload);
	const targets = await communityBuildings(actor.community.id);
	const ledger = readFor(actor, rows, targets);
	const byId = new Map(targets.map((t) => [t.id, t]));
	const changed = [...ledger.households].map(([id, codes]) => ({ target: byId.get(id)!, codes }));
	const preview: HouseholdImportPreview = {
		buildings: changed.map(({ target, codes }) => ({ id: target.id, label: target.label, compoundName: target.compoundName, before: target.households, after: codes.length })),
		errors: ledger.errors,
		rows: ledger.rows
	};
	return { preview, changed };
}

export async function previewHouseholdImport(actor: StructureActor, upload: Upload): Promise<HouseholdImportPreview> {
	return (await planImport(actor, upload)).preview;
}

/** Replaces the households of every building the ledger lists, all or nothing. */
export async function applyHouseholdImport(actor: StructureActor, upload: Upload): Promise<{ updated: number }> {
	const { preview, changed } = await planImport(actor, upload);
	if (preview.errors.length) {
		throw new HttpRefusal(400, 'error_ledger_has_problems', { count: preview.errors.length }, preview);
	}
	if (changed.length === 0) throw new HttpRefusal(400, 'error_ledger_empty', {}, preview);
	const communityId = actor.community.id;
	await db().transaction(async (tx) => {
		const history = [];
		for (const { target, codes } of changed) {
			const list = checkHouseholdCodes(codes);
			if (!list.ok) throw refusal(400, 'error_building_household_codes', { label: target.label, problem: list.problem });
			await writeHouseholds(tx, target.id, list.codes);
			await tx.update(buildings).set({ units: list.units, floors: list.floors, roomsPerFloor: list.roomsPerFloor }).where(eq(buildings.id, target.id));
			history.push({
				communityId,
				actorId: actor.principal.userId,
				kind: 'households' as const,
				action: 'import' as const,
				targetId: target.id,
				targetName: target.label,
				before: { households: target.households, units: target.units, floors: target.floors, roomsPerFloor: target.roomsPerFloor },
				after: { households: list.codes.length, units: list.units, floors: list.floors, roomsPerFloor: list.roomsPerFloor }
			});
		}
		await recordChanges(tx, history);
	});
	await announceStructureChange(communityId);
	return { updated: changed.length };
}
