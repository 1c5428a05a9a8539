import type { MatterAction } from '../../domain/matters';
import { noticeKey } from '../../domain/notices';
import type { Tx } from '../db';
import type { MatterRow } from '../matters/matter-access';
import { recordNotice } from './notices';

const kinds: Partial<Record<MatterAction, 'matter-routed' | 'matter-reminded' | 'matter-resolved'>> = {
	route: 'matter-routed',
	remind: 'matter-reminded',
	resolve: 'matter-resolved'
};

/** The notice a matter action causes, if any, in the action's transaction; keyed by its event. */
export async function recordMatterNotice(tx: Tx, action: MatterAction, row: Pick<MatterRow, 'id' | 'communityId' | 'urgent'>, eventId: number): Promise<void> {
	const kind = kinds[action];
	if (!kind) return;
	await recordNotice(tx, { key: noticeKey.matterEvent(kind, eventId), communityId: row.communityId, kind, subject: { matterId: row.id, eventId }, urgent: row.urgent && kind !== 'matter-resolved' });
}
