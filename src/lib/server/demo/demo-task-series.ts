/**
 * The tasks of the demo's eight weeks: each grid chief's weekly round (每周入户走访, one round a
 * week, the last still open), two weeks of evening checks for e-bikes charging indoors, and the
 * secretary's and chiefs' one-off campaigns, one of them still running.
 */
import type { TaskKind } from '../../domain/community-doc';
import type { DemoCalendar } from './demo-calendar';
import { gridName } from './demo-community';
import type { VisitStyle } from './demo-visits';

export type TaskSpec = {
	/** Names the task's random source and, for a series, the liaisons' place in it. */
	key: string;
	series?: string;
	title: string;
	kind: TaskKind;
	instructions: string;
	/** Grid indexes (0–4) whose buildings are the scope. */
	grids: number[];
	/** Username-like role: the grid's chief, or the secretary. */
	by: { chiefOf: number } | 'secretary';
	createdAt: number;
	dueAt: number | null;
	/** Null: still open. */
	closedAt: number | null;
	/** Index of the first round among the specs, for later rounds. */
	round?: { number: number; first: string };
	style: VisitStyle;
	chiefNotes?: readonly string[];
};

const allGrids = [0, 1, 2, 3, 4];
const weekly = {
	instructions: '请各微网格联络员本周内走访责任楼栋，了解住户近况，留意楼道堆物、电动车充电等安全隐患；无人应门的标记“不在家”，周末再补访。'
};
const weeklyNotes = ['本周重点：楼道堆物和电动车充电', '近期天气炎热，走访时注意防暑', '请在周日晚上前完成，未遇到的住户做好记录', '上周不在家的住户请优先补访'];

function weeklyRounds(calendar: DemoCalendar): TaskSpec[] {
	const mondays = calendar.mondays(56);
	return allGrids.flatMap((grid) =>
		mondays.map((monday, index): TaskSpec => {
			const createdAt = calendar.at(monday, 8, 25 + grid * 7);
			const next = mondays[index + 1];
			const closedAt = next === undefined ? null : calendar.at(next, 8, 20 + grid * 7);
			return {
				key: `weekly-${grid}-${index}`,
				series: 'weekly',
				title: `${gridName(grid)}每周入户走访`,
				...weekly,
				kind: 'check',
				grids: [grid],
				by: { chiefOf: grid },
				createdAt,
				dueAt: calendar.at(monday - 6, 20),
				closedAt,
				round: { number: index + 1, first: `weekly-${grid}-0` },
				style: { sessions: 2, share: 0, when: 'days', revisit: 0.5 },
				chiefNotes: weeklyNotes
			};
		})
	);
}

/** Tuesday and Thursday evenings of the weeks two and three weeks ago. */
function eveningChecks(calendar: DemoCalendar): TaskSpec[] {
	const nights: number[] = [];
	for (let daysAgo = 21; daysAgo >= 8; daysAgo--) if ([2, 4].includes(calendar.weekday(daysAgo))) nights.push(daysAgo);
	return allGrids.flatMap((grid) =>
		nights.map(
			(night, index): TaskSpec => ({
				key: `night-${grid}-${index}`,
				series: 'night',
				title: `${gridName(grid)}电动车入户充电夜查`,
				kind: 'safety',
				instructions: '今晚请到责任楼栋抽查电动车、电瓶入户和楼道充电情况，发现问题当场劝导并拍照上报。',
				grids: [grid],
				by: { chiefOf: grid },
				createdAt: calendar.at(night, 17, 30 + grid * 4),
				dueAt: calendar.at(night, 21, 30),
				closedAt: calendar.at(night - 1, 8, 40 + grid * 3),
				round: { number: index + 1, first: `night-${grid}-0` },
				style: { sessions: 1, share: 0.16, when: 'night', revisit: 0 }
			})
		)
	);
}

function campaigns(calendar: DemoCalendar): TaskSpec[] {
	const days = (sessions: number, share: number, revisit: number): VisitStyle => ({ sessions, share, when: 'days', revisit });
	return [
		{
			key: 'gas',
			title: '燃气安全入户排查',
			kind: 'safety',
			instructions: '配合燃气公司开展入户安全排查：检查燃气软管、报警器和灶具熄火保护，发现隐患标记“有问题”并注明情况。',
			grids: allGrids,
			by: 'secretary',
			createdAt: calendar.at(49, 9),
			dueAt: calendar.at(36, 18),
			closedAt: calendar.at(35, 10),
			style: days(5, 0.95, 0.7)
		},
		{
			key: 'elderly',
			title: '独居老人关爱走访',
			kind: 'check',
			instructions: '走访本网格独居、空巢老人家庭，了解身体和生活情况，需要帮助的及时报告网格长。',
			grids: [1],
			by: { chiefOf: 1 },
			createdAt: calendar.at(44, 9, 10),
			dueAt: calendar.at(40, 18),
			closedAt: calendar.at(39, 9),
			style: days(2, 0.3, 0.3)
		},
		{
			key: 'flood',
			title: '华建雅筑汛前隐患排查',
			kind: 'safety',
			instructions: '汛期将至，请排查老旧楼栋屋面渗漏、地下室和一楼住户进水隐患，有问题的注明位置。',
			grids: [3, 4],
			by: 'secretary',
			createdAt: calendar.at(27, 9, 30),
			dueAt: calendar.at(20, 18),
			closedAt: calendar.at(19, 9, 30),
			style: days(3, 0.85, 0.5)
		},
		{
			key: 'fraud',
			title: '防范电信诈骗入户宣传',
			kind: 'publicity',
			instructions: '入户发放防诈骗宣传单，提醒住户安装国家反诈中心 App，重点关注老年住户。',
			grids: allGrids,
			by: 'secretary',
			createdAt: calendar.at(24, 10),
			dueAt: calendar.at(10, 18),
			closedAt: calendar.at(9, 9),
			style: days(3, 0.7, 0.3)
		},
		{
			key: 'clutter',
			title: '楼道堆物清理告知',
			kind: 'publicity',
			instructions: '告知住户本周五前自行清理楼道堆放物品，逾期由物业统一清理。',
			grids: [4],
			by: { chiefOf: 4 },
			createdAt: calendar.at(6, 9, 20),
			dueAt: calendar.at(3, 18),
			closedAt: calendar.at(2, 8, 50),
			style: days(2, 0.6, 0.3)
		},
		{
			key: 'register',
			title: '出租房屋和流动人口信息登记',
			kind: 'register',
			instructions: '逐户核实出租房屋和流动人口信息，新入住租户请提醒房东到社区登记；本月底前完成。',
			grids: allGrids,
			by: 'secretary',
			createdAt: calendar.at(12, 9),
			dueAt: calendar.at(-5, 18),
			closedAt: null,
			style: days(4, 0.85, 0.5)
		}
	];
}

export function taskSpecs(calendar: DemoCalendar): TaskSpec[] {
	return [...weeklyRounds(calendar), ...eveningChecks(calendar), ...campaigns(calendar)];
}
