import { describe, expect, it } from 'vitest';
import { communityZone, defaultLimits, matterDueAt } from '../../domain/matter-deadlines';
import { matterChange, type MatterBefore } from './matter-change';

const now = new Date('2026-03-05T02:00:00Z');
const property = { kind: 'property', orgId: 'org-1' } as const;
const fresh: MatterBefore = { urgent: false, destination: null, extensionUntil: null, reminders: 0 };

describe('matterChange', () => {
	it('routes with the due time of the destination and the category, and names the meeting that decided it', () => {
		const { change, detail } = matterChange(fresh, { action: 'route', destination: property, limits: defaultLimits, meetingId: 'm1' }, now);
		expect(change).toMatchObject({ destination: property, routedAt: now, acceptedAt: null, returned: false, extensionPending: false, extensionUntil: null });
		expect(change.dueAt).toEqual(new Date(matterDueAt(now.getTime(), 'property', false, defaultLimits, communityZone)));
		expect(detail).toEqual({ destination: property, meetingId: 'm1' });
		expect(matterChange(fresh, { action: 'reject' }, now).detail).toEqual({});
	});

	it('keeps on a 退单 where it had been sent, and on an approved extension moves the due time', () => {
		const routed = { ...fresh, destination: property, extensionUntil: new Date('2026-03-09T00:00:00Z'), reminders: 2 };
		expect(matterChange(routed, { action: 'return', reasonKind: 'not-our-duty' }, now)).toEqual({
			change: { destination: null, routedAt: null, acceptedAt: null, dueAt: null, returned: true, extensionPending: false, extensionUntil: null },
			detail: { reasonKind: 'not-our-duty', destination: property }
		});
		expect(matterChange(routed, { action: 'decide-extension', approve: true }, now).change).toEqual({ extensionPending: false, extensionUntil: null, dueAt: routed.extensionUntil });
		expect(matterChange(routed, { action: 'decide-extension', approve: false }, now).change).toEqual({ extensionPending: false, extensionUntil: null });
		expect(matterChange(routed, { action: 'remind' }, now).change).toEqual({ reminders: 3 });
		expect(matterChange(routed, { action: 'verify', pass: false }, now)).toEqual({ change: { resolvedAt: null }, detail: { pass: false } });
	});
});
