import { outsidePart } from '../../domain/containment';
import type { Polygonal } from '../../domain/geojson';
import { StructureError } from './errors';

type ChildKind = 'building' | 'microGrid';
type ParentKind = 'microGrid' | 'grid';
type Area = { id: string | null; name: string; geometry: Polygonal | null };

export type ContainmentProblem = {
	kind: ChildKind;
	id: string | null;
	name: string;
	parentKind: ParentKind;
	parentId: string;
	parentName: string;
	outside: Polygonal;
	area: number;
};

/** One child and the parent it should lie inside. */
export type ContainmentPair = { kind: ChildKind; child: Area; parentKind: ParentKind; parent: Area & { id: string } };

/** Every child that sticks out of its parent; a parent or child without geometry is not checked. */
export function containmentProblems(pairs: ContainmentPair[]): ContainmentProblem[] {
	const problems: ContainmentProblem[] = [];
	for (const { kind, child, parentKind, parent } of pairs) {
		if (!child.geometry || !parent.geometry) continue;
		const outside = outsidePart(child.geometry, parent.geometry);
		if (!outside) continue;
		problems.push({
			kind,
			id: child.id,
			name: child.name,
			parentKind,
			parentId: parent.id,
			parentName: parent.name,
			outside: outside.geometry,
			area: Math.round(outside.area * 10) / 10
		});
	}
	return problems;
}

const kindNames: Record<ChildKind | ParentKind, [string, string]> = {
	building: ['楼栋', 'building'],
	microGrid: ['微网格', 'micro-grid'],
	grid: ['网格', 'grid']
};

function describe(problem: ContainmentProblem): [string, string] {
	const [kind, kindEn] = kindNames[problem.kind];
	const [parent, parentEn] = kindNames[problem.parentKind];
	const area = Math.max(1, Math.round(problem.area));
	return [
		`${kind}「${problem.name}」有约 ${area} 平方米在${parent}「${problem.parentName}」之外`,
		`${kindEn} "${problem.name}" has about ${area} m² outside ${parentEn} "${problem.parentName}"`
	];
}

/** 409 with every problem, unless the user confirmed on purpose. */
export function requireContained(problems: ContainmentProblem[], confirm: boolean | undefined): void {
	if (problems.length === 0 || confirm) return;
	const shown = problems.slice(0, 3).map(describe);
	const more = problems.length > 3 ? [`等 ${problems.length} 处`, ` and ${problems.length - 3} more`] : ['', ''];
	throw new StructureError(
		409,
		`${shown.map((d) => d[0]).join('；')}${more[0]}。确认无误请再次提交并确认。 ` +
			`${shown.map((d) => d[1]).join('; ')}${more[1]}. Send it again with confirm: true to save anyway.`,
		{ problems }
	);
}
