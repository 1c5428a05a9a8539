/**
 * How the demo's liaisons work, so the history has the unevenness of a real community: most
 * go round steadily, some acknowledge late, one has gone quiet for ten days, and three
 * buildings have had nobody at their doors for over a month (the dashboard's attention list).
 */
import type { DemoRandom } from './demo-random';

type AckHabit = 'prompt' | 'normal' | 'late';

export type LiaisonHabit = {
	/** Share of its households a liaison reaches in an ordinary week. */
	weeklyShare: number;
	ack: AckHabit;
	/** Days before today since which the liaison has done nothing at all. */
	quietSinceDaysAgo: number | null;
};

/** liaison17 (第三网格第4微网格) stopped ten days ago: no 收到, no visits since. */
export const quietLiaison = { number: 17, sinceDaysAgo: 10 } as const;

/**
 * Buildings nobody has visited since: [micro-grid number, building index in it, days ago].
 * 光明铂悦华府 20号楼, 华建雅筑 15号楼 and 9号楼, each the other building of a liaison who
 * keeps to the nearer one.
 */
export const neglectedBuildings: readonly (readonly [number, number, number])[] = [
	[12, 1, 33],
	[24, 1, 38],
	[28, 0, 45]
];

/** Volunteers who read the group chat in the evening. */
const lateAckers = new Set([2, 13, 27]);
/** Property staff with the app open at work. */
const promptAckers = new Set([1, 3, 5, 8, 10, 14, 16, 20, 22, 26, 28]);

/** The habit of liaison `number` (1–31), drawn once from the seeded source. */
export function liaisonHabit(number: number, random: DemoRandom): LiaisonHabit {
	return {
		weeklyShare: 0.27 + random.next() * 0.16,
		ack: lateAckers.has(number) ? 'late' : promptAckers.has(number) ? 'prompt' : 'normal',
		quietSinceDaysAgo: number === quietLiaison.number ? quietLiaison.sinceDaysAgo : null
	};
}

/** Minutes from dispatch to 收到, by habit. */
export function ackDelayMinutes(habit: AckHabit, random: DemoRandom): number {
	if (habit === 'prompt') return random.int(2, 35);
	if (habit === 'normal') return random.chance(0.8) ? random.int(15, 150) : random.int(180, 420);
	return random.int(300, 1200);
}

/** What a liaison finds at a door. */
export const doorOutcomes = { visited: 80, absent: 14, refused: 1.5, issue: 4.5 } as const;

/** What an "issue" mark says: hazards at the door, never anything about the people. */
export const issueNotes = [
	'楼道堆放杂物，影响通行',
	'电动车在楼道内充电',
	'燃气软管老化，建议更换',
	'窗户护栏松动',
	'疑似群租，需进一步核实',
	'空调外机支架锈蚀',
	'门口消防通道被占用',
	'下水管道渗漏'
] as const;
