/**
 * How the matter pages word stages, deadlines, spans of time and timeline events, in one place
 * for the list, the work queue, the detail page and the home card. Stages and tones come from
 * `matter-stage.ts`; this only turns them into words and colours.
 */
import { categoryPath, type MatterCategory } from '$lib/domain/matter-categories';
import { matterDueState, matterStage, type MatterTone } from '$lib/domain/matter-stage';
import type { MatterEventView, MatterSummary, ReturnReason } from '$lib/domain/matter-view';
import type { DestinationKind, MatterStatus } from '$lib/domain/matters';
import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { momentLabel } from '$lib/client/tasks/task-format';

type Message = () => string;
const messageOf = (key: string): Message | undefined => (m as unknown as Record<string, Message | undefined>)[key];

/** 已派遣·未签收, 处理中…: the stage word of `matter-stage.ts`. */
export function stageLabel(matter: Pick<MatterSummary, 'status' | 'returned'>): string {
	const stage = matterStage(matter);
	return messageOf(`matter_stage_${stage.replaceAll('-', '_')}`)?.() ?? stage;
}

export function statusLabel(status: MatterStatus): string {
	return messageOf(`matter_status_${status}`)?.() ?? status;
}

/** Badge colours per tone: red overdue, amber due soon, as on the map's pins. */
export const toneBadge: Record<MatterTone, string> = {
	open: 'bg-sky-100 text-sky-800',
	'due-soon': 'bg-amber-100 text-amber-900',
	overdue: 'bg-red-600 text-white',
	resolved: 'bg-emerald-100 text-emerald-800',
	closed: 'bg-stone-200 text-stone-700'
};

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/** 15 分钟, 3 小时, 2 天: rounded down, so "3 小时" never means two and a half. */
export function spanLabel(ms: number): string {
	const span = Math.max(0, ms);
	if (span < hour) return m.matter_span_minutes({ count: Math.max(1, Math.floor(span / minute)) });
	if (span < 2 * day) return m.matter_span_hours({ count: Math.floor(span / hour) });
	return m.matter_span_days({ count: Math.floor(span / day) });
}

/** The deadline of a routed or accepted matter in words; null when none runs. */
export function dueLabel(matter: Pick<MatterSummary, 'status' | 'dueAt'>, now: number): string | null {
	if (matter.dueAt === null || (matter.status !== 'routed' && matter.status !== 'accepted')) return null;
	switch (matterDueState(matter, now)) {
		case 'overdue':
			return m.matter_overdue_by({ span: spanLabel(now - matter.dueAt) });
		case 'due-soon':
			return m.matter_due_in({ span: spanLabel(matter.dueAt - now) });
		default:
			return m.matter_due_at({ when: momentLabel(matter.dueAt, now) });
	}
}

/** 已派遣 3 小时: how long a routed matter has waited for 签收. */
export function routedAgoLabel(routedAt: number, now: number): string {
	return now - routedAt < minute ? m.matter_routed_just_now() : m.matter_routed_ago({ span: spanLabel(now - routedAt) });
}

export function categoryLabel(categoryId: string, categories: readonly MatterCategory[]): string {
	return categoryPath(categoryId, categories, getLocale()) || categoryId;
}

const returnReasonLabels: Record<ReturnReason, Message> = {
	'wrong-place': m.matter_return_wrong_place,
	'unclear-ownership': m.matter_return_unclear_ownership,
	'not-our-duty': m.matter_return_not_our_duty,
	other: m.matter_return_other
};

export const returnReasonLabel = (reason: string): string => returnReasonLabels[reason as ReturnReason]?.() ?? reason;

const destinationLabels: Record<DestinationKind, Message> = {
	property: m.matter_destination_property,
	community: m.matter_destination_community,
	street: m.matter_destination_street
};

export const destinationKindLabel = (kind: DestinationKind): string => destinationLabels[kind]();

/** The action of a timeline event in words; a verification and an extension decision by their outcome. */
export function eventLabel(event: Pick<MatterEventView, 'action' | 'detail'>): string {
	if (event.action === 'verify') return event.detail.pass ? m.matter_event_verify_passed() : m.matter_event_verify_failed();
	if (event.action === 'report' && event.detail.resident === true) return m.matter_event_resident_report();
	if (event.action === 'decide-extension') return event.detail.approve ? m.matter_event_extension_approved() : m.matter_event_extension_refused();
	return messageOf(`matter_event_${event.action.replaceAll('-', '_')}`)?.() ?? event.action;
}
