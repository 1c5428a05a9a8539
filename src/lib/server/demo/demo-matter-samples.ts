/**
 * The demo's matters over eight weeks, every state among them, and what happened to each. Times
 * are `[day, hour, minute]`: `day` is days before today, or relative to one of the two weekly
 * 会商 (`'m1'` two weeks ago, `'m2'` a week ago; `'m1+1'` is the day after the first).
 * `by` is a username, or `handler` for whoever the matter was routed to.
 */
import type { MatterAction } from '../../domain/matters';
import type { ReturnReason } from '../../domain/matter-view';

export type When = [day: number | string, hour: number, minute?: number];
export type Destination = 'property' | 'street' | `community:${string}`;
export type SampleStep = {
	action: MatterAction;
	by: string;
	at: When;
	note?: string;
	/** Route: where to. */
	to?: Destination;
	/** Verify: passed or not. */
	pass?: boolean;
	/** Return: why. */
	reasonKind?: ReturnReason;
	/** Extend: days past the current due time. */
	days?: number;
	/** Decide-extension: approved or not. */
	approve?: boolean;
	/** Merge: the sample it goes into. */
	into?: string;
	/** Taken at the 会商 (its decisions make the minutes). */
	meeting?: 1 | 2;
};
export type MatterSample = {
	key: string;
	/** Reporter: liaison number (1–31); the building is that liaison's `building`-th (default the first). */
	liaison: number;
	building?: number;
	category: string;
	description: string;
	reported: When;
	urgent?: boolean;
	handledOnSpot?: boolean;
	/** Reported by a resident through the liaison's public sign: waits to be checked. */
	resident?: boolean;
	steps: SampleStep[];
};

const route = (by: string, at: When, to: Destination = 'property', meeting?: 1 | 2): SampleStep => ({ action: 'route', by, at, to, meeting });
const accept = (at: When): SampleStep => ({ action: 'accept', by: 'handler', at });
const resolve = (at: When, note: string): SampleStep => ({ action: 'resolve', by: 'handler', at, note });
const verify = (by: string, at: When, pass = true, note?: string): SampleStep => ({ action: 'verify', by, at, pass, note });
const remind = (by: string, at: When, note: string): SampleStep => ({ action: 'remind', by, at, note });
const done = (liaison: string, times: [When, When, When, When], note: string, routedBy: string, to: Destination = 'property'): SampleStep[] => [
	route(routedBy, times[0], to),
	accept(times[1]),
	resolve(times[2], note),
	verify(liaison, times[3])
];

