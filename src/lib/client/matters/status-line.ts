/**
 * A matter's state in plain words for the reporter's list: 已派遣·光明物业 未签收, 签收 09:12.
 * The resolved state asks the reporter to check the work (核实), so it stands out.
 */
import { dueState, type DueState } from '$lib/domain/matter-deadlines';
import type { MatterSummary } from '$lib/domain/matter-view';
import type { MatterStatus } from '$lib/domain/matters';
import * as m from '$lib/paraglide/messages';
import { recentLabel } from '$lib/client/tasks/task-format';

export type StatusTone = 'waiting' | 'routed' | 'working' | 'check' | 'done' | 'ended';

export type StatusLine = {
	label: string;
	tone: StatusTone;
	/** The latest step and its time: 签收 09:12. */
	moment: string;
	/** Amber or red while the handler's time runs. */
	due: DueState;
};

export const toneClasses: Record<StatusTone, string> = {
	waiting: 'bg-amber-100 text-amber-900',
	routed: 'bg-sky-100 text-sky-900',
	working: 'bg-indigo-100 text-indigo-800',
	check: 'bg-violet-600 text-white',
	done: 'bg-emerald-100 text-emerald-800',
	ended: 'bg-stone-200 text-stone-700'
};

type Summary = Pick<MatterSummary, 'status' | 'returned' | 'destinationName' | 'reportedAt' | 'routedAt' | 'acceptedAt' | 'resolvedAt' | 'closedAt' | 'updatedAt' | 'dueAt'>;

const tones: Record<MatterStatus, StatusTone> = {
	unverified: 'waiting',
	reported: 'waiting',
	routed: 'routed',
	accepted: 'working',
	resolved: 'check',
	closed: 'done',
	rejected: 'ended',
	merged: 'ended'
};

/** The state in words alone (a sent report shows it before the list has it). */
export function statusLabel(matter: Pick<Summary, 'status' | 'returned' | 'destinationName'>): string {
	const name = matter.destinationName ?? '';
	switch (matter.status) {
		case 'unverified':
			return m.matter_mine_status_unverified();
		case 'reported':
			return matter.returned ? m.matter_mine_status_returned() : m.matter_mine_status_reported();
		case 'routed':
			return name ? m.matter_mine_status_routed({ name }) : m.matter_mine_status_routed_nameless();
		case 'accepted':
			return m.matter_mine_status_accepted();
		case 'resolved':
			return m.matter_mine_status_resolved();
		case 'closed':
			return m.matter_mine_status_closed();
		case 'rejected':
			return m.matter_mine_status_rejected();
		case 'merged':
			return m.matter_mine_status_merged();
	}
}

function momentOf(matter: Summary, now: number): string {
	const at = (time: number | null, fallback: number) => recentLabel(time ?? fallback, now);
	switch (matter.status) {
		case 'routed':
			return m.matter_moment_routed({ time: at(matter.routedAt, matter.updatedAt) });
		case 'accepted': {
			const time = at(matter.acceptedAt, matter.updatedAt);
			return matter.destinationName ? m.matter_moment_accepted_by({ name: matter.destinationName, time }) : m.matter_moment_accepted({ time });
		}
		case 'resolved':
			return m.matter_moment_resolved({ time: at(matter.resolvedAt, matter.updatedAt) });
		case 'closed':
			return m.matter_moment_closed({ time: at(matter.closedAt, matter.updatedAt) });
		case 'rejected':
		case 'merged':
			return m.matter_moment_updated({ time: at(null, matter.updatedAt) });
		default:
			return m.matter_moment_reported({ time: at(null, matter.reportedAt) });
	}
}

export function statusLine(matter: Summary, now: number = Date.now()): StatusLine {
	const running = matter.status === 'routed' || matter.status === 'accepted';
	return {
		label: statusLabel(matter),
		tone: tones[matter.status],
		moment: momentOf(matter, now),
		due: running ? dueState(matter.dueAt, now) : 'on-time'
	};
}
