/**
 * Who may do what: the one policy. Every rule is a function of a principal's standing in one
 * community and, where it matters, a place in it (a grid, a building, a task's scope). The sync
 * server's write rules (`live-rules.ts`), the HTTP services and the pages' capabilities
 * (`capabilities.ts`) all ask these functions; nothing else decides.
 *
 * | action                     | secretary | chief        | liaison          | street | property |
 * |----------------------------|-----------|--------------|------------------|--------|----------|
 * | view community             | yes       | yes          | yes              | watch  | no       |
 * | see people                 | all       | its grids    | no               | no     | no       |
 * | manage people, grids,      | yes       | no           | no               | no     | no       |
 * |   chiefs, structure history|           |              |                  |        |          |
 * | edit structure in a grid   | yes       | its grids    | no               | no     | no       |
 * | dispatch / manage a task   | yes       | scope in its grids | no         | no     | no       |
 * | record progress (building) | yes       | its grids    | its micro-grids  | no     | no       |
 * | report / confirm a matter  | yes       | its grids    | its micro-grids  | no     | no       |
 * | route, merge, reject       | yes       | urgent, its grids | no          | no     | no       |
 * | accept, return, resolve    | when routed to the person, its company or the street              |
 * | verify a resolved matter   | yes       | its grids    | its own reports  | no     | no       |
 * | hold the 会商 (start, end, | yes       | no           | no               | no     | no       |
 * |   minutes), edit categories|           |              |                  |        |          |
 * | review matters: 会商 page  | yes       | its grids    | no               | watch  | no       |
 * |   read-only, minutes, 台账 |           |              |                  |        |          |
 * | manage a group robot       | community, | its grids    | no               | no     | its      |
 * |   (群机器人)               |  its grids |              |                  |        | company's|
 * | receive Web Push (own      | yes       | yes          | yes              | yes    | yes      |
 * |   devices, quiet hours)    |           |              |                  |        |          |
 * | read a liaison's diary     | any       | its grids'   | its own          | any    | no       |
 * | write a diary (entries,    | no        | no           | its own          | no     | no       |
 * |   done mark)               |           |              |                  |        |          |
 * | comment on a diary         | any (抽查)| its grids'   | no               | no     | no       |
 * |                            |           |  (点评)      |                  |        |          |
 * | oversight: coverage,       | community | its grids    | no               | watch  | no       |
 * |   its reports, dashboard   |           |              |                  |        |          |
 * | print signs (公示牌), read | yes       | its grids    | no               | no     | no       |
 * |   a building's QR code     |           |              |                  |        |          |
 * | rotate a QR code, public-  | yes       | no           | no               | no     | no       |
 * |   contact consent, hotline |           |              |                  |        |          |
 * | see a resident's call-back | yes       | its grids    | its micro-grids  | no     | no       |
 * |   phone on a matter        |           |              |                  |        |          |
 * | suggest micro-grids        | yes       | its grids    | no               | no     | no       |
 * | (a resident: report at a   |  no account: anyone with the building's current QR code      |
 * |   building, 反映问题)       |                                                               |
 */
import type { MatterAction, MatterDestination } from './matters';
import type { RobotScope } from './notices';
import type { Membership, Principal, Role } from './roles';

export type CommunityRef = { id: string; streetId: string };

/** Where a building sits; only buildings of a micro-grid have one. */
export type BuildingPlace = { gridId: string; microGridId: string };

/** A place inside a community as the database knows it: either id may be missing. */
export type Place = { gridId?: string | null; microGridId?: string | null };

/**
 * A principal's standing in one community: everything the rules look at. Computed on the server
 * (`standingIn`) and sent to pages inside their capabilities, so a page asks the same functions
 * about places and scopes that change while it is open.
 */
export type Standing = {
	userId: string;
	communityId: string;
	/** Secretary, chief or liaison here: works inside the community, and may write. */
	member: boolean;
	secretary: boolean;
	chiefGridIds: readonly string[];
	liaisonMicroGridIds: readonly string[];
	/** The street office over this community: sees it all, changes nothing (but handles matters routed to the street). */
	watcher: boolean;
	/** Property companies the principal works for: they handle matters routed to them. */
	propertyOrgIds: readonly string[];
};

const communityRoles: readonly Role[] = ['secretary', 'chief', 'liaison'];

function held(principal: Principal, test: (m: Membership) => boolean): boolean {
	return principal.memberships.some(test);
}

