import type { PushSettingsView } from '../../domain/notify-view';
import { defaultQuietHours } from '../../domain/quiet-hours';

/** The viewer's push settings for the notifications page. STUB: filled in by the Web Push work. */
export async function pushSettingsOf(userId: string): Promise<PushSettingsView> {
	void userId;
	return { publicKey: '', quiet: defaultQuietHours, devices: [] };
}
