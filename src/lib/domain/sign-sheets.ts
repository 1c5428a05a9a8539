/**
 * The printed pages of the 公示牌: one per building, or one per micro-grid (its buildings listed,
 * each with a QR code of its own, so a resident's report lands at the building it was made at).
 * What each sign shows of a person comes from `public-sign.ts`; this only groups and sizes.
 */
import type { BuildingSign, PublicContact } from './public-sign';

export const signSizes = ['A4', 'A5'] as const;
export type SignSize = (typeof signSizes)[number];

export const signGroupings = ['building', 'microGrid'] as const;
/** `building`: a sign per building; `microGrid`: a sign per micro-grid. */
export type SignGrouping = (typeof signGroupings)[number];

/** How tightly a sign is set: more people or buildings than the page holds at ease get smaller type. */
export type SignDensity = 'roomy' | 'compact' | 'tight';

/** At most this many 红色物业 staff by name on one sign; the rest are counted ("等 N 人"). */
export const redPropertyShown = 6;

export type SignProperty = { company: string; staff: PublicContact[]; moreStaff: number };

/** What a sign carries besides its QR codes. */
export type SignSheet = {
	key: string;
	communityName: string;
	compoundNames: string[];
	gridName: string | null;
	microGrid: BuildingSign['microGrid'];
	/** The building of a per-building sign; null on a micro-grid's sign. */
	building: { label: string; households: number } | null;
	liaisons: PublicContact[];
	chiefs: PublicContact[];
	property: SignProperty[];
	hotline: string;
	/** The buildings whose QR codes the sign carries, in order. */
	codeBuildings: { buildingId: string; label: string }[];
	density: SignDensity;
};

/** A building's QR code on a sign: the link a phone opens (`/b/<code>`), drawn as SVG on the server. */
export type SignCode = { buildingId: string; label: string; url: string; svg: string };

/** A sign as the print page gets it: its text and its QR codes. */
export type PrintedSign = Omit<SignSheet, 'codeBuildings'> & { codes: SignCode[] };

/** `/signs`: what the print page shows. */
export type SignPrintPage = {
	community: { id: string; name: string };
	/** What was asked for: a grid, or one building (with its micro-grid's when grouped by micro-grid). */
	scope: { kind: 'grid' | 'building'; id: string; name: string };
	grouping: SignGrouping;
	size: SignSize;
	/** The community has no hotline yet: signs of people without a public phone show none. */
	hotlineMissing: boolean;
	signs: PrintedSign[];
};

const unique = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => !!v))];

/** The signs to print for `signs` (in their order), one per building or one per micro-grid. */
export function signSheets(signs: readonly BuildingSign[], grouping: SignGrouping, size: SignSize): SignSheet[] {
	const groups = new Map<string, BuildingSign[]>();
	for (const sign of signs) {
		const key = grouping === 'microGrid' && sign.microGrid ? `m:${sign.microGrid.id}` : `b:${sign.buildingId}`;
		groups.set(key, [...(groups.get(key) ?? []), sign]);
	}
	return [...groups].map(([key, members]) => sheetOf(key, members, grouping === 'microGrid' && key.startsWith('m:'), size));
}

function sheetOf(key: string, members: BuildingSign[], perMicroGrid: boolean, size: SignSize): SignSheet {
	const first = members[0];
	const sheet: Omit<SignSheet, 'density'> = {
		key,
		communityName: first.communityName,
		compoundNames: unique(members.map((s) => s.compoundName)),
		gridName: first.gridName,
		microGrid: first.microGrid,
		building: perMicroGrid ? null : { label: first.label, households: first.households },
		liaisons: first.liaisons,
		chiefs: first.chiefs,
		property: propertyOf(members),
		hotline: first.hotline,
		codeBuildings: members.map((s) => ({ buildingId: s.buildingId, label: s.label }))
	};
	return { ...sheet, density: densityOf(sheet, size) };
}

/** Each property company of the sign's buildings once, with its party-member staff. */
function propertyOf(members: BuildingSign[]): SignProperty[] {
	const byCompany = new Map<string, PublicContact[]>();
	for (const sign of members) if (sign.propertyCompany && !byCompany.has(sign.propertyCompany)) byCompany.set(sign.propertyCompany, sign.redProperty);
	return [...byCompany].map(([company, staff]) => ({
		company,
		staff: staff.slice(0, redPropertyShown),
		moreStaff: Math.max(0, staff.length - redPropertyShown)
	}));
}

/**
 * Lines of text a sign sets, roughly: each person a line, each property company a line, the
 * micro-grid's building list a line per ~12 labels, a row of QR codes about five lines (four codes
 * to a row on A4, three on A5, where they take a larger share of the page: at least 30 mm each).
 */
export function signLines(sheet: Omit<SignSheet, 'density'>, size: SignSize): number {
	const people = sheet.liaisons.length + sheet.chiefs.length + sheet.property.reduce((n, p) => n + 1 + p.staff.length + (p.moreStaff > 0 ? 1 : 0), 0);
	const labels = Math.ceil((sheet.microGrid?.buildingLabels.length ?? 0) / 12);
	const codeRows = Math.ceil(sheet.codeBuildings.length / (size === 'A4' ? 4 : 3));
	return people + labels + codeRows * (size === 'A4' ? 5 : 7);
}

function densityOf(sheet: Omit<SignSheet, 'density'>, size: SignSize): SignDensity {
	const lines = signLines(sheet, size);
	return lines <= 12 ? 'roomy' : lines <= 18 ? 'compact' : 'tight';
}
