import { index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export type StructureKind = 'grid' | 'microGrid' | 'building' | 'households';
export type StructureAction = 'create' | 'update' | 'delete' | 'import' | 'redivide';

/**
 * Every change to a community's grids, micro-grids, buildings and households: who, when, what,
 * and the record before and after. No foreign keys, so the history outlives what it describes.
 */
export const structureChanges = pgTable(
	'structure_changes',
	{
		id: text('id').primaryKey(),
		communityId: text('community_id').notNull(),
		actorId: text('actor_id'),
		kind: text('kind').$type<StructureKind>().notNull(),
		action: text('action').$type<StructureAction>().notNull(),
		targetId: text('target_id'),
		// The name or label at the time, so the history reads well after a delete.
		targetName: text('target_name').notNull().default(''),
		before: jsonb('before').$type<Record<string, unknown> | null>(),
		after: jsonb('after').$type<Record<string, unknown> | null>(),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('structure_changes_community_idx').on(t.communityId, t.at)]
);
