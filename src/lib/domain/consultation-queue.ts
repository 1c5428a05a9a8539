/**
 * The 会商 queue: every matter awaiting a decision, grouped by category and then building, each
 * flagged with its possible duplicates among all open matters. Matters waiting for a check
 * (`unverified`, residents' reports) are kept apart: they are confirmed before they can be routed.
 */
import type { Position } from './geojson';
import type { MatterCategory } from './matter-categories';
import { possibleDuplicates, type MatterSpot } from './matter-duplicates';
import type { MatterSummary } from './matter-view';

export type QueueCard = {
	matter: MatterSummary;
	/** Where the map shows it: its own point, else its building's. */
	point: Position | null;
	duplicates: MatterSummary[];
	/** Already waiting when the previous meeting ended: carried over from it. */
	carriedOver: boolean;
};

export type QueueBuilding = { buildingId: string | null; label: string | null; cards: QueueCard[] };
export type QueueGroup = { categoryId: string; buildings: QueueBuilding[] };

export type ConsultationQueue = {
	awaiting: QueueGroup[];
	unverified: QueueGroup[];
	/** Every card in screen order (awaiting first), for the keyboard. */
	cards: QueueCard[];
};

export type QueueInput = {
	/** Every open matter the viewer may see, those awaiting routing among them. */
	open: readonly MatterSummary[];
	/** A point for each matter the map can place (its own, or its building's). */
	points: ReadonlyMap<string, Position>;
	categories: readonly MatterCategory[];
	previousEndedAt: number | null;
	/** Matters just decided on this screen, left out until the refreshed list no longer has them. */
	decided?: ReadonlySet<string>;
};

const byLabel = (a: string | null, b: string | null) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b, 'zh-CN', { numeric: true }));
/** Urgent first, then the longest waiting. */
const byUrgency = (a: QueueCard, b: QueueCard) => Number(b.matter.urgent) - Number(a.matter.urgent) || a.matter.reportedAt - b.matter.reportedAt;

function grouped(cards: QueueCard[], categories: readonly MatterCategory[]): QueueGroup[] {
	const order = new Map(categories.map((c, index) => [c.id, index]));
	const byCategory = new Map<string, QueueCard[]>();
	for (const card of cards) byCategory.set(card.matter.category, [...(byCategory.get(card.matter.category) ?? []), card]);
	return [...byCategory]
		.sort(([a], [b]) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity) || a.localeCompare(b))
		.map(([categoryId, inCategory]) => {
			const byBuilding = new Map<string | null, QueueCard[]>();
			for (const card of inCategory) byBuilding.set(card.matter.buildingId, [...(byBuilding.get(card.matter.buildingId) ?? []), card]);
			const buildings = [...byBuilding].map(([buildingId, here]) => ({ buildingId, label: here[0].matter.buildingLabel, cards: here.sort(byUrgency) }));
			return { categoryId, buildings: buildings.sort((a, b) => byLabel(a.label, b.label)) };
		});
}

export function consultationQueue({ open, points, categories, previousEndedAt, decided }: QueueInput): ConsultationQueue {
	const spotOf = (matter: MatterSummary): MatterSpot => ({
		id: matter.id,
		categoryId: matter.category,
		status: matter.status,
		buildingId: matter.buildingId,
		point: matter.point ?? points.get(matter.id) ?? null
	});
	const spots = open.map(spotOf);
	const byId = new Map(open.map((matter) => [matter.id, matter]));
	const cardOf = (matter: MatterSummary): QueueCard => {
		const spot = spotOf(matter);
		return {
			matter,
			point: spot.point,
			duplicates: possibleDuplicates(spot, spots).map((other) => byId.get(other.id)!),
			carriedOver: previousEndedAt !== null && matter.reportedAt < previousEndedAt
		};
	};
	const waiting = (status: MatterSummary['status']) => open.filter((m) => m.status === status && !decided?.has(m.id)).map(cardOf);
	const awaiting = grouped(waiting('reported'), categories);
	const unverified = grouped(waiting('unverified'), categories);
	const cards = [...awaiting, ...unverified].flatMap((group) => group.buildings.flatMap((building) => building.cards));
	return { awaiting, unverified, cards };
}