function idsOf(principal: Principal, role: Role, communityId: string, key: 'gridId' | 'microGridId'): string[] {
	const ids = principal.memberships.filter((m) => m.role === role && m.communityId === communityId && m[key]).map((m) => m[key] as string);
	return [...new Set(ids)];
}

/** `community.streetId` is only needed to recognise the street office; the write rules pass the id alone. */
export function standingIn(principal: Principal, community: string | CommunityRef): Standing {
	const { id, streetId } = typeof community === 'string' ? { id: community, streetId: null } : community;
	const member = held(principal, (m) => communityRoles.includes(m.role) && m.communityId === id);
	return {
		userId: principal.userId,
		communityId: id,
		member,
		secretary: held(principal, (m) => m.role === 'secretary' && m.communityId === id),
		chiefGridIds: idsOf(principal, 'chief', id, 'gridId'),
		liaisonMicroGridIds: idsOf(principal, 'liaison', id, 'microGridId'),
		watcher: !member && streetId !== null && held(principal, (m) => m.role === 'street' && m.streetId === streetId),
		propertyOrgIds: [...new Set(principal.memberships.filter((m) => m.role === 'property' && m.orgId).map((m) => m.orgId as string))]
	};
}

const chiefOf = (s: Standing, gridId: string | null | undefined) => !!gridId && s.chiefGridIds.includes(gridId);
const liaisonOf = (s: Standing, microGridId: string | null | undefined) => !!microGridId && s.liaisonMicroGridIds.includes(microGridId);

/* ── The community ─────────────────────────────────────────────────────────────────────── */

/** Structure, people and live coverage: its members, and the street office read-only. */
export function mayViewCommunity(s: Standing): boolean {
	return s.member || s.watcher;
}

/** Anything sent to the live document, or any change over HTTP: members only. */
export function mayWrite(s: Standing): boolean {
	return s.member;
}

/** The people page: the secretary sees everyone, a chief the people of its grids. */
export function maySeePeople(s: Standing): boolean {
	return s.secretary || s.chiefGridIds.length > 0;
}

/** Creating people, editing them, handing out roles, resetting passwords. */
export function mayManagePeople(s: Standing): boolean {
	return s.secretary;
}

/** Drawing a new grid, and removing a whole grid: the community's shape is the secretary's call. */
export function mayCreateGrid(s: Standing): boolean {
	return s.secretary;
}

/** Naming a grid's chiefs hands out the power to edit that grid, so only the secretary does it. */
export function mayAssignChiefs(s: Standing): boolean {
	return s.secretary;
}

/** Who changed the structure when: the secretary's overview. */
export function mayReadStructureHistory(s: Standing): boolean {
	return s.secretary;
}

/**
 * Drawing and assigning micro-grids and buildings, editing a grid: the secretary anywhere, a
 * chief inside its grids. Without a place: may the standing edit anywhere at all (imports).
 */
export function mayEditStructure(s: Standing, place?: Place): boolean {
	if (s.secretary) return true;
	return place ? chiefOf(s, place.gridId) : s.chiefGridIds.length > 0;
}

/** The grids a standing may edit: every one (`all`), or these. */
export function editableGrids(s: Standing): { all: boolean; gridIds: string[] } {
	return { all: s.secretary, gridIds: s.secretary ? [] : [...s.chiefGridIds] };
}

/* ── Buildings and households ──────────────────────────────────────────────────────────── */

/**
 * A liaison's own building: its micro-grid is the liaison's. Here lies the rule "a liaison may
 * only mark households of its own micro-grid" (with `mayRecordProgress`).
 */
export function isOwnBuilding(s: Standing, place: Place | undefined): boolean {
	return !!place && liaisonOf(s, place.microGridId);
}

/**
 * Door-to-door progress in a building: its micro-grid's liaisons, its grid's chiefs, the
 * secretary. Only buildings of a micro-grid can be marked (the sync server places a building by it).
 */
export function mayRecordProgress(s: Standing, place: Place | undefined): boolean {
	if (!place?.microGridId || !place.gridId) return false;
	return s.secretary || chiefOf(s, place.gridId) || isOwnBuilding(s, place);
}

/* ── Tasks ─────────────────────────────────────────────────────────────────────────────── */

/** Creating tasks at all: the secretary, or a chief of some grid here. */
export function mayDispatchTasks(s: Standing): boolean {
	return s.secretary || s.chiefGridIds.length > 0;
}

