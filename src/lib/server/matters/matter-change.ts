/**
 * What each matter action changes in its row beyond the status, and the detail its event keeps:
 * pure, once the policy, the state machine and the inputs were checked. `matter-actions.ts`
 * writes it for a person's action; the demo (`demo/demo-matters.ts`) plays its sample
 * timelines through it, so a sample matter's row is what the actions would have left.
 */
import { communityZone, matterDueAt, type CategoryLimits } from '../../domain/matter-deadlines';
import type { ReturnReason } from '../../domain/matter-view';
import type { MatterDestination } from '../../domain/matters';
import type { matters } from '../db/schema';

export type MatterColumns = Partial<typeof matters.$inferInsert>;

/** An action with what it needs, resolved and checked (a destination the actor may use, a merge target that is open). */
export type MatterChangeInput =
	| { action: 'confirm' | 'accept' | 'remind' | 'resolve' }
	| { action: 'route'; destination: MatterDestination; limits: CategoryLimits; meetingId?: string }
	| { action: 'merge'; into: string; meetingId?: string }
	| { action: 'reject'; meetingId?: string }
	| { action: 'return'; reasonKind: ReturnReason }
	| { action: 'extend'; until: number }
	| { action: 'decide-extension'; approve: boolean }
	| { action: 'verify'; pass: boolean };

/** What the change reads of the matter before it. */
export type MatterBefore = { urgent: boolean; destination: MatterDestination | null; extensionUntil: Date | null; reminders: number };

export type MatterChange = { change: MatterColumns; detail: Record<string, unknown> };

const meetingOf = (meetingId: string | undefined) => (meetingId ? { meetingId } : {});

export function matterChange(before: MatterBefore, input: MatterChangeInput, now: Date): MatterChange {
	switch (input.action) {
		case 'confirm':
			return { change: {}, detail: {} };
		case 'route': {
			const dueAt = new Date(matterDueAt(now.getTime(), input.destination.kind, before.urgent, input.limits, communityZone));
			return {
				change: { destination: input.destination, routedAt: now, acceptedAt: null, dueAt, returned: false, extensionPending: false, extensionUntil: null },
				detail: { destination: input.destination, ...meetingOf(input.meetingId) }
			};
		}
		case 'merge':
			return { change: { mergedInto: input.into, closedAt: now }, detail: { into: input.into, ...meetingOf(input.meetingId) } };
		case 'reject':
			return { change: { closedAt: now }, detail: meetingOf(input.meetingId) };
		case 'accept':
			return { change: { acceptedAt: now }, detail: {} };
		case 'return':
			return {
				change: { destination: null, routedAt: null, acceptedAt: null, dueAt: null, returned: true, extensionPending: false, extensionUntil: null },
				detail: { reasonKind: input.reasonKind, destination: before.destination }
			};
		case 'extend':
			return { change: { extensionPending: true, extensionUntil: new Date(input.until) }, detail: { until: input.until } };
		case 'decide-extension':
			return {
				change: { extensionPending: false, extensionUntil: null, ...(input.approve && before.extensionUntil ? { dueAt: before.extensionUntil } : {}) },
				detail: { approve: input.approve, until: before.extensionUntil?.getTime() ?? null }
			};
		case 'remind':
			// The update is guarded by the row's updatedAt, so the count read is the count written over.
			return { change: { reminders: before.reminders + 1 }, detail: {} };
		case 'resolve':
			return { change: { resolvedAt: now }, detail: {} };
		case 'verify':
			return { change: input.pass ? { closedAt: now } : { resolvedAt: null }, detail: { pass: input.pass } };
	}
}
