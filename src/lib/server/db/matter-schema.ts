import { bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { Position } from '../../domain/geojson';
import type { CategoryLimits } from '../../domain/matter-deadlines';
import type { MatterDestination, MatterStatus } from '../../domain/matters';
import { bytea } from './live-schema';
import { buildings, communities, users } from './schema';

const at = (name: string) => timestamp(name, { withTimezone: true });

/**
 * The community's matter categories, two levels (a top category and its sub-categories).
 * Retired categories keep their row (old matters point at them) but are offered no more.
 */
export const matterCategories = pgTable(
	'matter_categories',
	{
		id: text('id').primaryKey(),
		communityId: text('community_id')
			.notNull()
			.references(() => communities.id),
		parentId: text('parent_id'),
		name: text('name').notNull(),
		nameEn: text('name_en').notNull().default(''),
		/** Null: the parent's limits, or the defaults for a top category. */
		limits: jsonb('limits').$type<CategoryLimits>(),
		sortOrder: integer('sort_order').notNull().default(0),
		retiredAt: at('retired_at')
	},
	(t) => [index('matter_categories_community_idx').on(t.communityId)]
);

/** One matter: a problem found in the community, from report to verified. Never deleted. */
export const matters = pgTable(
	'matters',
	{
		id: text('id').primaryKey(),
		communityId: text('community_id')
			.notNull()
			.references(() => communities.id),
		/** The reporter's idempotency key: the same report sent twice is one matter. */
		clientKey: text('client_key').notNull(),
		categoryId: text('category_id')
			.notNull()
			.references(() => matterCategories.id),
		buildingId: text('building_id').references(() => buildings.id),
		/** Where it is, fixed when reported: the building's place, or the micro-grid around the point. */
		gridId: text('grid_id'),
		microGridId: text('micro_grid_id'),
		point: jsonb('point').$type<Position>(),
		description: text('description').notNull(),
		urgent: boolean('urgent').notNull().default(false),
		source: text('source').$type<'staff' | 'resident'>().notNull().default('staff'),
		/** A resident's phone for a call back, seen only by the building's liaison, its chiefs and the secretary. */
		residentPhone: text('resident_phone'),
		status: text('status').$type<MatterStatus>().notNull(),
		/** A 退单 brought it back to the routing queue. */
		returned: boolean('returned').notNull().default(false),
		/** Recorded as 已当场解决 by its reporter: closed at once, still counted. */
		handledOnSpot: boolean('handled_on_spot').notNull().default(false),
		reportedBy: text('reported_by')
			.notNull()
			.references(() => users.id),
		reportedAt: at('reported_at').notNull(),
		destination: jsonb('destination').$type<MatterDestination>(),
		routedAt: at('routed_at'),
		acceptedAt: at('accepted_at'),
		dueAt: at('due_at'),
		extensionPending: boolean('extension_pending').notNull().default(false),
		extensionUntil: at('extension_until'),
		reminders: integer('reminders').notNull().default(0),
		mergedInto: text('merged_into'),
		resolvedAt: at('resolved_at'),
		closedAt: at('closed_at'),
		updatedAt: at('updated_at').notNull()
	},
	(t) => [
		uniqueIndex('matters_reporter_key_idx').on(t.reportedBy, t.clientKey),
		index('matters_community_status_idx').on(t.communityId, t.status),
		index('matters_community_reported_idx').on(t.communityId, t.reportedAt),
		index('matters_building_idx').on(t.buildingId),
		// Overdue matters, across communities, for the notifier.
		index('matters_status_due_idx').on(t.status, t.dueAt)
	]
);

/** Every transition of a matter, in order: the timeline. `action` is `report` for the first. */
export const matterEvents = pgTable(
	'matter_events',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		matterId: text('matter_id')
			.notNull()
			.references(() => matters.id),
		at: at('at').notNull(),
		by: text('by')
			.notNull()
			.references(() => users.id),
		action: text('action').notNull(),
		from: text('from').$type<MatterStatus>(),
		to: text('to').$type<MatterStatus>().notNull(),
		note: text('note').notNull().default(''),
		/** What else the action carried: destination, reason, until, approve, into, meeting. */
		detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
		photoIds: jsonb('photo_ids').$type<string[]>().notNull().default([])
	},
	(t) => [
		index('matter_events_matter_idx').on(t.matterId, t.id),
		// A person's matter work of a day, for the work diary.
		index('matter_events_by_idx').on(t.by, t.at)
	]
);

/**
 * Photos of matters, re-encoded and stripped of metadata on the way in. In the database so that
 * PGlite and every PostgreSQL-backed instance serve them alike. Unattached until a report or a
 * resolution names them; only their uploader may use them until then.
 */
export const photos = pgTable(
	'photos',
	{
		id: text('id').primaryKey(),
		communityId: text('community_id')
			.notNull()
			.references(() => communities.id),
		uploadedBy: text('uploaded_by')
			.notNull()
			.references(() => users.id),
		matterId: text('matter_id').references(() => matters.id),
		/** Sent by a resident through this sign code (`uploadedBy` is then the person the report goes to). */
		publicCode: text('public_code'),
		image: bytea('image').notNull(),
		thumb: bytea('thumb').notNull(),
		width: integer('width').notNull(),
		height: integer('height').notNull(),
		createdAt: at('created_at').notNull().defaultNow()
	},
	(t) => [index('photos_matter_idx').on(t.matterId), index('photos_uploader_idx').on(t.uploadedBy, t.createdAt)]
);

/** A weekly 会商: who attended, what was decided (events carry its id), what was carried over. */
export const consultations = pgTable(
	'consultations',
	{
		id: text('id').primaryKey(),
		communityId: text('community_id')
			.notNull()
			.references(() => communities.id),
		startedAt: at('started_at').notNull(),
		startedBy: text('started_by')
			.notNull()
			.references(() => users.id),
		endedAt: at('ended_at'),
		attendees: jsonb('attendees').$type<string[]>().notNull().default([]),
		notes: text('notes').notNull().default(''),
		/** Matters still awaiting routing when the meeting ended. */
		carriedOver: jsonb('carried_over').$type<string[]>().notNull().default([])
	},
	(t) => [index('consultations_community_idx').on(t.communityId, t.startedAt)]
);
