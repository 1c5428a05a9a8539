import {
	boolean,
	index,
	integer,
	jsonb,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { Polygonal } from '../../domain/geojson';
import type { Affiliation, Role } from '../../domain/roles';

const id = () => text('id').primaryKey();
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const streets = pgTable('streets', {
	id: id(),
	name: text('name').notNull(),
	createdAt: createdAt()
});

export const communities = pgTable('communities', {
	id: id(),
	streetId: text('street_id')
		.notNull()
		.references(() => streets.id),
	name: text('name').notNull(),
	/** The community's public hotline, printed on signs for people who keep their phone off them. */
	hotline: text('hotline').notNull().default(''),
	createdAt: createdAt()
});

/** Property companies and enterprise party branches that people belong to. */
export const orgs = pgTable('orgs', {
	id: id(),
	name: text('name').notNull(),
	kind: text('kind').$type<'property' | 'enterprise'>().notNull(),
	createdAt: createdAt()
});

export const compounds = pgTable('compounds', {
	id: id(),
	communityId: text('community_id')
		.notNull()
		.references(() => communities.id),
	name: text('name').notNull(),
	propertyOrgId: text('property_org_id').references(() => orgs.id),
	createdAt: createdAt()
});

export const grids = pgTable(
	'grids',
	{
		id: id(),
		communityId: text('community_id')
			.notNull()
			.references(() => communities.id),
		name: text('name').notNull(),
		geometry: jsonb('geometry').$type<Polygonal>(),
		sortOrder: integer('sort_order').notNull().default(0),
		createdAt: createdAt()
	},
	(t) => [index('grids_community_idx').on(t.communityId)]
);

export const microGrids = pgTable(
	'micro_grids',
	{
		id: id(),
		gridId: text('grid_id')
			.notNull()
			.references(() => grids.id),
		communityId: text('community_id')
			.notNull()
			.references(() => communities.id),
		name: text('name').notNull(),
		geometry: jsonb('geometry').$type<Polygonal>(),
		sortOrder: integer('sort_order').notNull().default(0),
		createdAt: createdAt()
	},
	(t) => [index('micro_grids_grid_idx').on(t.gridId)]
);

export const buildings = pgTable(
	'buildings',
	{
		id: id(),
		communityId: text('community_id')
			.notNull()
			.references(() => communities.id),
		compoundId: text('compound_id').references(() => compounds.id),
		microGridId: text('micro_grid_id').references(() => microGrids.id),
		label: text('label').notNull(),
		geometry: jsonb('geometry').$type<Polygonal>(),
		units: integer('units').notNull(),
		floors: integer('floors').notNull(),
		roomsPerFloor: integer('rooms_per_floor').notNull(),
		createdAt: createdAt()
	},
	(t) => [
		index('buildings_community_idx').on(t.communityId),
		index('buildings_micro_grid_idx').on(t.microGridId)
	]
);

/** A household is only a door code such as `2-301`; residents' names never enter the system. */
export const households = pgTable(
	'households',
	{
		id: id(),
		buildingId: text('building_id')
			.notNull()
			.references(() => buildings.id, { onDelete: 'cascade' }),
		code: text('code').notNull(),
		unit: integer('unit').notNull(),
		floor: integer('floor').notNull(),
		room: integer('room').notNull()
	},
	(t) => [uniqueIndex('households_building_code_idx').on(t.buildingId, t.code)]
);

export const users = pgTable('users', {
	id: id(),
	username: text('username').notNull().unique(),
	displayName: text('display_name').notNull(),
	phone: text('phone').notNull().default(''),
	passwordHash: text('password_hash').notNull(),
	partyMember: boolean('party_member').notNull().default(false),
	/** Agreed to have their phone on public signs and the resident page (set by the secretary). */
	publicContact: boolean('public_contact').notNull().default(false),
	affiliation: text('affiliation').$type<Affiliation>().notNull(),
	affiliationOrgId: text('affiliation_org_id').references(() => orgs.id),
	disabledAt: timestamp('disabled_at', { withTimezone: true }),
	/** Set by a one-time password (new account, reset); cleared when the person picks their own. */
	mustChangePassword: boolean('must_change_password').notNull().default(false),
	createdAt: createdAt()
});

/**
 * A role with its scope. `communityId` is filled for every community-level role
 * (secretary, chief, liaison) so "who belongs to this community" is one lookup.
 */
export const memberships = pgTable(
	'memberships',
	{
		id: id(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		role: text('role').$type<Role>().notNull(),
		streetId: text('street_id').references(() => streets.id),
		communityId: text('community_id').references(() => communities.id),
		gridId: text('grid_id').references(() => grids.id),
		microGridId: text('micro_grid_id').references(() => microGrids.id),
		orgId: text('org_id').references(() => orgs.id),
		createdAt: createdAt()
	},
	(t) => [
		index('memberships_user_idx').on(t.userId),
		index('memberships_community_idx').on(t.communityId)
	]
);

export const sessions = pgTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		createdAt: createdAt()
	},
	(t) => [index('sessions_user_idx').on(t.userId)]
);

/** Failed sign-ins per username, from any address (perUsernameRule). */
export const loginThrottle = pgTable('login_throttle', {
	username: text('username').primaryKey(),
	failures: integer('failures').notNull().default(0),
	lastFailureAt: timestamp('last_failure_at', { withTimezone: true }).notNull()
});

/** Failed sign-ins per username from one client address (perAddressRule). */
export const loginThrottleByAddress = pgTable(
	'login_throttle_by_address',
	{
		username: text('username').notNull(),
		address: text('address').notNull(),
		failures: integer('failures').notNull().default(0),
		lastFailureAt: timestamp('last_failure_at', { withTimezone: true }).notNull()
	},
	(t) => [primaryKey({ columns: [t.username, t.address] })]
);

export const auditEvents = pgTable(
	'audit_events',
	{
		id: id(),
		communityId: text('community_id').references(() => communities.id),
		actorId: text('actor_id').references(() => users.id),
		action: text('action').notNull(),
		targetUserId: text('target_user_id').references(() => users.id),
		detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('audit_events_community_idx').on(t.communityId, t.at)]
);

/**
 * The random code in a building's QR link (`/b/<code>`). Rotating retires the current code
 * (`replacedAt`) and makes a new one; an old sign's code then says it has been replaced.
 */
export const buildingPublicCodes = pgTable(
	'building_public_codes',
	{
		code: text('code').primaryKey(),
		buildingId: text('building_id')
			.notNull()
			.references(() => buildings.id, { onDelete: 'cascade' }),
		communityId: text('community_id')
			.notNull()
			.references(() => communities.id),
		createdAt: createdAt(),
		replacedAt: timestamp('replaced_at', { withTimezone: true })
	},
	(t) => [uniqueIndex('building_public_codes_current_idx').on(t.buildingId).where(sql`${t.replacedAt} is null`)]
);

/** Resident reports per window, by client address (`address:…`) and by building (`building:…`). */
export const publicReportThrottle = pgTable('public_report_throttle', {
	key: text('key').primaryKey(),
	windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
	count: integer('count').notNull().default(0)
});

export const appMeta = pgTable('app_meta', {
	key: text('key').primaryKey(),
	value: text('value').notNull()
});
export * from './live-schema';
export * from './structure-schema';
export * from './matter-schema';
export * from './notify-schema';
export * from './diary-schema';
