import * as m from '$lib/paraglide/messages';
import type { PublicityTopic, TemplateId, TemplateText } from '$lib/domain/task-templates';

const texts: Record<TemplateId, () => TemplateText> = {
	check: () => ({ title: m.taskform_tpl_check_title(), instructions: m.taskform_tpl_check_text() }),
	register: () => ({ title: m.taskform_tpl_register_title(), instructions: m.taskform_tpl_register_text() }),
	'publicity-anti-fraud': () => ({ title: m.taskform_tpl_antifraud_title(), instructions: m.taskform_tpl_antifraud_text() }),
	'publicity-garbage-sorting': () => ({ title: m.taskform_tpl_garbage_title(), instructions: m.taskform_tpl_garbage_text() }),
	safety: () => ({ title: m.taskform_tpl_safety_title(), instructions: m.taskform_tpl_safety_text() }),
	custom: () => ({ title: '', instructions: '' })
};

/** A template's default wording in the current language. */
export const templateText = (id: TemplateId): TemplateText => texts[id]();

const topics: Record<PublicityTopic, () => string> = {
	'anti-fraud': m.taskform_topic_antifraud,
	'garbage-sorting': m.taskform_topic_garbage
};

export const topicLabel = (topic: PublicityTopic): string => topics[topic]();
