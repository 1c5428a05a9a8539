/**
 * The demo's two weekly 会商 (a fortnight and a week ago, on a working day, 14:30): who came,
 * the minutes as the secretary typed them, and the matters still waiting when each ended.
 * Their decisions are the sample matters' steps marked with the meeting (`demo-matter-samples.ts`).
 */
import type { consultations, matterEvents, matters } from '../db/schema';
import type { DemoCalendar } from './demo-calendar';
import type { MatterSeedContext } from './demo-matters';
import { gridName } from './demo-community';
import { chiefNames, propertyUserNames, secretaryName } from './demo-people';

/** Days before today of the first and the second meeting. */
export type MeetingDays = [number, number];

export function meetingDays(calendar: DemoCalendar): MeetingDays {
	let second = 6;
	while (calendar.isWeekend(second)) second++;
	return [second + 7, second];
}

const everyone = [
	`${secretaryName}（社区书记）`,
	...chiefNames.map((name, i) => `${name}（${gridName(i)}网格长）`),
	`${propertyUserNames[0]}（光明物业）`,
	`${propertyUserNames[1]}（华建物业）`
];

const minutes = [
	[
		'一、通报上周事项办理情况，物业对已派遣事项逐件说明进度。',
		'二、23号楼电梯频繁故障，派光明物业限期维修，要求三日内给出维修方案；19号楼楼道旧家具由物业清运。',
		'三、楼上漏水引发的邻里矛盾多次协商未果，提请街道司法所介入调解。',
		'四、沿街商铺油烟不属于小区管理范围，不予受理，告知居民通过12345反映。',
		'五、8号楼住户在公共绿地搭棚，需第一网格先行核实情况，下次会商再议。',
		'六、各网格继续做好防诈骗入户宣传，下周五前完成。'
	],
	[
		'一、8号楼绿地搭棚经第一网格核实属实，由第一网格长牵头督促整改。',
		'二、21号楼、22号楼路灯同属一条线路，两件合并办理，派光明物业维修。',
		'三、14号楼外墙瓷砖脱落，派华建物业处置，施工期间设置警示围挡。',
		'四、增设充电桩属于建议类诉求，转业委会研究。',
		'五、11号楼旁树木被物业退单，需确认权属后重新派遣，结转下次会商。',
		'六、出租房屋和流动人口信息登记进度偏慢的网格要抓紧推进，月底前完成。'
	]
];

type Played = { row: typeof matters.$inferInsert; events: (typeof matterEvents.$inferInsert)[] };

/** Matters reported before `at` whose timeline left them waiting for routing (or checking) then. */
function waitingAt(played: Played[], at: number): string[] {
	return played
		.filter(({ row }) => (row.reportedAt as Date).getTime() <= at)
		.filter(({ events }) => {
			const last = events.filter((e) => (e.at as Date).getTime() <= at).at(-1)!;
			return last.to === 'reported' || last.to === 'unverified';
		})
		.sort((a, b) => (a.row.reportedAt as Date).getTime() - (b.row.reportedAt as Date).getTime() || a.row.id!.localeCompare(b.row.id!))
		.map(({ row }) => row.id!);
}

export function consultationPlans(context: MatterSeedContext, played: Played[]): (typeof consultations.$inferInsert)[] {
	const { calendar, meetings, meetingIds, places } = context;
	return meetings.map((daysAgo, index) => {
		const endedAt = calendar.at(daysAgo, 16, index === 0 ? 5 : 20);
		return {
			id: meetingIds[index],
			communityId: places.communityId,
			startedAt: new Date(calendar.at(daysAgo, 14, 30)),
			startedBy: places.userIds.get('secretary')!,
			endedAt: new Date(endedAt),
			// 赵丽萍 was out on a home visit the second week.
			attendees: index === 0 ? everyone : everyone.filter((name) => !name.startsWith(chiefNames[2])),
			notes: minutes[index].join('\n'),
			carriedOver: waitingAt(played, endedAt)
		};
	});
}

