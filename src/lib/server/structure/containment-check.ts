import { outsidePart } from '../../domain/containment';
import type { Polygonal } from '../../domain/geojson';
import * as m from '../../paraglide/messages';
import { HttpRefusal } from '../refusal';

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

const kindNames: Record<ChildKind | ParentKind, () => string> = {
	building: m.kind_building,
	microGrid: m.kind_micro_grid,
	grid: m.kind_grid
};

function describe(problem: ContainmentProblem): string {
	const area = Math.max(1, Math.round(problem.area));
	return m.containment_problem({
		kind: kindNames[problem.kind](),
		name: problem.name,
		area,
		parent: kindNames[problem.parentKind](),
		parentName: problem.parentName
	});
}

/** 409 with every problem, unless the user confirmed on purpose. */
export function requireContained(problems: ContainmentProblem[], confirm: boolean | undefined): void {
	if (problems.length === 0 || confirm) return;
	const shown = problems.slice(0, 3).map(describe).join(m.containment_separator());
	const more = problems.length > 3 ? m.containment_more({ count: problems.length, rest: problems.length - 3 }) : '';
	throw new HttpRefusal(409, 'error_outside_parent', { problems: shown, more }, { problems });
}