/** May this building be put in a task's scope by the standing? Only buildings of a micro-grid can be. */
export function mayScopeBuilding(s: Standing, place: Place | undefined): boolean {
	if (!place?.microGridId || !place.gridId) return false;
	return s.secretary || chiefOf(s, place.gridId);
}

/** Where each building of a scope sits; undefined for a building the community no longer has. */
export type PlaceOf = (buildingId: string) => Place | undefined;

/**
 * Editing, closing, reminding, starting rounds: the secretary, or a chief whose grids hold
 * every building of the scope. An empty scope lies inside every grid, so it makes no chief its manager.
 */
export function mayManageTask(s: Standing, scope: readonly string[], placeOf: PlaceOf): boolean {
	if (s.secretary) return true;
	if (s.chiefGridIds.length === 0 || scope.length === 0) return false;
	return scope.every((id) => mayScopeBuilding(s, placeOf(id)));
}

/** Acks and notes: those who manage the task or record progress in one of its buildings. */
export function mayTakePartInTask(s: Standing, scope: readonly string[], placeOf: PlaceOf): boolean {
	return mayManageTask(s, scope, placeOf) || scope.some((id) => mayRecordProgress(s, placeOf(id)));
}

/* ── Matters ───────────────────────────────────────────────────────────────────────────── */

/** What the rules look at of a matter: where it is, who reported it, how urgent, who handles it. */
export type MatterSubject = Place & { reportedBy: string; urgent: boolean; destination: MatterDestination | null };

/** Reporting a problem at a place: its micro-grid's liaisons, its grid's chiefs, the secretary. */
export function mayReportMatter(s: Standing, place: Place | undefined): boolean {
	if (!place) return false;
	return s.secretary || chiefOf(s, place.gridId) || isOwnBuilding(s, place);
}

/** The destination of a routed matter: the property company's staff, the named community staff member, the street office. */
export function handlesMatter(s: Standing, matter: Pick<MatterSubject, 'destination'>): boolean {
	const destination = matter.destination;
	if (!destination) return false;
	switch (destination.kind) {
		case 'property':
			return s.propertyOrgIds.includes(destination.orgId);
		case 'community':
			return s.member && s.userId === destination.userId;
		case 'street':
			return s.watcher;
	}
}

/** Uploading a photo for a report or a resolution: members report, property companies resolve. */
export function mayUploadMatterPhoto(s: Standing): boolean {
	return mayWrite(s) || s.propertyOrgIds.length > 0;
}

/**
 * Liaison: its micro-grids' matters and its own reports. Chief: its grids. Secretary and the
 * street office (read-only but for what is routed to it): the community. Property company:
 * only what is routed to it.
 */
export function maySeeMatter(s: Standing, matter: MatterSubject): boolean {
	if (s.secretary || s.watcher || chiefOf(s, matter.gridId) || isOwnBuilding(s, matter)) return true;
	return (s.member && s.userId === matter.reportedBy) || handlesMatter(s, matter);
}

/**
 * Who may take each action on a matter, whatever its status (the state machine in `matters.ts`
 * says from which status): routing decisions are the secretary's at the weekly 会商, or a chief's
 * at once for an urgent matter of its grid; the destination accepts, returns, asks for more time
 * and resolves; the reporter, its chief or the secretary verifies.
 */
export function mayActOnMatter(s: Standing, action: MatterAction, matter: MatterSubject): boolean {
	const chief = chiefOf(s, matter.gridId);
	switch (action) {
		case 'confirm':
			return mayReportMatter(s, matter);
		case 'route':
		case 'merge':
		case 'reject':
			return s.secretary || (matter.urgent && chief);
		case 'accept':
		case 'return':
		case 'extend':
		case 'resolve':
			return handlesMatter(s, matter);
		case 'decide-extension':
			return s.secretary;
		case 'remind':
			return s.secretary || chief;
		case 'verify':
			return s.secretary || chief || (s.member && s.userId === matter.reportedBy);
	}
}

/** Starting and ending the weekly 会商, its attendees and notes: the secretary chairs it. */
export function mayHoldConsultation(s: Standing): boolean {
	return s.secretary;
}

/** Renaming, adding and retiring matter categories and setting their time limits. */
export function mayEditCategories(s: Standing): boolean {
	return s.secretary;
}

/**
 * The overview of a community's matters: the 会商 page (read-only for all but the secretary),
 * its minutes and the 问题台账 export. The secretary, the chiefs (who sit in the meeting) and
 * the street office; each still sees only the matters `maySeeMatter` lets it see.
 */
