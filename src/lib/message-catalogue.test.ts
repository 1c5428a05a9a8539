import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** Branches add messages side by side (merged as a union): a key added twice would silently keep only its last text. */
describe('message catalogues', () => {
	for (const file of ['messages/zh-CN.json', 'messages/en.json']) {
		it(`${file} names every key once, and both catalogues the same keys`, () => {
			const keys = [...readFileSync(file, 'utf8').matchAll(/^\t"([^"]+)":/gm)].map((match) => match[1]);
			const repeated = keys.filter((key, index) => keys.indexOf(key) !== index);
			expect(repeated).toEqual([]);
			const other = JSON.parse(readFileSync(file.includes('en') ? 'messages/zh-CN.json' : 'messages/en.json', 'utf8'));
			expect(keys.filter((key) => !(key in other))).toEqual([]);
		});
	}
});
