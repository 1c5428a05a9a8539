import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPolygonal } from '../domain/geometry';
import { checkHouseholdCodes, readLedger } from '../domain/household-ledger';
import { answer, HttpRefusal, problemText, refusal, refusalBody, refusalResponse } from './refusal';

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

describe('domain problems', () => {
	it('render their key and parameters in either language, lists joined the language\'s way', () => {
		const check = checkHouseholdCodes(['1-101', '1-101', '1-102', '1-102']);
		expect(check.ok).toBe(false);
		if (check.ok) return;
		expect(problemText(check.problem, 'zh-CN')).toBe('户号重复：1-101、1-102。');
		expect(problemText(check.problem, 'en')).toBe('Duplicate household codes: 1-101, 1-102.');
		const many = checkHouseholdCodes(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
		if (!many.ok) {
			expect(problemText(many.problem, 'zh-CN')).toBe('户号格式不对：a、b、c、d、e 等 7 个。户号应写成“单元-楼层房号”，如 2-301。');
			expect(problemText(many.problem, 'en')).toBe('Invalid household codes: a, b, c, d, e and 2 more. Write unit-floor-room, e.g. 2-301.');
		}
	});

	it('render geometry and ledger problems with their values', () => {
		const bowTie = [[119.4, 32.36], [119.402, 32.362], [119.402, 32.36], [119.4, 32.362], [119.4, 32.36]];
		const check = checkPolygonal({ type: 'Polygon', coordinates: [bowTie] });
		if (check.ok) throw new Error('a bow-tie passed');
		expect(problemText(check.problem, 'zh-CN')).toBe('多边形自相交（在 119.40100, 32.36100 附近），请调整顶点。');
		expect(problemText(check.problem, 'en')).toBe('The polygon crosses itself near 119.40100, 32.36100; move its corners apart.');
		const [error] = readLedger([['楼栋', '单元', '楼层', '房号'], ['4号楼', 1, 3, 401]], [{ id: 'b4', label: '4号楼', compoundName: null }]).errors;
		expect(problemText(error.problem, 'zh-CN')).toBe('房号“401”不对：应是该层的第几户（如 1）或门牌号（如 301）。');
		expect(problemText(error.problem, 'en')).toBe('Room "401" must be the room on the floor (e.g. 1) or the door number (e.g. 301).');
	});

	it('render inside a refusal in the language of the answer, the refusal key as code', () => {
		const check = checkHouseholdCodes([]);
		if (check.ok) throw new Error('an empty list passed');
		const refused = refusal(400, 'error_building_household_codes', { label: '4号楼', problem: check.problem });
		expect(refusalBody(refused, 'zh-CN')).toEqual({ error: '4号楼：户号列表是空的，请至少填写一户。', code: 'error_building_household_codes' });
		expect(refusalBody(refused, 'en')).toEqual({ error: '4号楼: The household list is empty.', code: 'error_building_household_codes' });
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
	// Domain problems travel to the screen as message keys; the client shows catalogue text too.
	const shown = [...files, ...sources('src/lib/domain'), ...sources('src/lib/client'), ...sources('src/lib/components')];

	it('come from the message catalogue, not hand-written bilingual strings', () => {
		expect(files.length).toBeGreaterThan(50);
		expect(shown.length).toBeGreaterThan(files.length + 50);
		// '中文。 English' — a Chinese full stop (or ！？) then an English sentence, in one literal.
		const bilingual = /[。！？]\s+["'(]?[A-Z]/;
		const offenders = shown.flatMap((path) =>
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