export function mayReviewMatters(s: Standing): boolean {
	return s.secretary || s.chiefGridIds.length > 0 || s.watcher;
}

/* ── Work diaries (工作日志) ───────────────────────────────────────────────────────────── */

/**
 * Whose diary it is, as the rules see it: the person, and the micro-grids (with their grids)
 * they serve as liaison in this community. A diary exists only where its owner is a liaison.
 */
export type DiaryOwner = { userId: string; places: readonly Place[] };

/**
 * Reading a liaison's diary: the liaison, the chiefs of a grid it serves in, the secretary, and
 * the street office (read-only). Property companies never.
 */
export function mayReadDiary(s: Standing, owner: DiaryOwner): boolean {
	if (owner.places.length === 0) return false;
	if (s.member && s.userId === owner.userId) return true;
	return s.secretary || s.watcher || owner.places.some((place) => chiefOf(s, place.gridId));
}

/** Keeping a diary here at all: a liaison of this community (its own diary, nobody else's). */
export function mayKeepDiary(s: Standing): boolean {
	return s.member && s.liaisonMicroGridIds.length > 0;
}

/**
 * Keeping a diary in some community, whichever the page shows: the phone keeps sending the
 * diary's unsent changes (each says its community) while the user looks at another one.
 */
export function keepsDiaryAnywhere(principal: Principal): boolean {
	const communities = new Set(principal.memberships.flatMap((m) => (m.communityId ? [m.communityId] : [])));
	return [...communities].some((communityId) => mayKeepDiary(standingIn(principal, communityId)));
}

/** Entries and the done mark (完成): the liaison alone, in its own diary. */
export function mayWriteDiary(s: Standing, owner: DiaryOwner): boolean {
	return owner.places.length > 0 && s.member && s.userId === owner.userId;
}

/** A chief's 点评 on its liaisons' diaries, the secretary's 抽查 on anyone's; never on one's own. */
export function mayCommentDiary(s: Standing, owner: DiaryOwner): boolean {
	if (owner.places.length === 0 || s.userId === owner.userId) return false;
	return s.secretary || owner.places.some((place) => chiefOf(s, place.gridId));
}

/**
 * Taking part in diaries anywhere (keeping, reading or commenting on one): secretaries, chiefs,
 * liaisons and the street office. Anyone else (a property company) is refused before any look-up.
 */
export function mayTakePartInDiaries(principal: Principal): boolean {
	return principal.memberships.some((m) => m.role === 'secretary' || m.role === 'chief' || m.role === 'liaison' || m.role === 'street');
}

/** The list of liaisons' diaries: the secretary and the street office (everyone), a chief (its grids). */
export function mayReviewDiaries(s: Standing): boolean {
	return s.secretary || s.watcher || s.chiefGridIds.length > 0;
}

/* ── Oversight ─────────────────────────────────────────────────────────────────────────── */

/**
 * The community's coverage figures (per building, grid and liaison), their reports and the
 * dashboard: the secretary, a chief (for its grids), the street office read-only.
 */
export function mayViewOversight(s: Standing): boolean {
	return s.secretary || s.chiefGridIds.length > 0 || s.watcher;
}

/**
 * Whose figures a standing sees: the whole community (`all`), or the buildings and liaisons of
 * these grids. Nothing for a standing that may not view oversight.
 */
export function oversightGrids(s: Standing): { all: boolean; gridIds: string[] } {
	if (s.secretary || s.watcher) return { all: true, gridIds: [] };
	return { all: false, gridIds: [...s.chiefGridIds] };
}

/* ── The public side: signs (公示牌), QR codes, residents' reports ─────────────────────── */

/**
 * Printing a building's or a grid's signs, and reading a building's QR code (`publicCode`):
 * the secretary anywhere, a chief in its grids. Without a place: anywhere at all (the links).
 */
export function mayPrintSigns(s: Standing, place?: Place): boolean {
	if (s.secretary) return true;
	return place ? chiefOf(s, place.gridId) : s.chiefGridIds.length > 0;
}

/**
 * What residents are shown is the secretary's call: replacing a building's QR code (old signs
 * then say so), whose phone is public (the person's consent, recorded by the secretary), the hotline.
 */
export function mayManagePublicSide(s: Standing): boolean {
	return s.secretary;
}

