import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answer, HttpRefusal, refusal, refusalBody, refusalResponse } from './refusal';

describe('HttpRefusal', () => {
	it('renders its key with its parameters in either language', () => {
		const refused = refusal(400, 'error_grid_not_empty', { name: '第一网格', count: 2 });
		expect(refused.text('zh-CN')).toBe('请先删除或移走其中的微网格。网格「第一网格」中还有 2 个微网格。');
		expect(refused.text('en')).toBe('Delete or move its micro-grids first: grid "第一网格" still holds 2.');
		// Outside a request Paraglide falls back to the base locale, Chinese.
		expect(refused.text()).toBe(refused.text('zh-CN'));
	});

	it('answers JSON with the text, the key as code and the extra data, the key winning a clash', () => {
		const refused = new HttpRefusal(409, 'error_nothing_to_change', {}, { problems: [1], code: 'theirs' });
		expect(refusalBody(refused, 'en')).toEqual({ error: 'The request changes nothing.', code: 'error_nothing_to_change', problems: [1] });
	});
});

describe('answer', () => {
	const upload = (consumed: { done: boolean }) =>
		new Request('http://x/upload', {
			method: 'POST',
			body: new ReadableStream({
				pull(controller) {
					controller.enqueue(new Uint8Array(64 * 1024));
					controller.close();
					consumed.done = true;
				}
			}),
			duplex: 'half'
		} as RequestInit);

	it('turns a refusal into its status and body, reading what is left of the request body', async () => {
		const consumed = { done: false };
		const request = upload(consumed);
		const response = await answer(async () => {
			throw refusal(413, 'error_file_too_large');
		}, request);
		expect(response.status).toBe(413);
		expect(response.headers.get('content-type')).toMatch(/^application\/json/);
		expect(await response.json()).toEqual({ error: '文件超过 20 MB，请拆分后再上传。', code: 'error_file_too_large' });
		expect(consumed.done).toBe(true);
		expect(request.bodyUsed).toBe(true);
	});

	it('leaves the body alone without the request, and passes answers and other errors through', async () => {
		const consumed = { done: false };
		const request = upload(consumed);
		expect((await refusalResponse(refusal(401, 'error_not_signed_in'))).status).toBe(401);
		expect(request.bodyUsed).toBe(false);
		const ok = await answer(async () => new Response('fine'));
		expect(await ok.text()).toBe('fine');
		await expect(answer(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
	});
});

/** Every `.ts`/`.svelte` source under a folder, tests left out. */
function sources(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return sources(path);
		return /\.(ts|svelte)$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
	});
}

describe('server refusals', () => {
	const files = [...sources('src/lib/server'), ...sources('src/routes')];

	it('come from the message catalogue, not hand-written bilingual strings', () => {
		expect(files.length).toBeGreaterThan(50);
		// '中文。 English' — a Chinese full stop (or ！？) then an English sentence, in one literal.
		const bilingual = /[。！？]\s+["'(]?[A-Z]/;
		const offenders = files.flatMap((path) =>
			readFileSync(path, 'utf8')
				.split('\n')
				.map((line, index) => ({ path, line: index + 1, text: line.trim() }))
				.filter(({ text }) => bilingual.test(text))
		);
		expect(offenders).toEqual([]);
	});

	it('go through HttpRefusal only', () => {
		const retired = /\b(StructureError|PeopleError|jsonError|notSignedIn)\b|json\(\s*\{\s*error:/;
		expect(files.filter((path) => retired.test(readFileSync(path, 'utf8')))).toEqual([]);
	});
});
