import { and, eq, inArray, isNull } from 'drizzle-orm';
import { db, type Tx } from '../db';
import { buildingPublicCodes } from '../db/schema';
import { newId } from '../ids';

/**
 * The random code in each building's QR link (`/b/<code>`). A building gets its code the first
 * time staff print or read it; the secretary can rotate it, after which the old code answers
 * "this sign has been replaced". Codes are 80 random bits: guessing one is not a way in.
 */

/** What a code in a URL points at: the building, or a code that has been replaced. */
export type PublicCodeTarget = { buildingId: string; communityId: string; replaced: boolean };

/** A code as it may appear in a URL: what `newId` makes (base32, lower case). */
export const publicCodePattern = /^[a-z2-7]{16}$/;

/** The current code of each building (made now for those that have none), by building id. */
export async function ensurePublicCodes(communityId: string, buildingIds: readonly string[], tx: Tx = db()): Promise<Map<string, string>> {
	const unique = [...new Set(buildingIds)];
	if (unique.length === 0) return new Map();
	const found = await currentCodes(tx, unique);
	const missing = unique.filter((id) => !found.has(id));
	if (missing.length > 0) {
		// Two printers at once: the partial unique index keeps one current code per building.
		await tx
			.insert(buildingPublicCodes)
			.values(missing.map((buildingId) => ({ code: newId(), buildingId, communityId })))
			.onConflictDoNothing();
		for (const [id, code] of await currentCodes(tx, missing)) found.set(id, code);
	}
	return found;
}

async function currentCodes(tx: Tx, buildingIds: string[]): Promise<Map<string, string>> {
	const rows = await tx
		.select({ buildingId: buildingPublicCodes.buildingId, code: buildingPublicCodes.code })
		.from(buildingPublicCodes)
		.where(and(inArray(buildingPublicCodes.buildingId, buildingIds), isNull(buildingPublicCodes.replacedAt)));
	return new Map(rows.map((row) => [row.buildingId, row.code]));
}

/**
 * Retires the building's current code and makes a new one; answers the new code. Inside the
 * caller's transaction when given one (which should hold the building's row lock, so two
 * rotations at once follow each other).
 */
export async function rotatePublicCode(communityId: string, buildingId: string, tx?: Tx): Promise<string> {
	if (!tx) return db().transaction((inner) => rotatePublicCode(communityId, buildingId, inner));
	await tx
		.update(buildingPublicCodes)
		.set({ replacedAt: new Date() })
		.where(and(eq(buildingPublicCodes.buildingId, buildingId), isNull(buildingPublicCodes.replacedAt)));
	const code = newId();
	await tx.insert(buildingPublicCodes).values({ code, buildingId, communityId });
	return code;
}

/** What `code` points at, or null for a code that never existed (or is not a code at all). */
export async function resolvePublicCode(code: string): Promise<PublicCodeTarget | null> {
	if (!publicCodePattern.test(code)) return null;
	const [row] = await db()
		.select({ buildingId: buildingPublicCodes.buildingId, communityId: buildingPublicCodes.communityId, replacedAt: buildingPublicCodes.replacedAt })
		.from(buildingPublicCodes)
		.where(eq(buildingPublicCodes.code, code));
	return row ? { buildingId: row.buildingId, communityId: row.communityId, replaced: row.replacedAt !== null } : null;
}