/** A resident's call-back phone on a matter: the building's liaisons, its grid's chiefs, the secretary; never a handler. */
export function maySeeResidentPhone(s: Standing, matter: Place): boolean {
	return s.secretary || chiefOf(s, matter.gridId) || isOwnBuilding(s, matter);
}

/** Asking for balanced micro-grids of a grid and applying them: who may edit the grid's structure. */
export function maySuggestMicroGrids(s: Standing, gridId: string): boolean {
	return mayEditStructure(s, { gridId });
}

/* ── People (rules about another person's roles) ───────────────────────────────────────── */

/**
 * Communities a user may pick: those it can view, and for a property company the communities
 * where it runs a compound (it will work matters there, nothing else).
 */
export function mayListCommunity(principal: Principal, community: CommunityRef & { propertyOrgIds: readonly string[] }): boolean {
	return (
		mayViewCommunity(standingIn(principal, community)) ||
		held(principal, (m) => m.role === 'property' && !!m.orgId && community.propertyOrgIds.includes(m.orgId))
	);
}

/**
 * How far a secretary's people management reaches: the community's own roles, and the
 * property companies that run compounds in this community and in no other.
 */
export type PeopleScope = { communityId: string; ownOrgIds: readonly string[] };

function insidePeopleScope(m: Membership, scope: PeopleScope): boolean {
	if (communityRoles.includes(m.role)) return m.communityId === scope.communityId;
	return m.role === 'property' && !!m.orgId && scope.ownOrgIds.includes(m.orgId);
}

/**
 * Editing, disabling, resetting the password of, or giving a role to a person: only when every
 * role the person holds lies inside the manager's reach. Otherwise a secretary could take over
 * the street office's account, another company's or another community's.
 */
export function mayManagePerson(s: Standing, scope: PeopleScope, person: readonly Membership[]): boolean {
	return mayManagePeople(s) && s.communityId === scope.communityId && person.every((m) => insidePeopleScope(m, scope));
}

/**
 * Who may be made a chief or liaison of this community from the map: its own staff (or someone
 * with no role at all), never a street or property account, nor anyone of another community.
 */
export function mayBeAssignedIn(person: readonly Membership[], communityId: string): boolean {
	return person.every((m) => communityRoles.includes(m.role) && m.communityId === communityId);
}

/** Which people the standing sees: everyone of the community, or those of some grids; null for none. */
export function peopleVisibility(s: Standing): { all: true } | { all: false; gridIds: string[] } | null {
	if (!maySeePeople(s)) return null;
	return s.secretary ? { all: true } : { all: false, gridIds: [...s.chiefGridIds] };
}

/** Roles a secretary may hand out inside its community; street roles come from the street. */
export function assignableRoles(s: Standing): Role[] {
	return mayManagePeople(s) ? ['secretary', 'chief', 'liaison', 'property'] : [];
}

/* ── Group robots (群机器人) ───────────────────────────────────────────────────────────── */

/** Whose group a robot posts in; a grid's robot names the grid's own community (the service reads it from the grid). */
export type RobotPlace =
	| { scope: Extract<RobotScope, 'community'>; communityId: string }
	| { scope: Extract<RobotScope, 'grid'>; communityId: string; gridId: string }
	| { scope: Extract<RobotScope, 'org'>; orgId: string };

/**
 * Attaching, changing, testing and removing a group robot: the community's by its secretary, a
 * grid's by its chiefs and the secretary, a property company's by the company's property users.
 * A robot's address and secret let their holder post in that group, so nobody else touches them.
 */
export function mayManageRobot(principal: Principal, place: RobotPlace): boolean {
	if (place.scope === 'org') return held(principal, (m) => m.role === 'property' && m.orgId === place.orgId);
	const s = standingIn(principal, place.communityId);
	return s.secretary || (place.scope === 'grid' && chiefOf(s, place.gridId));
}

/** May the principal manage any robot at all? Anyone else is refused before any work. */
export function mayManageSomeRobot(principal: Principal): boolean {
	return principal.memberships.some((m) => m.role === 'secretary' || (m.role === 'chief' && !!m.gridId) || (m.role === 'property' && !!m.orgId));
}

/**
 * Turning on phone notifications for oneself: anyone who holds a role somewhere. It reaches no one
 * else's data; what a push says is decided per notice by who may see its subject.
 */
export function mayReceivePushes(principal: Principal): boolean {
	return principal.memberships.some((m) => ['secretary', 'chief', 'liaison', 'property', 'street'].includes(m.role));
}
