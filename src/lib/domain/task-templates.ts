/**
 * Task templates: the usual kinds of task a chief dispatches, each with a default title,
 * instructions and due time. The texts themselves live in the message catalogue (zh-CN, en);
 * pages hand them in through `TemplateTexts`, so this stays free of the UI.
 */
import type { TaskKind } from './community-doc';
import type { DuePick } from './due-times';

/** Publicity comes in topics, each with its own wording. */
export const publicityTopics = ['anti-fraud', 'garbage-sorting'] as const;
export type PublicityTopic = (typeof publicityTopics)[number];

export type TemplateId = 'check' | 'register' | `publicity-${PublicityTopic}` | 'safety' | 'custom';

export type TaskTemplate = {
	id: TemplateId;
	kind: TaskKind;
	topic: PublicityTopic | null;
	/** The quick pick the due time starts at; a custom task starts with none chosen. */
	due: DuePick | null;
};

export const taskTemplates: readonly TaskTemplate[] = [
	{ id: 'check', kind: 'check', topic: null, due: 'tonight' },
	{ id: 'register', kind: 'register', topic: null, due: 'tomorrow-noon' },
	{ id: 'publicity-anti-fraud', kind: 'publicity', topic: 'anti-fraud', due: 'tomorrow-noon' },
	{ id: 'publicity-garbage-sorting', kind: 'publicity', topic: 'garbage-sorting', due: 'tomorrow-noon' },
	{ id: 'safety', kind: 'safety', topic: null, due: 'tonight' },
	{ id: 'custom', kind: 'custom', topic: null, due: null }
];

/** The kinds in the order the template buttons show them. */
export const templateKinds: readonly TaskKind[] = ['check', 'register', 'publicity', 'safety', 'custom'];

export function templateById(id: TemplateId): TaskTemplate {
	return taskTemplates.find((template) => template.id === id) ?? taskTemplates[taskTemplates.length - 1];
}

/** The template a kind button picks: the first of that kind (publicity: anti-fraud). */
export function templateOfKind(kind: TaskKind): TaskTemplate {
	return taskTemplates.find((template) => template.kind === kind) ?? templateById('custom');
}

export function templatesOfKind(kind: TaskKind): TaskTemplate[] {
	return taskTemplates.filter((template) => template.kind === kind);
}

export type TemplateText = { title: string; instructions: string };
/** Default wording per template, in the user's language. */
export type TemplateTexts = (id: TemplateId) => TemplateText;

export type DraftText = { title: string; instructions: string };

/**
 * The title and instructions after switching from template `from` to `to`: a field still
 * showing the old template's default (or empty) takes the new default; a field the user
 * has written in keeps its text.
 */
export function switchTemplate(draft: DraftText, from: TemplateId | null, to: TemplateId, texts: TemplateTexts): DraftText {
	const old = from ? texts(from) : { title: '', instructions: '' };
	const next = texts(to);
	const untouched = (value: string, fallback: string) => value.trim() === '' || value === fallback;
	return {
		title: untouched(draft.title, old.title) ? next.title : draft.title,
		instructions: untouched(draft.instructions, old.instructions) ? next.instructions : draft.instructions
	};
}
