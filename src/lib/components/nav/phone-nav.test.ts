import { describe, expect, it } from 'vitest';
import { phoneNav } from './phone-nav';

const items = ['/', '/overview', '/tasks', '/map', '/matters', '/people', '/diary/team'].map((href) => ({ href }));
const hrefs = (list: { href: string }[]) => list.map((item) => item.href);

describe('the phone nav bar', () => {
	it('shows five places or fewer as they are', () => {
		const liaison = [...items.slice(0, 1), ...items.slice(2, 5), { href: '/diary' }];
		expect(phoneNav(liaison, (href) => href === '/')).toEqual({ bar: liaison, more: [] });
	});

	it('puts the rest under 更多, and keeps the current page in the bar', () => {
		const onHome = phoneNav(items, (href) => href === '/');
		expect(hrefs(onHome.bar)).toEqual(['/', '/overview', '/tasks', '/map']);
		expect(hrefs(onHome.more)).toEqual(['/matters', '/people', '/diary/team']);
		const onDiary = phoneNav(items, (href) => href === '/diary/team');
		expect(hrefs(onDiary.bar)).toEqual(['/', '/overview', '/tasks', '/diary/team']);
		expect(hrefs(onDiary.more)).toEqual(['/map', '/matters', '/people']);
	});

	it('leaves out what another link stands in for, unless it is the page shown', () => {
		const withMeeting = [...items.slice(0, 4), { href: '/consultation', phone: 'none' as const }];
		expect(hrefs(phoneNav(withMeeting, () => false).bar)).toEqual(['/', '/overview', '/tasks', '/map']);
		expect(hrefs(phoneNav(withMeeting, (href) => href === '/consultation').bar)).toContain('/consultation');
	});
});
