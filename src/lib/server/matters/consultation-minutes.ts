import { and, eq, inArray, sql } from 'drizzle-orm';
import type { ConsultationMinutes, DecisionAction, MinutesDecision, MinutesItem } from '../../domain/consultation-view';
import { decisionActions } from '../../domain/consultation-view';
import { categoryPath } from '../../domain/matter-categories';
import type { MatterDestination } from '../../domain/matters';
import { maySeeMatter } from '../../domain/permissions';
import { db } from '../db';
import { buildings, matterEvents, matters, users } from '../db/schema';
import type { Locale } from '../refusal';
import { matterState, type MatterActor } from './matter-access';
import { communityCategories } from './matter-categories';
import { destinationNames } from './matter-names';
import { consultationView, type ConsultationRow } from './consultations';

/**
 * 会商纪要: the meeting, the decisions posted with its id (in the order they were taken) and
 * the matters carried over, each only when the reader may see that matter. Category names in
 * the reader's language.
 */
export async function consultationMinutes(target: { row: ConsultationRow; actor: MatterActor }, locale: Locale): Promise<ConsultationMinutes> {
	const { row, actor } = target;
	const [view, categories, events, carried] = await Promise.all([
		consultationView(row.id),
		communityCategories(row.communityId, { withRetired: true }),
		db()
			.select({ event: matterEvents, matter: matters, byName: users.displayName, buildingLabel: buildings.label })
			.from(matterEvents)
			.innerJoin(matters, eq(matters.id, matterEvents.matterId))
			.innerJoin(users, eq(users.id, matterEvents.by))
			.leftJoin(buildings, eq(buildings.id, matters.buildingId))
			.where(
				and(
					eq(matters.communityId, row.communityId),
					inArray(matterEvents.action, [...decisionActions]),
					sql`${matterEvents.detail}->>'meetingId' = ${row.id}`
				)
			)
			.orderBy(matterEvents.id),
		row.carriedOver.length
			? db()
					.select({ matter: matters, buildingLabel: buildings.label })
					.from(matters)
					.leftJoin(buildings, eq(buildings.id, matters.buildingId))
					.where(and(eq(matters.communityId, row.communityId), inArray(matters.id, row.carriedOver)))
			: Promise.resolve([])
	]);
	const label = (categoryId: string) => categoryPath(categoryId, categories, locale);
	const seen = events.filter(({ matter }) => maySeeMatter(actor.standing, matterState(matter)));
	const destinations = seen.map(({ event }) => (event.detail.destination as MatterDestination | undefined) ?? null);
	const nameOf = await destinationNames(destinations);

	const decisions = seen.map(({ event, matter, byName, buildingLabel }, index): MinutesDecision => ({
		matterId: matter.id,
		at: event.at.getTime(),
		action: event.action as DecisionAction,
		byName,
		categoryLabel: label(matter.categoryId),
		place: buildingLabel,
		description: matter.description,
		destinationName: nameOf(destinations[index]),
		into: typeof event.detail.into === 'string' ? event.detail.into : null,
		note: event.note
	}));
	const order = new Map(row.carriedOver.map((id, index) => [id, index]));
	const carriedOverItems = carried
		.filter(({ matter }) => maySeeMatter(actor.standing, matterState(matter)))
		.sort((a, b) => order.get(a.matter.id)! - order.get(b.matter.id)!)
		.map(({ matter, buildingLabel }): MinutesItem => ({
			matterId: matter.id,
			categoryLabel: label(matter.categoryId),
			place: buildingLabel,
			description: matter.description,
			status: matter.status
		}));
	return { ...view, communityName: actor.community.name, decisions, carriedOverItems };
}
