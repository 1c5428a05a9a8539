/**
 * The sample matters `npm start` gives the demo: every state, over eight weeks, each timeline
 * ending where its matter stands and following the state machine; two 会商 with minutes.
 */
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matterTransition, type MatterStatus } from '../../../src/lib/domain/matters';
import { db } from '../../../src/lib/server/db';
import { consultations, matterEvents, matters, memberships } from '../../../src/lib/server/db/schema';
import { signInAll } from '../../fixtures/structure-places';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
const day = 86_400_000;

beforeAll(async () => {
	server = await startTestServer({ samples: true });
});
afterAll(() => server?.stop());

describe('demo sample matters', () => {
	it('cover every state over eight weeks, and each timeline follows the state machine to its matter’s status', async () => {
		const rows = await db().select().from(matters);
		expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['unverified', 'reported', 'routed', 'accepted', 'resolved', 'closed', 'rejected', 'merged']));
		expect(rows.length).toBeGreaterThan(25);
		const reported = rows.map((r) => r.reportedAt.getTime());
		expect(Math.min(...reported)).toBeLessThan(Date.now() - 49 * day);
		expect(Math.max(...reported)).toBeLessThan(Date.now());
		const events = await db().select().from(matterEvents).orderBy(asc(matterEvents.id));
		for (const row of rows) {
			const own = events.filter((e) => e.matterId === row.id && e.action !== 'merged-in');
			expect(own[0].from, row.description).toBeNull();
			expect(own.at(-1)!.to, row.description).toBe(row.status);
			let status = own[0].to as MatterStatus;
			for (const event of own.slice(1)) {
				expect(event.from).toBe(status);
				const state = { status, extensionPending: false, gridId: row.gridId, microGridId: row.microGridId, reportedBy: row.reportedBy, urgent: row.urgent, destination: row.destination };
				expect(matterTransition(state, event.action as never, { pass: event.detail.pass as boolean }), `${row.description}: ${event.action}`).toBe(event.to);
				status = event.to;
			}
		}
		// Property staff act only on matters routed to their own company.
		const staff = new Map((await db().select().from(memberships).where(eq(memberships.role, 'property'))).map((m) => [m.userId, m.orgId]));
		for (const event of events.filter((e) => staff.has(e.by))) {
			const matter = rows.find((r) => r.id === event.matterId)!;
			const destination = (event.action === 'return' ? event.detail.destination : matter.destination) as { kind: string; orgId?: string };
			expect(destination.orgId, `${matter.description}: ${event.action}`).toBe(staff.get(event.by));
		}
		const overdue = rows.filter((r) => ['routed', 'accepted'].includes(r.status) && r.dueAt && r.dueAt.getTime() < Date.now());
		expect(overdue.length).toBeGreaterThan(0);
		expect(rows.some((r) => r.returned && r.status === 'reported')).toBe(true);
		expect(rows.some((r) => r.extensionPending)).toBe(true);
	});

	it('answer through the API like any other: property1 sees only 光明物业’s', async () => {
		const clients = await signInAll(server.url, ['secretary', 'property1']);
		const communityId = (await clients.get('secretary')!.getJson('/api/communities')).body[0].id;
		const all = (await clients.get('secretary')!.getJson(`/api/communities/${communityId}/matters`)).body.matters;
		const mine = (await clients.get('property1')!.getJson(`/api/communities/${communityId}/matters`)).body.matters;
		expect(all.length).toBe((await db().select().from(matters)).length);
		expect(mine.length).toBeGreaterThan(0);
		expect(mine.every((m: { destinationName: string }) => m.destinationName === '光明物业')).toBe(true);
	});

	it('have two ended 会商 a week apart, whose minutes list their decisions and what they carried over', async () => {
		const meetings = await db().select().from(consultations).orderBy(asc(consultations.startedAt));
		expect(meetings).toHaveLength(2);
		expect(meetings[1].startedAt.getTime() - meetings[0].startedAt.getTime()).toBe(7 * day);
		const clients = await signInAll(server.url, ['secretary']);
		for (const meeting of meetings) {
			expect(meeting.endedAt!.getTime()).toBeGreaterThan(meeting.startedAt.getTime());
			expect(meeting.attendees.length).toBeGreaterThan(5);
			expect(meeting.notes).toMatch(/^一、/);
			const { status, body } = await clients.get('secretary')!.getJson(`/api/consultations/${meeting.id}`);
			expect(status).toBe(200);
			expect(new Set(body.decisions.map((d: { action: string }) => d.action))).toEqual(new Set(['route', 'reject', ...(meeting === meetings[1] ? ['merge'] : [])]));
			expect(body.carriedOverItems).toHaveLength(1);
			// The first one's was decided at the second; the second one's (returned by the property company) still waits.
			expect(body.carriedOverItems[0].status).toBe(meeting === meetings[0] ? 'accepted' : 'reported');
			for (const decision of body.decisions) {
				expect(decision.at).toBeGreaterThanOrEqual(meeting.startedAt.getTime());
				expect(decision.at).toBeLessThanOrEqual(meeting.endedAt!.getTime());
			}
		}
		// The matter carried over from the first was decided at the second.
		const carried = meetings[0].carriedOver[0];
		const [decided] = await db().select().from(matterEvents).where(eq(matterEvents.matterId, carried)).orderBy(asc(matterEvents.id)).offset(1);
		expect(decided.detail.meetingId).toBe(meetings[1].id);
	});
});
