import { attentionCount } from '../../domain/matter-queue';
import type { Standing } from '../../domain/permissions';
import { listMatters } from './matter-records';

/** Statuses a badge can count: a resident's report to check, waiting for 签收, in hand (reminded), waiting for verification. */
const counted = ['unverified', 'routed', 'accepted', 'resolved'] as const;

/** The nav badge of a viewer in one community (`needsAttention` in `matter-queue.ts` says what counts). */
export async function matterBadge(standing: Standing): Promise<number> {
	const { matters } = await listMatters(standing, { statuses: counted, limit: 5000 });
	return attentionCount(standing, matters);
}
