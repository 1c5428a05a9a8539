import type { DashboardView } from '../../domain/oversight/dashboard-view';
import type { TaskContext } from '../../domain/task-context';
import type { Principal } from '../../domain/roles';
import { mayViewOversight, type Standing } from '../../domain/permissions';
import { loadStructure, type CommunityRef } from '../community';
import { taskContext } from '../tasks/task-context';
import { loadDashboard } from './dashboard';

import { overviewLooks as looks, type OverviewLook } from '../../domain/oversight/looks';

export type DashboardPage = {
	community: { id: string; name: string };
	view: DashboardView;
	/** The grid the page is narrowed to (`?grid=`), when the viewer may see it. */
	grid: { id: string; name: string } | null;
	look: OverviewLook;
	taskId: string | null;
	/** For colouring by a task: every building's household codes, as the task map tallies them. */
	taskContext: TaskContext | null;
	readOnly: boolean;
};

/** `/overview`: null for a standing that may not see it (the page says so). */
export async function dashboardPage(principal: Principal, community: CommunityRef & { name: string }, standing: Standing, url: URL): Promise<DashboardPage | null> {
	if (!mayViewOversight(standing)) return null;
	const wantedGrid = url.searchParams.get('grid');
	// Read once for the dashboard and, when the page colours by a task, for its context.
	const structure = await loadStructure(community.id);
	const view = await loadDashboard(standing, Date.now(), wantedGrid, { structure });
	const grid = wantedGrid ? (view.grids.find((g) => g.id === wantedGrid) ?? null) : null;
	const look = looks.find((l) => l === url.searchParams.get('look')) ?? 'visit-age';
	const wantedTask = url.searchParams.get('task');
	const taskId = look === 'task' ? (view.openTasks.find((t) => t.id === wantedTask)?.id ?? view.openTasks[0]?.id ?? null) : null;
	return {
		community: { id: community.id, name: community.name },
		view,
		grid: grid && { id: grid.id, name: grid.name },
		look,
		taskId,
		taskContext: taskId ? await taskContext(principal, community, structure) : null,
		readOnly: standing.watcher && !standing.member
	};
}