export const matterSamples: MatterSample[] = [
	{ key: 'lamp-13', liaison: 4, category: 'street-lamp', description: '13号楼北侧两盏路灯不亮，夜间出行不便', reported: [52, 19, 40], steps: done('liaison04', [[51, 9, 5], [51, 10, 20], [51, 16, 30], [50, 19, 30]], '已更换灯泡两只', 'chief1') },
	{ key: 'drain-8', liaison: 22, category: 'rain-pipe', description: '8号楼东侧雨水井堵塞，下雨时门前积水', reported: [49, 8, 20], steps: done('liaison22', [[49, 9], [49, 11], [48, 15], [47, 18, 40]], '已疏通雨水井并清理淤泥', 'chief4') },
	{
		key: 'bins-west',
		liaison: 9,
		category: 'environment',
		description: '小区西门垃圾桶满溢，气味较大',
		reported: [47, 18, 10],
		steps: [route('chief2', [46, 8, 50]), accept([46, 14]), remind('chief2', [43, 9, 30], '已超期，请尽快处理'), resolve([42, 17], '已增加垃圾清运频次'), verify('liaison09', [41, 19])]
	},
	{ key: 'ads-1', liaison: 1, category: 'stairwell', description: '1号楼2单元楼道小广告，已当场清除', reported: [45, 19, 20], handledOnSpot: true, steps: [] },
	{ key: 'trees-6', liaison: 27, category: 'replanting', description: '6号楼南侧绿化带三棵桂花树枯死，需补种', reported: [44, 10], steps: done('liaison27', [[43, 9, 10], [43, 10], [41, 15], [41, 18]], '已补种桂花树三棵', 'chief5') },
	{
		key: 'noise-18',
		liaison: 25,
		category: 'neighbours',
		description: '18号楼楼上装修噪音扰民，邻里发生争执',
		reported: [40, 20, 30],
		steps: done('liaison25', [[39, 9], [39, 9, 30], [37, 17], [36, 19]], '已上门调解，双方约定每天施工时间', 'secretary', 'community:chief4')
	},
	{ key: 'door-15', liaison: 11, category: 'security', description: '15号楼单元门禁损坏，外来人员随意进出', urgent: true, reported: [38, 8, 40], steps: done('liaison11', [[38, 9, 30], [38, 10], [38, 16], [37, 20]], '已更换门禁控制器', 'chief2') },
	{
		key: 'manhole-east',
		liaison: 30,
		category: 'other',
		description: '小区东门外市政道路井盖破损，车辆经过声响很大',
		reported: [35, 7, 50],
		steps: done('liaison30', [[34, 9], [33, 10], [27, 15], [26, 9, 30]], '已由市政养护部门更换井盖', 'secretary', 'street')
	},
	{ key: 'light-11', liaison: 16, category: 'stairwell', description: '11号楼楼道灯不亮，已联系物业电工当场修好', reported: [33, 20], handledOnSpot: true, steps: [] },
	{ key: 'garage-25', liaison: 19, category: 'rain-pipe', description: '25号楼地下车库入口排水沟堵塞', reported: [31, 7, 50], steps: done('liaison19', [[31, 8, 30], [31, 9, 10], [30, 14], [29, 19, 30]], '已清理排水沟', 'chief3') },
	{ key: 'bikes-17', liaison: 6, category: 'environment', description: '17号楼北侧共享单车乱停放，堵塞消防通道', reported: [28, 18], steps: done('liaison06', [[27, 9], [27, 9, 40], [26, 11], [25, 18, 30]], '已清理并划定停放区域', 'chief1') },
	{
		key: 'roof-4',
		liaison: 21,
		category: 'rain-pipe',
		description: '4号楼屋面漏水，顶楼住户室内渗水',
		reported: [24, 9],
		steps: [route('chief4', [24, 10]), accept([24, 11]), resolve([23, 16], '已修补屋面防水层'), verify('liaison21', [21, 10], false, '下雨后仍有渗水'), resolve([20, 15], '重新铺设防水卷材'), verify('liaison21', [18, 19])]
	},
	{ key: 'quilts-13', liaison: 29, category: 'environment', description: '13号楼前绿地晾晒被褥，已劝导收回', reported: [20, 16, 30], handledOnSpot: true, steps: [] },
	{
		key: 'fumes',
		liaison: 14,
		category: 'other',
		description: '反映小区外沿街商铺油烟扰民',
		reported: ['m1-2', 19],
		steps: [{ action: 'reject', by: 'secretary', at: ['m1', 14, 45], meeting: 1, note: '不属于小区管理范围，已告知反映人拨打12345向城管部门反映' }]
	},
	{
		key: 'lift-23',
		liaison: 7,
		category: 'facilities',
		description: '23号楼电梯近一周频繁故障停运',
		reported: ['m1-1', 8, 30],
		steps: [route('secretary', ['m1', 14, 55], 'property', 1), accept(['m1+1', 9]), remind('secretary', [3, 10], '请物业本周内给出维修方案')]
	},
	{
		key: 'leak-18',
		liaison: 25,
		category: 'neighbours',
		description: '楼上漏水引发邻里矛盾，双方多次协商未果',
		reported: ['m1-3', 20],
		steps: [route('secretary', ['m1', 15, 5], 'street', 1), accept(['m1+1', 10])]
	},
	{ key: 'furniture-19', liaison: 12, category: 'stairwell', description: '19号楼楼道堆放旧家具', reported: ['m1-3', 18, 20], steps: [route('secretary', ['m1', 15, 15], 'property', 1), accept(['m1+1', 9, 20]), resolve(['m1+2', 10], '已清运旧家具'), verify('liaison12', ['m1+3', 18, 30])] },
	{
		key: 'branches-11',
		liaison: 23,
		category: 'greenery',
		description: '11号楼旁大树枝干伸入住户阳台',
		reported: ['m1-1', 17],
		steps: [
			route('secretary', ['m1', 15, 25], 'property', 1),
			{ action: 'return', by: 'handler', at: ['m1+1', 10], reasonKind: 'not-our-duty', note: '该树属于市政绿化，不在物业服务范围' }
		]
	},
	{
		key: 'shed-8',
		liaison: 3,
		category: 'security',
		description: '8号楼一楼住户在公共绿地私自搭建棚子',
		reported: ['m1', 9],
		steps: [route('secretary', ['m2', 14, 50], 'community:chief1', 2), accept(['m2', 16, 30])]
	},
	{ key: 'lamps-21', liaison: 18, category: 'street-lamp', description: '21号楼和22号楼之间两盏路灯不亮', reported: ['m2-2', 19, 30], steps: [route('secretary', ['m2', 14, 55], 'property', 2), accept(['m2', 17]), resolve([2, 15], '已更换灯具')] },
	{
		key: 'lamp-22',
		liaison: 18,
		building: 1,
		category: 'street-lamp',
		description: '22号楼门前路灯不亮',
		reported: ['m2-1', 20],
		steps: [{ action: 'merge', by: 'secretary', at: ['m2', 15], into: 'lamps-21', meeting: 2, note: '与21号楼路灯问题为同一线路' }]
	},
	{
		key: 'chargers',
		liaison: 31,
		category: 'other',
		description: '居民希望小区增设电动车充电桩',
		reported: ['m2-3', 10],
		steps: [{ action: 'reject', by: 'secretary', at: ['m2', 15, 20], meeting: 2, note: '属于建议类诉求，已转业委会研究，不作为事项办理' }]
	},
	{
		key: 'tiles-14',
		liaison: 24,
		category: 'facilities',
		description: '14号楼外墙瓷砖脱落，存在坠落风险',
		reported: ['m2-1', 10],
		steps: [
			route('secretary', ['m2', 15, 30], 'property', 2),
			accept(['m2', 16]),
			{ action: 'extend', by: 'handler', at: [2, 11], days: 10, note: '需搭设脚手架并联系专业施工队，申请延期十天' }
		]
	},
	{ key: 'camera-1', liaison: 20, category: 'security', description: '地下车库入口监控摄像头损坏', reported: [5, 9], steps: [route('chief4', [5, 10]), accept([5, 11]), resolve([3, 15], '已更换摄像头')] },
	{
		key: 'cover-8',
		liaison: 3,
		category: 'rain-pipe',
		description: '雨水井盖缺失，夜间有安全隐患',
		urgent: true,
		reported: [3, 21],
		steps: [route('chief1', [3, 21, 20]), accept([2, 8, 30]), remind('chief1', [2, 14], '请今天内处理')]
	},
	{ key: 'lamp-east', liaison: 2, category: 'street-lamp', description: '东门路灯不亮已两晚', reported: [3, 19], steps: [route('secretary', [2, 9])] },
	{ key: 'rubbish-10', liaison: 28, building: 1, category: 'environment', description: '10号楼门前垃圾清运不及时', reported: [1, 8], steps: [route('chief5', [1, 9, 30])] },
	{ key: 'boxes-1', liaison: 1, category: 'stairwell', description: '1号楼3单元楼道堆放纸箱杂物，影响通行', reported: [1, 19, 30], steps: [] },
	{ key: 'charging-7', liaison: 15, category: 'safety', description: '7号楼楼道内有电动车飞线充电', urgent: true, reported: [1, 20, 40], steps: [] },
	{ key: 'tank-3', liaison: 26, category: 'facilities', description: '居民扫码反映：3号楼楼顶水箱夜间有异响', resident: true, reported: [1, 22, 10], steps: [] },
	{ key: 'clutter-10', liaison: 10, category: 'stairwell', description: '10号楼楼道杂物，已当场劝导住户清理', reported: [2, 19], handledOnSpot: true, steps: [] }
];
