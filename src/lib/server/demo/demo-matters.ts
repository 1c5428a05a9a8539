/**
 * Matters in every state over the demo's eight weeks (`demo-matter-samples.ts`) and the two
 * weekly 会商 that decided some of them, with their minutes. Each matter's row is what its
 * timeline leaves (the same fields the matter actions set), so the pages, figures and exports
 * read them like any other. Only with the demo samples (DEMO_SAMPLES=1); tests start without.
 */
import { limitsOf } from '../../domain/matter-categories';
import type { CategoryLimits } from '../../domain/matter-deadlines';
import type { MatterCategory } from '../../domain/matter-categories';
import { matterTransition, type MatterStatus } from '../../domain/matters';
import { db, type Tx } from '../db';
import { consultations, matterEvents, matters } from '../db/schema';
import { newId } from '../ids';
import { communityCategories } from '../matters/matter-categories';
import { matterChange, type MatterChangeInput } from '../matters/matter-change';
import { DemoCalendar } from './demo-calendar';
import { consultationPlans, meetingDays, type MeetingDays } from './demo-consultations';
import { matterSamples, type MatterSample, type SampleStep, type When } from './demo-matter-samples';
import { samplePlaces, type SamplePlace, type SamplePlaces } from './demo-sample-places';

type MatterRow = typeof matters.$inferInsert;
type EventRow = typeof matterEvents.$inferInsert;

function timeOf(when: When, calendar: DemoCalendar, meetings: MeetingDays): number {
	const [day, hour, minute = 0] = when;
	if (typeof day === 'number') return calendar.at(day, hour, minute);
	const [, which, offset] = /^m([12])([+-]\d+)?$/.exec(day)!;
	return calendar.at(meetings[which === '1' ? 0 : 1] - Number(offset ?? 0), hour, minute);
}

type Context = { calendar: DemoCalendar; meetings: MeetingDays; meetingIds: [string, string]; places: SamplePlaces; categories: MatterCategory[]; ids: Map<string, string> };

/** The matter's row and timeline after its steps, as `matter-actions.ts` would have left them. */
function playSample(sample: MatterSample, context: Context): { row: MatterRow; events: EventRow[] } {
	const { places, calendar, meetings } = context;
	const at = (when: When) => timeOf(when, calendar, meetings);
	const place = places.buildingOf(sample.liaison, sample.building ?? 0);
	const reporter = places.liaisonIds[sample.liaison - 1];
	const categoryId = `${places.communityId}.${sample.category}`;
	const limits = limitsOf(categoryId, context.categories);
	const reportedAt = at(sample.reported);
	const start: MatterStatus = sample.handledOnSpot ? 'closed' : sample.resident ? 'unverified' : 'reported';
	const row: MatterRow = {
		id: context.ids.get(sample.key)!,
		communityId: places.communityId,
		clientKey: `demo-sample-${sample.key}`,
		categoryId,
		buildingId: place.buildingId,
		gridId: place.gridId,
		microGridId: place.microGridId,
		description: sample.description,
		urgent: !!sample.urgent,
		source: sample.resident ? 'resident' : 'staff',
		status: start,
		handledOnSpot: !!sample.handledOnSpot,
		reportedBy: reporter,
		reportedAt: new Date(reportedAt),
		closedAt: sample.handledOnSpot ? new Date(reportedAt) : null,
		updatedAt: new Date(reportedAt)
	};
	const events: EventRow[] = [
		{ matterId: row.id, at: new Date(reportedAt), by: reporter, action: sample.handledOnSpot ? 'handle-on-spot' : 'report', from: null, to: start, note: sample.handledOnSpot ? sample.description : '' }
	];
	for (const step of sample.steps) {
		const when = new Date(at(step.at));
		const from = row.status!;
		const to = matterTransition({ ...subjectOf(row), status: from, extensionPending: !!row.extensionPending }, step.action, { pass: step.pass });
		if (!to) throw new Error(`demo matter ${sample.key}: ${step.action} cannot start from ${from}`);
		// The handler is whoever the matter is routed to before this step (a 退单 clears it).
		const by = step.by === 'handler' ? places.handlerOf(row.destination!) : places.userIds.get(step.by)!;
		const detail = applyStep(row, step, when, { limits, place, context });
		events.push({ matterId: row.id, at: when, by, action: step.action, from, to, note: step.note ?? '', detail });
		Object.assign(row, { status: to, updatedAt: when });
	}
	return { row, events };
}

