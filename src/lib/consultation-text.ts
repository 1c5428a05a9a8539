/**
 * Words of the 会商 screens and files, shared by the pages and the server's spreadsheets (which
 * write them in Chinese whatever the reader's language, as the 台账 headers are).
 */
import type { MinutesDecision } from './domain/consultation-view';
import type { MatterStage } from './domain/matter-stage';
import * as m from './paraglide/messages';

export type TextLocale = 'zh-CN' | 'en';
const options = (locale?: TextLocale) => (locale ? { locale } : {});

/** "派遣至光明物业", "合并至 …", "不予受理：理由". */
export function decisionText(decision: Pick<MinutesDecision, 'action' | 'destinationName' | 'into' | 'note'>, locale?: TextLocale): string {
	switch (decision.action) {
		case 'route':
			return m.consultation_decision_route({ name: decision.destinationName ?? '—' }, options(locale));
		case 'merge':
			return m.consultation_decision_merge({ id: decision.into ?? '—' }, options(locale));
		case 'reject':
			return m.consultation_decision_reject({ reason: decision.note }, options(locale));
	}
}

/** The one word for where a matter stands (`matterStage`), as every list shows it. */
export function stageWord(stage: MatterStage, locale?: TextLocale): string {
	const key = `matter_stage_${stage.replace(/-/g, '_')}` as keyof typeof m;
	return (m[key] as (inputs: object, options: object) => string)({}, options(locale));
}
