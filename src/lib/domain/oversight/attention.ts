/**
 * The dashboard's attention list (待关注): what needs someone now, each item pointing to where it
 * is fixed. Thresholds and order are defined here, once.
 */
import { matterDueState } from '../matter-stage';
import type { MatterStatus } from '../matters';
import type { AckTask } from './acks';
import { daysSince, staleBuildingDays } from '../visit-age';

/** A liaison with no mark, ack or report for this many days has gone quiet. */
export const quietLiaisonDays = 7;
/** A matter routed and not signed for (签收) this long is waiting too long. */
const unacceptedMatterMs = 86_400_000;

export type AttentionBuilding = { buildingId: string; label: string; lastVisitAt: number | null };
export type AttentionLiaison = { userId: string; name: string; lastActivityAt: number | null };
export type AttentionMatter = { id: string; status: MatterStatus; description: string; dueAt: number | null; routedAt: number | null; destinationName: string | null };

export type AttentionItem =
	| { kind: 'building'; id: string; label: string; days: number | null }
	| { kind: 'liaison'; id: string; name: string; days: number | null }
	| { kind: 'matter-overdue'; id: string; description: string; days: number; destinationName: string | null }
	| { kind: 'matter-unaccepted'; id: string; description: string; days: number; destinationName: string | null }
	| { kind: 'task-unacked'; id: string; title: string; days: number; missing: string[] };

export type AttentionInput = {
	buildings: readonly AttentionBuilding[];
	liaisons: readonly AttentionLiaison[];
	matters: readonly AttentionMatter[];
	pastDueTasks: readonly { task: AckTask; missing: string[] }[];
	now: number;
};

const day = 86_400_000;
const kindOrder: AttentionItem['kind'][] = ['matter-overdue', 'task-unacked', 'matter-unaccepted', 'liaison', 'building'];
/** Never (null) first, then the longest wait. */
const byDays = (a: { days: number | null }, b: { days: number | null }) => (b.days ?? Infinity) - (a.days ?? Infinity);

export function attentionItems({ buildings, liaisons, matters, pastDueTasks, now }: AttentionInput): AttentionItem[] {
	const items: AttentionItem[] = [];
	for (const building of buildings) {
		const days = building.lastVisitAt === null ? null : daysSince(building.lastVisitAt, now);
		if (days === null || days > staleBuildingDays) items.push({ kind: 'building', id: building.buildingId, label: building.label, days });
	}
	for (const liaison of liaisons) {
		const days = liaison.lastActivityAt === null ? null : daysSince(liaison.lastActivityAt, now);
		if (days === null || days >= quietLiaisonDays) items.push({ kind: 'liaison', id: liaison.userId, name: liaison.name, days });
	}
	for (const matter of matters) {
		const base = { id: matter.id, description: matter.description, destinationName: matter.destinationName };
		if (matterDueState(matter, now) === 'overdue') {
			items.push({ kind: 'matter-overdue', ...base, days: Math.max(1, Math.ceil((now - matter.dueAt!) / day)) });
		} else if (matter.status === 'routed' && matter.routedAt !== null && now - matter.routedAt > unacceptedMatterMs) {
			items.push({ kind: 'matter-unaccepted', ...base, days: Math.floor((now - matter.routedAt) / day) });
		}
	}
	for (const { task, missing } of pastDueTasks) {
		items.push({ kind: 'task-unacked', id: task.id, title: task.title, days: Math.max(0, Math.floor((now - task.dueAt!) / day)), missing });
	}
	return items.sort((a, b) => kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind) || byDays(a, b));
}
