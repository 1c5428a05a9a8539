import { bumpSignal } from '../live-hub';

/**
 * Tells every open list and map of the community that its matters changed
 * (`signals.mattersVersion`). The change is committed already, so a failure is logged, not
 * answered: lists catch up on their next load.
 */
export async function announceMattersChange(communityId: string): Promise<void> {
	try {
		await bumpSignal(communityId, 'mattersVersion');
	} catch (caught) {
		console.error(`announcing the matters change of community ${communityId} failed`, caught);
	}
}
