import { describe, expect, it } from 'vitest';
import { taskKinds } from './community-doc';
import {
	switchTemplate,
	taskTemplates,
	templateById,
	templateKinds,
	templateOfKind,
	templatesOfKind,
	type TemplateId,
	type TemplateTexts
} from './task-templates';

const texts: TemplateTexts = (id: TemplateId) => ({ title: `title of ${id}`, instructions: `instructions of ${id}` });

describe('templates', () => {
	it('offers one button per task kind, and every kind has a template', () => {
		expect([...templateKinds].sort()).toEqual([...taskKinds].sort());
		for (const kind of taskKinds) expect(templateOfKind(kind).kind).toBe(kind);
	});

	it('has unique ids, and publicity comes as anti-fraud and garbage sorting', () => {
		expect(new Set(taskTemplates.map((t) => t.id)).size).toBe(taskTemplates.length);
		expect(templatesOfKind('publicity').map((t) => t.topic)).toEqual(['anti-fraud', 'garbage-sorting']);
		expect(templateOfKind('publicity').id).toBe('publicity-anti-fraud');
	});

	it('a check is for tonight; a custom task starts with no due time chosen', () => {
		expect(templateById('check').due).toBe('tonight');
		expect(templateById('custom').due).toBeNull();
	});
});

describe('switching templates', () => {
	it('fills an empty draft with the defaults', () => {
		expect(switchTemplate({ title: '', instructions: '  ' }, null, 'check', texts)).toEqual(texts('check'));
	});

	it('replaces the defaults of the previous template', () => {
		expect(switchTemplate(texts('check'), 'check', 'safety', texts)).toEqual(texts('safety'));
	});

	it('keeps what the user wrote, field by field', () => {
		const draft = { title: '今晚查燃气', instructions: texts('check').instructions };
		expect(switchTemplate(draft, 'check', 'safety', texts)).toEqual({ title: '今晚查燃气', instructions: texts('safety').instructions });
	});
});
