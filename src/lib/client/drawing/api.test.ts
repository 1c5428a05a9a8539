import { describe, expect, it } from 'vitest';
import { localMessage, structureUrl } from './api';

describe('localMessage', () => {
	it('splits a bilingual server message by language', () => {
		const message = '找不到该楼栋。 No such building.';
		expect(localMessage(message, 'zh-CN')).toBe('找不到该楼栋。');
		expect(localMessage(message, 'en')).toBe('No such building.');
	});

	it('keeps Chinese names quoted in the English part on the English side', () => {
		const message = '楼栋“4号楼”有 12 m² 在微网格“第一网格第1微网格”之外。请确认。 Building 4号楼 sticks out of 第一网格第1微网格 by 12 m².';
		expect(localMessage(message, 'zh-CN')).toBe('楼栋“4号楼”有 12 m² 在微网格“第一网格第1微网格”之外。请确认。');
		expect(localMessage(message, 'en')).toBe('Building 4号楼 sticks out of 第一网格第1微网格 by 12 m².');
	});

	it('finds an English part that starts in lower case or with a quote', () => {
		const message = '楼栋「新楼」有约 12 平方米在微网格「一」之外。确认无误请再次提交并确认。 building "新楼" has about 12 m² outside micro-grid "一". Send it again with confirm: true to save anyway.';
		expect(localMessage(message, 'zh-CN')).toBe('楼栋「新楼」有约 12 平方米在微网格「一」之外。确认无误请再次提交并确认。');
		expect(localMessage(message, 'en')).toMatch(/^building "新楼"/);
	});

	it('keeps a message in one language whole', () => {
		expect(localMessage('Payload too large', 'zh-CN')).toBe('Payload too large');
		expect(localMessage('户号重复：1-101', 'en')).toBe('户号重复：1-101');
	});
});

describe('structureUrl', () => {
	it('names the collection of each kind', () => {
		expect(structureUrl('c1', 'microGrid')).toBe('/api/communities/c1/micro-grids');
		expect(structureUrl('c1', 'building', 'b 2')).toBe('/api/communities/c1/buildings/b%202');
	});
});
