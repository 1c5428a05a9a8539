/**
 * Lists from the server kept in the outbox database for a visit with no signal, with their
 * shape checked on the way back in (an older version of the app may have written them).
 */
import { matterStatuses } from '$lib/domain/matters';
import type { MatterCategory } from '$lib/domain/matter-categories';
import type { MatterSummary } from '$lib/domain/matter-view';

export const keptKeys = {
	categories: (communityId: string) => `categories:${communityId}`,
	mine: (communityId: string) => `mine:${communityId}`,
	lastBuilding: (communityId: string) => `last-building:${communityId}`
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function isCategory(value: unknown): value is MatterCategory {
	return (
		isRecord(value) &&
		typeof value.id === 'string' &&
		typeof value.name === 'string' &&
		typeof value.nameEn === 'string' &&
		(value.parentId === null || typeof value.parentId === 'string') &&
		typeof value.sortOrder === 'number'
	);
}

export function categoriesOf(value: unknown): MatterCategory[] | null {
	return Array.isArray(value) && value.every(isCategory) ? value : null;
}

/** Enough of a summary for the list to show it; the server builds the rest. */
function isSummary(value: unknown): value is MatterSummary {
	return (
		isRecord(value) &&
		typeof value.id === 'string' &&
		(matterStatuses as readonly unknown[]).includes(value.status) &&
		typeof value.category === 'string' &&
		typeof value.reportedAt === 'number'
	);
}

/** `{ matters }` as the API answers and as it is kept. */
export function summariesOf(value: unknown): MatterSummary[] | null {
	if (!isRecord(value) || !Array.isArray(value.matters)) return null;
	return value.matters.every(isSummary) ? value.matters : null;
}

export type KeptMine = { matters: MatterSummary[]; fetchedAt: number };

export function keptMineOf(value: unknown): KeptMine | null {
	const matters = summariesOf(value);
	return matters && isRecord(value) && typeof value.fetchedAt === 'number' ? { matters, fetchedAt: value.fetchedAt } : null;
}
