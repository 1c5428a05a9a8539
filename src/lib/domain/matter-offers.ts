/**
 * The actions a viewer may take on a matter now: the policy allows the role
 * (`mayActOnMatter`) and the state machine allows the status (`matterTransition`). The detail
 * page offers these, the work queue and the nav badge count with them, and the API decides
 * each action with the same two functions (`decideMatterAction`).
 */
import { matterActions, matterTransition, type MatterAction, type MatterState } from './matters';
import { mayActOnMatter, type Standing } from './permissions';

/** A verification may pass or fail; either starts from `resolved`, so asking with a pass is enough. */
export function mayTakeMatterAction(s: Standing, action: MatterAction, state: MatterState): boolean {
	return mayActOnMatter(s, action, state) && matterTransition(state, action, { pass: true }) !== null;
}

export function offeredMatterActions(s: Standing, state: MatterState): MatterAction[] {
	return matterActions.filter((action) => mayTakeMatterAction(s, action, state));
}
