import type { NoticeKind, NoticeSubject } from '../../domain/notices';
import type { Tx } from '../db';
import { notices } from '../db/schema';
import { wakeNotifier } from './notifier-wake';

export type NewNotice = { key: string; communityId: string | null; kind: NoticeKind; subject: NoticeSubject; urgent?: boolean };

/**
 * Records a notice, in the caller's transaction when it has one, so the notice exists exactly
 * when what caused it was committed. Recording the same key again does nothing.
 */
export async function recordNotice(tx: Tx, notice: NewNotice): Promise<void> {
	await tx
		.insert(notices)
		.values({ ...notice, urgent: notice.urgent ?? false })
		.onConflictDoNothing({ target: notices.key });
	wakeNotifier();
}
