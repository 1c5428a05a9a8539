import { describe, expect, it } from 'vitest';
import {
	communityDay,
	communityTime,
	daysLate,
	digestDue,
	digestMomentOf,
	digestMomentOfWeek,
	escapeMarkdown,
	householdShare,
	listed,
	mentionablePhone,
	sentence,
	morningAfter,
	morningReportDue,
	percentOf,
	plainText,
	userText,
	weekKey
} from './notice-text';

const hour = 3_600_000;
/** Beijing wall time as epoch ms (UTC+8, no daylight saving). */
const beijing = (month: number, day: number, h: number, m = 0) => Date.UTC(2026, month - 1, day, h - 8, m);

describe('times on the community clock', () => {
	it('reads Asia/Shanghai whatever the server zone, across the UTC date line', () => {
		expect(communityTime(Date.UTC(2026, 11, 4, 14))).toBe('12月4日 22:00');
		expect(communityTime(Date.UTC(2026, 11, 4, 16, 5))).toBe('12月5日 00:05');
		expect(communityDay(Date.UTC(2026, 11, 31, 17))).toBe('1月1日');
	});

	it('the morning report is the first 08:00 after the due time, for 12 hours', () => {
		expect(morningAfter(beijing(12, 3, 22))).toBe(beijing(12, 4, 8));
		expect(morningAfter(beijing(12, 4, 7, 59))).toBe(beijing(12, 4, 8));
		// Exactly at 08:00 the morning is the next day's: the due time has not passed yet.
		expect(morningAfter(beijing(12, 4, 8))).toBe(beijing(12, 5, 8));
		expect(morningReportDue(beijing(12, 3, 22), beijing(12, 4, 7, 59))).toBe(false);
		expect(morningReportDue(beijing(12, 3, 22), beijing(12, 4, 8))).toBe(true);
		expect(morningReportDue(beijing(12, 3, 22), beijing(12, 4, 19, 59))).toBe(true);
		expect(morningReportDue(beijing(12, 3, 22), beijing(12, 4, 20))).toBe(false);
	});

	it('the digest is Monday 08:00 community time, keyed by that Monday', () => {
		// 2026-11-30 is a Monday.
		expect(digestMomentOfWeek(beijing(12, 3, 15))).toBe(beijing(11, 30, 8));
		expect(digestMomentOfWeek(beijing(12, 6, 23, 59))).toBe(beijing(11, 30, 8));
		// Monday 00:30 Beijing is still Sunday in UTC: the week is Beijing's.
		expect(digestMomentOfWeek(beijing(12, 7, 0, 30))).toBe(beijing(12, 7, 8));
		expect(digestDue(beijing(12, 7, 7, 59))).toBeNull();
		expect(digestDue(beijing(12, 7, 8))).toEqual({ at: beijing(12, 7, 8), week: '2026-12-07' });
		expect(digestDue(beijing(12, 7, 20))).toBeNull();
		expect(weekKey(beijing(11, 30, 8))).toBe('2026-11-30');
		expect(digestMomentOf('2026-11-30')).toBe(beijing(11, 30, 8));
		expect(digestMomentOf('30/11/2026')).toBeNull();
	});

	it('counts days late as begun days, at least one', () => {
		expect(daysLate(0, 1)).toBe(1);
		expect(daysLate(0, 24 * hour)).toBe(1);
		expect(daysLate(0, 24 * hour + 1)).toBe(2);
	});
});

describe('user text in group markdown', () => {
	it('cannot make a link, an image or bold text', () => {
		const text = userText('看这里[x](http://evil) ![p](https://evil/p.png) **加粗** <a href=x>');
		expect(text).not.toMatch(/[[\]()*<>]/);
		expect(text).not.toContain('://');
		expect(text).toBe('看这里［x］（http：//evil） ！［p］（https：//evil/p.png） ＊＊加粗＊＊ ＜a href=x＞');
	});

	it('cannot start a heading, a quote, a list or code, nor mention anyone', () => {
		expect(escapeMarkdown('# 标题 > 引用 `code` ~~删~~ _斜_ |表| @13800000000 \\')).toBe('＃ 标题 ＞ 引用 ｀code｀ ～～删～～ ＿斜＿ ｜表｜ ＠13800000000 ＼');
	});

	it('a newline flood becomes one line; long text is cut with an ellipsis', () => {
		expect(plainText('第一行\n\n\n\n\n\n第二行\r\n\t第三行', 100)).toBe('第一行 第二行 第三行');
		expect(userText('\n'.repeat(500) + '**' + '\n'.repeat(500))).toBe('＊＊');
		expect(plainText('一二三四五六七八九十', 5)).toBe('一二三四…');
		expect([...plainText('😀'.repeat(10), 5)]).toHaveLength(5);
		expect(plainText('短', 5)).toBe('短');
	});
});

describe('phones to mention', () => {
	it('are digits only: nothing a platform would read as text or markup', () => {
		expect(mentionablePhone('13800001234')).toBe('13800001234');
		expect(mentionablePhone(' 138-0000-1234 ')).toBe('13800001234');
		expect(mentionablePhone('+8613800001234')).toBe('+8613800001234');
		expect(mentionablePhone('')).toBeNull();
		expect(mentionablePhone('138 [x](http://evil)')).toBeNull();
		expect(mentionablePhone('@all')).toBeNull();
	});
});

describe('shares and lists', () => {
	it('rounds down so 100% means done, and says — of nothing', () => {
		expect(percentOf(199, 200)).toBe('99%');
		expect(percentOf(200, 200)).toBe('100%');
		expect(percentOf(0, 0)).toBe('—');
		expect(householdShare(12, 30)).toBe('12/30 户（40%）');
		expect(listed(['1号楼', '2号楼'])).toBe('1号楼、2号楼');
		expect(sentence('楼道堆物')).toBe('楼道堆物。');
		expect(sentence('电梯困人！')).toBe('电梯困人！');
		expect(sentence('')).toBe('');
	});
});
