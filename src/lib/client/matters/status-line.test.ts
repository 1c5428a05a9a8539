import { describe, expect, it } from 'vitest';
import { statusLine } from './status-line';

const at = (hhmm: string) => new Date(`2025-03-14T${hhmm}:00`).getTime();
const now = at('18:00');
const base = {
	status: 'reported' as const,
	returned: false,
	destinationName: null,
	reportedAt: at('08:30'),
	routedAt: null,
	acceptedAt: null,
	resolvedAt: null,
	closedAt: null,
	updatedAt: at('08:30'),
	dueAt: null
};

describe('statusLine', () => {
	it('says who has a routed matter and that they have not signed for it', () => {
		const line = statusLine({ ...base, status: 'routed', destinationName: '光明物业', routedAt: at('09:00') }, now);
		expect(line.label).toBe('已派遣·光明物业 未签收');
		expect(line.moment).toBe('派遣 09:00');
		expect(line.tone).toBe('routed');
	});

	it('gives the time of 签收 while in progress, and the due state', () => {
		const line = statusLine({ ...base, status: 'accepted', destinationName: '光明物业', acceptedAt: at('09:12'), dueAt: at('17:00') }, now);
		expect(line.label).toBe('处理中');
		expect(line.moment).toBe('光明物业 签收 09:12');
		expect(line.due).toBe('overdue');
	});

	it('asks the reporter to check a resolved matter', () => {
		const line = statusLine({ ...base, status: 'resolved', resolvedAt: at('16:40') }, now);
		expect(line.label).toBe('已处置·待您核实');
		expect(line.tone).toBe('check');
		expect(line.moment).toBe('处置 16:40');
	});

	it('names the other states plainly', () => {
		expect(statusLine(base, now).label).toBe('已上报·待派遣');
		expect(statusLine({ ...base, returned: true }, now).label).toBe('已退回·待重新派遣');
		expect(statusLine({ ...base, status: 'closed', closedAt: at('17:00') }, now)).toMatchObject({ label: '已结案', moment: '结案 17:00', tone: 'done' });
		expect(statusLine({ ...base, status: 'rejected' }, now).label).toBe('不予受理');
		expect(statusLine({ ...base, status: 'merged' }, now).label).toBe('已合并');
	});

	it('has no due state once the handler is done', () => {
		expect(statusLine({ ...base, status: 'resolved', dueAt: at('09:00') }, now).due).toBe('on-time');
	});
});
