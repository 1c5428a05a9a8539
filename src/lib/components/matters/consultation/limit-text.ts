import * as m from '$lib/paraglide/messages';
import type { CategoryLimits, TimeLimit } from '$lib/domain/matter-deadlines';
import { destinationKinds } from '$lib/domain/matters';

/** 24小时, 3天, 5个工作日. */
export function limitText(limit: TimeLimit): string {
	if (limit.unit === 'hours') return m.limit_hours({ count: limit.amount });
	return limit.unit === 'days' ? m.limit_days({ count: limit.amount }) : m.limit_workdays({ count: limit.amount });
}

/** The four limits in the order the settings show them: urgent, then each destination. */
export const limitKeys = ['urgent', ...destinationKinds] as const;
export type LimitKey = (typeof limitKeys)[number];

export const limitLabels: Record<LimitKey, () => string> = {
	urgent: m.limit_urgent,
	property: m.figures_destination_property,
	community: m.figures_destination_community,
	street: m.figures_destination_street
};

/** "紧急 24小时 · 物业 3天 · …" */
export function limitsText(limits: CategoryLimits): string {
	return limitKeys.map((key) => `${limitLabels[key]()} ${limitText(limits[key])}`).join(' · ');
}
