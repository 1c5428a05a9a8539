/**
 * What a page may offer its viewer, computed on the server from the one policy
 * (`permissions.ts`) and sent with the page data. Answers about the community as a whole are
 * settled here; questions about a place or a task's live scope are asked of the same policy
 * functions with `standing`, so a component never writes a rule of its own.
 */
import {
	editableGrids,
	mayAssignChiefs,
	mayCreateGrid,
	mayDispatchTasks,
	mayEditCategories,
	mayHoldConsultation,
	mayKeepDiary,
	mayManagePeople,
	mayPrintSigns,
	mayReadStructureHistory,
	mayReviewDiaries,
	mayReviewMatters,
	mayViewOversight,
	maySeePeople,
	mayViewCommunity,
	mayWrite,
	type Standing
} from './permissions';

export type Capabilities = {
	standing: Standing;
	viewCommunity: boolean;
	/** False for the street office: it watches and sends nothing. */
	write: boolean;
	seePeople: boolean;
	managePeople: boolean;
	createGrid: boolean;
	assignChiefs: boolean;
	readStructureHistory: boolean;
	dispatchTasks: boolean;
	/** The 会商 page and its minutes, the 问题台账 (read-only but for the secretary). */
	reviewMatters: boolean;
	holdConsultation: boolean;
	editCategories: boolean;
	/** A work diary of one's own (liaisons). */
	keepDiary: boolean;
	/** The list of liaisons' diaries (secretary, chiefs, street office). */
	reviewDiaries: boolean;
	/** The oversight dashboard (`/overview`): coverage, attention, trends. */
	oversight: boolean;
	/** Printing 公示牌 somewhere (the secretary; a chief, in its grids: ask `mayPrintSigns` with a place). */
	printSigns: boolean;
	/** The grids whose structure the viewer may edit. */
	editing: { all: boolean; gridIds: string[] };
};

export function capabilitiesOf(standing: Standing): Capabilities {
	return {
		standing,
		viewCommunity: mayViewCommunity(standing),
		write: mayWrite(standing),
		seePeople: maySeePeople(standing),
		managePeople: mayManagePeople(standing),
		createGrid: mayCreateGrid(standing),
		assignChiefs: mayAssignChiefs(standing),
		readStructureHistory: mayReadStructureHistory(standing),
		dispatchTasks: mayDispatchTasks(standing),
		reviewMatters: mayReviewMatters(standing),
		holdConsultation: mayHoldConsultation(standing),
		editCategories: mayEditCategories(standing),
		keepDiary: mayKeepDiary(standing),
		reviewDiaries: mayReviewDiaries(standing),
		oversight: mayViewOversight(standing),
		printSigns: mayPrintSigns(standing),
		editing: editableGrids(standing)
	};
}

/** For a page with no community (a property account on the map): may nothing. */
export function noCapabilities(userId: string): Capabilities {
	return capabilitiesOf({ userId, communityId: '', member: false, secretary: false, chiefGridIds: [], liaisonMicroGridIds: [], watcher: false, propertyOrgIds: [] });
}
