import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resultBase } from '../../bench/board/results';

const made: string[] = [];
afterEach(() => made.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('benchmark result names', () => {
	it('never overwrite a run of the same minute', () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'bench-results-'));
		made.push(dir);
		const at = new Date('2026-12-05T21:13:40Z');
		const first = resultBase(dir, 'long-life', at);
		expect(first).toBe(path.join(dir, 'long-life-2026-12-05T21-13'));
		writeFileSync(`${first}.md`, '');
		const second = resultBase(dir, 'long-life', at);
		expect(second).toBe(`${first}-2`);
		writeFileSync(`${second}.json`, '');
		expect(resultBase(dir, 'long-life', at)).toBe(`${first}-3`);
		expect(resultBase(dir, 'sync', at), 'another benchmark of the same minute').toBe(path.join(dir, 'sync-2026-12-05T21-13'));
	});
});