function subjectOf(row: MatterRow) {
	return { gridId: row.gridId ?? null, microGridId: row.microGridId ?? null, reportedBy: row.reportedBy, urgent: !!row.urgent, destination: row.destination ?? null };
}

/** What one step needs, as the action's checked input would carry it (`matter-change.ts` does the rest). */
function changeInputOf(row: MatterRow, step: SampleStep, { limits, place, context }: { limits: CategoryLimits; place: SamplePlace; context: Context }): MatterChangeInput {
	const meetingId = step.meeting ? context.meetingIds[step.meeting - 1] : undefined;
	switch (step.action) {
		case 'route':
			return { action: 'route', destination: context.places.destinationOf(step.to!, place), limits, meetingId };
		case 'merge':
			return { action: 'merge', into: context.ids.get(step.into!)!, meetingId };
		case 'reject':
			return { action: 'reject', meetingId };
		case 'return':
			return { action: 'return', reasonKind: step.reasonKind ?? 'other' };
		case 'extend':
			return { action: 'extend', until: row.dueAt!.getTime() + step.days! * 86_400_000 };
		case 'decide-extension':
			return { action: 'decide-extension', approve: !!step.approve };
		case 'verify':
			return { action: 'verify', pass: !!step.pass };
		case 'confirm':
		case 'accept':
		case 'remind':
		case 'resolve':
			return { action: step.action };
	}
}

/** What one step changes beyond the status, and the detail its event keeps. */
function applyStep(row: MatterRow, step: SampleStep, when: Date, facts: { limits: CategoryLimits; place: SamplePlace; context: Context }): Record<string, unknown> {
	const before = { urgent: !!row.urgent, destination: row.destination ?? null, extensionUntil: row.extensionUntil ?? null, reminders: row.reminders ?? 0 };
	const { change, detail } = matterChange(before, changeInputOf(row, step, facts), when);
	Object.assign(row, change);
	return detail;
}

/** Seeds the sample matters and the two 会商 into the demo community. */
export async function seedDemoMatters(now = Date.now(), tx: Tx = db()): Promise<void> {
	const places = await samplePlaces(tx);
	if (!places) return;
	const calendar = new DemoCalendar(now);
	const meetings = meetingDays(calendar);
	const meetingIds: [string, string] = [newId(), newId()];
	const categories = await communityCategories(places.communityId, { tx });
	const ids = new Map(matterSamples.map((sample) => [sample.key, newId()]));
	const context: Context = { calendar, meetings, meetingIds, places, categories, ids };
	const played = matterSamples.map((sample) => playSample(sample, context));
	const merges = played.flatMap(({ events }) =>
		events.filter((e) => e.action === 'merge').map((e): EventRow => ({ matterId: (e.detail as { into: string }).into, at: e.at, by: e.by, action: 'merged-in', from: null, to: 'routed', note: '', detail: { from: e.matterId } }))
	);
	// The target's status at the moment of the merge, as `matter-actions.ts` records it.
	for (const event of merges) event.to = statusAt(played, event.matterId, event.at as Date);
	const events = [...played.flatMap((p) => p.events), ...merges].sort((a, b) => (a.at as Date).getTime() - (b.at as Date).getTime());
	const meetingRows = consultationPlans(context, played.map((p) => ({ row: p.row, events: p.events })));
	await tx.insert(matters).values(played.map((p) => p.row));
	await tx.insert(matterEvents).values(events);
	await tx.insert(consultations).values(meetingRows);
}

/** A matter's status right after `at`, from its own timeline. */
function statusAt(played: { row: MatterRow; events: EventRow[] }[], matterId: string, at: Date): MatterStatus {
	const own = played.find((p) => p.row.id === matterId)!;
	return own.events.filter((e) => (e.at as Date).getTime() <= at.getTime()).at(-1)!.to;
}

export type { Context as MatterSeedContext };
