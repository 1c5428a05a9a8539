/** Invented people for the demo community. Any likeness to real persons is coincidental. */

export type LiaisonKind = 'property' | 'volunteer' | 'enterprise';
export type LiaisonSeed = { name: string; kind: LiaisonKind; partyMember: boolean };

export const secretaryName = '陈慧敏';
export const chiefNames = ['刘晓燕', '孙志强', '赵丽萍', '周海涛', '吴雅琴'];
export const propertyUserNames = ['葛俊峰', '奚晓梅'];
export const streetUserName = '卞志宏';

/** The demo community's hotline (社区服务热线), shown on signs where a person keeps their phone private. */
export const demoHotline = '0514-87221234';

/**
 * Who agreed to have their phone on public signs: a liaison, a chief and the party-member
 * property user of 光明物业; everyone else did not, so the signs show both cases.
 */
export const publicContactUsernames: readonly string[] = ['liaison01', 'chief1', 'property1'];

const seed = (name: string, kind: LiaisonKind, partyMember: boolean): LiaisonSeed => ({
	name,
	kind,
	partyMember
});

/** liaison01…liaison31 in order; grids of 7, 6, 6, 6, 6 micro-grids. */
export const liaisonSeeds: LiaisonSeed[] = [
	seed('钱立新', 'property', true),
	seed('郑秀兰', 'volunteer', false),
	seed('冯国华', 'property', true),
	seed('蒋文斌', 'volunteer', true),
	seed('沈玉梅', 'property', true),
	seed('韩德明', 'enterprise', true),
	seed('杨春霞', 'volunteer', false),

	seed('朱永刚', 'property', true),
	seed('秦淑芬', 'volunteer', false),
	seed('许振华', 'property', false),
	seed('何美玲', 'volunteer', true),
	seed('吕红霞', 'property', true),
	seed('施建平', 'volunteer', false),

	seed('张桂英', 'property', true),
	seed('孔令杰', 'volunteer', false),
	seed('曹晓东', 'property', true),
	seed('严素珍', 'volunteer', true),
	seed('华伟民', 'property', false),
	seed('金翠兰', 'volunteer', false),

	seed('魏长林', 'property', true),
	seed('陶小芳', 'volunteer', true),
	seed('姜明辉', 'property', true),
	seed('戚玉兰', 'volunteer', false),
	seed('谢文涛', 'enterprise', true),
	seed('邹丽华', 'property', true),

	seed('喻德胜', 'property', true),
	seed('柏雪梅', 'volunteer', false),
	seed('章建军', 'property', true),
	seed('苏婉清', 'volunteer', true),
	seed('潘立群', 'property', false),
	seed('范秋菊', 'volunteer', false)
];

const mobilePrefixes = ['138', '151', '187', '139', '158', '182', '135', '159', '189', '136'];

/** Deterministic invented 11-digit mobile number; distinct for index 0…49,999,999. */
export function demoPhone(index: number): string {
	const prefix = mobilePrefixes[index % mobilePrefixes.length];
	const suffix = (17_364_291 + index * 61_803_398) % 100_000_000;
	return prefix + String(suffix).padStart(8, '0');
}
