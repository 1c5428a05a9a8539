import { asc, eq } from 'drizzle-orm';
import QRCode from 'qrcode';
import * as v from 'valibot';
import { mayPrintSigns, type Standing } from '../../domain/permissions';
import { signGroupings, signSheets, signSizes, type SignCode, type SignGrouping, type SignPrintPage, type SignSize } from '../../domain/sign-sheets';
import { loadStructure, type CommunityRef, type CommunityStructure } from '../community';
import { db } from '../db';
import { grids } from '../db/schema';
import { refusal } from '../refusal';
import { loadBuildingSigns } from './building-signs';
import { ensurePublicCodes } from './public-codes';

const id = v.pipe(v.string(), v.minLength(1), v.maxLength(64), v.regex(/^[A-Za-z0-9_-]+$/));
const signQuery = v.object({
	gridId: v.optional(id),
	buildingId: v.optional(id),
	per: v.optional(v.picklist(signGroupings), 'building'),
	size: v.optional(v.picklist(signSizes), 'A4')
});

/** More signs than this at once is not a print job but a mistake (or an attack on the server). */
export const maxSignsAtOnce = 300;

type SignRequest = { scope: { kind: 'grid' | 'building'; id: string }; grouping: SignGrouping; size: SignSize };

/** The query of `/signs`: exactly one of `gridId` and `buildingId`, and optionally `per` and `size`. */
export function signRequestOf(url: URL): SignRequest {
	const given = Object.fromEntries(['gridId', 'buildingId', 'per', 'size'].flatMap((k) => (url.searchParams.has(k) ? [[k, url.searchParams.get(k)]] : [])));
	const parsed = v.safeParse(signQuery, given);
	if (!parsed.success) throw refusal(400, 'error_signs_query');
	const { gridId, buildingId, per, size } = parsed.output;
	if (!!gridId === !!buildingId) throw refusal(400, 'error_signs_query');
	return { scope: gridId ? { kind: 'grid', id: gridId } : { kind: 'building', id: buildingId! }, grouping: per, size };
}

/**
 * The signs a viewer asked for, with their QR codes: checked first against the policy (anyone
 * who may print no sign at all is refused before anything is read), then place by place.
 * `origin` is the app's public address (ORIGIN when set, adapter-node puts it in the request URL).
 */
export async function signPrintPage(standing: Standing, community: CommunityRef, url: URL): Promise<SignPrintPage> {
	if (!mayPrintSigns(standing)) throw refusal(403, 'error_signs_forbidden');
	const request = signRequestOf(url);
	const structure = await loadStructure(community.id);
	const { name, buildingIds } = scopeBuildings(structure, request);
	// A grid is asked about as a place of its own: another grid with no building is no empty page.
	if (request.scope.kind === 'grid' && !mayPrintSigns(standing, { gridId: request.scope.id })) throw refusal(403, 'error_signs_place_forbidden');
	for (const buildingId of buildingIds) {
		const building = structure.buildings.find((b) => b.id === buildingId)!;
		if (!mayPrintSigns(standing, { gridId: building.gridId, microGridId: building.microGridId })) throw refusal(403, 'error_signs_place_forbidden');
	}
	if (buildingIds.length > maxSignsAtOnce) throw refusal(413, 'error_signs_too_many', { max: maxSignsAtOnce });
	const [signs, codes] = await Promise.all([loadBuildingSigns(community.id, buildingIds, structure), ensurePublicCodes(community.id, buildingIds)]);
	const sheets = signSheets(signs, request.grouping, request.size);
	const printed = await Promise.all(sheets.map(async ({ codeBuildings, ...sheet }) => ({ ...sheet, codes: await Promise.all(codeBuildings.map((b) => signCode(b, codes.get(b.buildingId)!, url.origin))) })));
	return {
		community: { id: community.id, name: community.name },
		scope: { kind: request.scope.kind, id: request.scope.id, name },
		grouping: request.grouping,
		size: request.size,
		hotlineMissing: signs.some((s) => !s.hotline.trim()),
		signs: printed
	};
}

/** The buildings of the scope, in the order they are printed: micro-grid by micro-grid, then by label. */
function scopeBuildings(structure: CommunityStructure, request: SignRequest): { name: string; buildingIds: string[] } {
	const microOrder = new Map(structure.microGrids.map((micro, i) => [micro.id, i]));
	const ordered = [...structure.buildings].sort((a, b) => (microOrder.get(a.microGridId ?? '') ?? Infinity) - (microOrder.get(b.microGridId ?? '') ?? Infinity));
	if (request.scope.kind === 'grid') {
		const grid = structure.grids.find((g) => g.id === request.scope.id);
		if (!grid) throw refusal(404, 'error_signs_grid_unknown');
		return { name: grid.name, buildingIds: ordered.filter((b) => b.gridId === grid.id).map((b) => b.id) };
	}
	const building = structure.buildings.find((b) => b.id === request.scope.id);
	if (!building) throw refusal(404, 'error_signs_building_unknown');
	// A micro-grid's sign stands for all of its buildings, each with its own QR code.
	const together = request.grouping === 'microGrid' && building.microGridId ? ordered.filter((b) => b.microGridId === building.microGridId) : [building];
	return { name: building.label, buildingIds: together.map((b) => b.id) };
}

async function signCode(building: { buildingId: string; label: string }, code: string, origin: string): Promise<SignCode> {
	const url = `${origin.replace(/\/+$/, '')}/b/${code}`;
	// M: a sign outdoors gets scratched and dirty; a short URL stays a small, easily read code.
	const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, color: { dark: '#000000', light: '#ffffff' } });
	return { ...building, url, svg };
}

/** The grids whose signs the standing may print, in map order: the people page's print links. */
export async function printableGrids(standing: Standing): Promise<{ id: string; name: string }[]> {
	if (!mayPrintSigns(standing)) return [];
	const rows = await db()
		.select({ id: grids.id, name: grids.name })
		.from(grids)
		.where(eq(grids.communityId, standing.communityId))
		.orderBy(asc(grids.sortOrder), asc(grids.name), asc(grids.id));
	return rows.filter((grid) => mayPrintSigns(standing, { gridId: grid.id }));
}
