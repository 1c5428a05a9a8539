import { eq } from 'drizzle-orm';
import { checkHouseholdCodes, readLedger, type LedgerBuilding, type LedgerRowError } from '../../domain/household-ledger';
import { householdCounts } from '../community';
import { db } from '../db';
import { buildings, compounds, microGrids } from '../db/schema';
import { ArchiveRefusal, readSheetRows, sheetKindOf } from '../spreadsheets';
import { writeHouseholds } from './building-households';
import { badRequest, StructureError } from './errors';
import type { Upload } from './request-body';
import { announceStructureChange, mayEdit, requireSomeEdit, type StructureActor } from './structure-access';
import { recordChanges } from './structure-history';

type Target = LedgerBuilding & { gridId: string | null; units: number; floors: number; roomsPerFloor: number; households: number };
export type HouseholdImportPreview = {
	buildings: { id: string; label: string; compoundName: string | null; before: number; after: number }[];
	errors: LedgerRowError[];
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
	if (!kind) {
		throw badRequest(`只支持 .xlsx 或 .csv 文件。“${upload.fileName}”不是这两种格式。 Only .xlsx or .csv files are supported; "${upload.fileName}" is neither.`);
	}
	try {
		return await readSheetRows(upload.bytes, kind);
	} catch (caught) {
		if (caught instanceof ArchiveRefusal && caught.reason === 'too-large') throw new StructureError(413, caught.message);
		throw badRequest(caught instanceof Error ? caught.message : String(caught));
	}
}

/**
 * Reads the ledger against every building of the community, so a row naming a building the
 * user may not change is reported as exactly that rather than as an unknown building.
 */
function readFor(actor: StructureActor, rows: unknown[][], targets: Target[]) {
	const all = readLedger(rows, targets);
	const editable = targets.filter((t) => mayEdit(actor, t.gridId));
	if (editable.length === targets.length) return all;
	const mine = readLedger(rows, editable);
	const known = new Set(all.errors.map((e) => e.row));
	const refused = mine.errors
		.filter((e) => !known.has(e.row))
		.map((e) => ({ row: e.row, message: '这一行的楼栋不在你负责的网格内，不能修改。 This row\'s building is outside your grids; you may not change it.' }));
	const errors = [...all.errors, ...refused].sort((a, b) => a.row - b.row);
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
		throw badRequest(`台账中有 ${preview.errors.length} 行有问题，没有导入。请修正后重试。 Nothing was imported: ${preview.errors.length} row(s) of the ledger have problems.`, preview);
	}
	if (changed.length === 0) throw badRequest('台账中没有住户。 The ledger lists no households.', preview);
	const communityId = actor.community.id;
	await db().transaction(async (tx) => {
		const history = [];
		for (const { target, codes } of changed) {
			const list = checkHouseholdCodes(codes);
			if (!list.ok) throw badRequest(`${target.label}：${list.error}`);
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
