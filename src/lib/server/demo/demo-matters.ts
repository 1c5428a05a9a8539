/**
 * A few matters in every state for the demo community, so `npm start` shows the matters pages
 * at work. Only when the demo is seeded by `npm start` (DEMO_SAMPLES=1); tests start without them.
 */
import { and, asc, eq } from 'drizzle-orm';
import { communityZone, defaultLimits, matterDueAt } from '../../domain/matter-deadlines';
import type { MatterDestination, MatterStatus } from '../../domain/matters';
import { db } from '../db';
import { buildings, communities, compounds, matterEvents, matters, memberships, microGrids, users } from '../db/schema';
import { newId } from '../ids';
import { communityCategories } from '../matters/matter-categories';

type Step = { action: string; to: MatterStatus; by: string; hoursAgo: number; note?: string; detail?: Record<string, unknown> };
type Sample = { liaison: string; category: string; description: string; urgent?: boolean; hoursAgo: number; handledOnSpot?: boolean; destination?: 'property' | 'community' | 'street'; steps: Step[] };

const samples: Sample[] = [
	{ liaison: 'liaison01', category: 'stairwell', description: '3单元楼道堆放纸箱杂物，影响通行', hoursAgo: 2, steps: [] },
	{ liaison: 'liaison02', category: 'street-lamp', description: '东门路灯不亮已两晚', hoursAgo: 72, destination: 'property', steps: [{ action: 'route', to: 'routed', by: 'secretary', hoursAgo: 50 }] },
	{
		liaison: 'liaison03',
		category: 'rain-pipe',
		description: '雨水井盖缺失，夜间有安全隐患',
		urgent: true,
		hoursAgo: 50,
		destination: 'property',
		steps: [
			{ action: 'route', to: 'routed', by: 'chief1', hoursAgo: 48 },
			{ action: 'accept', to: 'accepted', by: 'property1', hoursAgo: 46 },
			{ action: 'remind', to: 'accepted', by: 'chief1', hoursAgo: 20, note: '请今天内处理' }
		]
	},
	{
		liaison: 'liaison08',
		category: 'replanting',
		description: '绿化带两棵树枯死，需补种',
		hoursAgo: 240,
		destination: 'property',
		steps: [
			{ action: 'route', to: 'routed', by: 'secretary', hoursAgo: 216 },
			{ action: 'accept', to: 'accepted', by: 'property1', hoursAgo: 200 },
			{ action: 'resolve', to: 'resolved', by: 'property1', hoursAgo: 24, note: '已补种两棵香樟' }
		]
	},
	{
		liaison: 'liaison20',
		category: 'security',
		description: '地下车库入口监控损坏',
		hoursAgo: 300,
		destination: 'property',
		steps: [
			{ action: 'route', to: 'routed', by: 'secretary', hoursAgo: 290 },
			{ action: 'accept', to: 'accepted', by: 'property2', hoursAgo: 280 },
			{ action: 'resolve', to: 'resolved', by: 'property2', hoursAgo: 150, note: '已更换摄像头' },
			{ action: 'verify', to: 'closed', by: 'liaison20', hoursAgo: 120, detail: { pass: true } }
		]
	},
	{ liaison: 'liaison01', category: 'stairwell', description: '楼道小广告已当场清除', hoursAgo: 20, handledOnSpot: true, steps: [] },
	{
		liaison: 'liaison25',
		category: 'neighbours',
		description: '楼上漏水引发邻里矛盾，需协调',
		hoursAgo: 100,
		destination: 'street',
		steps: [
			{ action: 'route', to: 'routed', by: 'secretary', hoursAgo: 96 },
			{ action: 'accept', to: 'accepted', by: 'street1', hoursAgo: 90 }
		]
	}
];

export async function seedDemoMatters(now = Date.now()): Promise<void> {
	const [community] = await db().select({ id: communities.id, streetId: communities.streetId }).from(communities).limit(1);
	if (!community) return;
	const categories = await communityCategories(community.id);
	const categoryId = (key: string) => categories.find((c) => c.id === `${community.id}.${key}`)!.id;
	const people = new Map((await db().select({ id: users.id, username: users.username }).from(users)).map((u) => [u.username, u.id]));
	const at = (hoursAgo: number) => new Date(now - hoursAgo * 3_600_000);

	for (const [index, sample] of samples.entries()) {
		const reporter = people.get(sample.liaison)!;
		const [place] = await db()
			.select({ buildingId: buildings.id, microGridId: buildings.microGridId, gridId: microGrids.gridId, orgId: compounds.propertyOrgId })
			.from(memberships)
			.innerJoin(buildings, eq(buildings.microGridId, memberships.microGridId))
			.innerJoin(microGrids, eq(microGrids.id, buildings.microGridId))
			.leftJoin(compounds, eq(compounds.id, buildings.compoundId))
			.where(and(eq(memberships.userId, reporter), eq(memberships.role, 'liaison')))
			.orderBy(asc(buildings.label))
			.limit(1);
		const destination: MatterDestination | null =
			sample.destination === 'property' ? { kind: 'property', orgId: place.orgId! } : sample.destination === 'street' ? { kind: 'street', streetId: community.streetId } : null;
		const routed = sample.steps.find((s) => s.action === 'route');
		const last = sample.steps.at(-1);
		const status: MatterStatus = sample.handledOnSpot ? 'closed' : (last?.to ?? 'reported');
		const id = newId();
		const dueAt = routed && destination ? new Date(matterDueAt(at(routed.hoursAgo).getTime(), destination.kind, !!sample.urgent, defaultLimits, communityZone)) : null;
		const stepAt = (action: string) => {
			const step = [...sample.steps].reverse().find((s) => s.action === action);
			return step ? at(step.hoursAgo) : null;
		};
		await db().insert(matters).values({
			id,
			communityId: community.id,
			clientKey: `demo-sample-${index}`,
			categoryId: categoryId(sample.category),
			buildingId: place.buildingId,
			gridId: place.gridId,
			microGridId: place.microGridId,
			description: sample.description,
			urgent: !!sample.urgent,
			status,
			handledOnSpot: !!sample.handledOnSpot,
			reportedBy: reporter,
			reportedAt: at(sample.hoursAgo),
			destination,
			routedAt: routed ? at(routed.hoursAgo) : null,
			acceptedAt: stepAt('accept'),
			dueAt,
			reminders: sample.steps.filter((s) => s.action === 'remind').length,
			resolvedAt: stepAt('resolve'),
			closedAt: status === 'closed' ? (stepAt('verify') ?? at(sample.hoursAgo)) : null,
			updatedAt: last ? at(last.hoursAgo) : at(sample.hoursAgo)
		});
		let from: MatterStatus = sample.handledOnSpot ? 'closed' : 'reported';
		await db().insert(matterEvents).values({ matterId: id, at: at(sample.hoursAgo), by: reporter, action: sample.handledOnSpot ? 'handle-on-spot' : 'report', from: null, to: from, note: sample.handledOnSpot ? sample.description : '' });
		for (const step of sample.steps) {
			await db()
				.insert(matterEvents)
				.values({ matterId: id, at: at(step.hoursAgo), by: people.get(step.by)!, action: step.action, from, to: step.to, note: step.note ?? '', detail: step.action === 'route' ? { destination } : (step.detail ?? {}) });
			from = step.to;
		}
	}
}
