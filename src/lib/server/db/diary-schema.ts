import { date, index, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { DiaryCommentKind } from '../../domain/diary-view';
import { matters } from './matter-schema';
import { communities, users } from './schema';

const at = (name: string) => timestamp(name, { withTimezone: true });
/** A Beijing calendar day, `YYYY-MM-DD`. */
const day = () => date('date', { mode: 'string' }).notNull();

/**
 * A liaison's own lines in the work diary: 问题 – 处理措施 – 反馈结果. The id is made by the phone
 * that wrote it, so an entry sent again after a lost answer is the same entry, never a second.
 */
export const diaryEntries = pgTable(
	'diary_entries',
	{
		id: text('id').primaryKey(),
		communityId: text('community_id')
			.notNull()
			.references(() => communities.id),
		userId: text('user_id')
			.notNull()
			.references(() => users.id),
		date: day(),
		problem: text('problem').notNull(),
		action: text('action').notNull().default(''),
		result: text('result').notNull().default(''),
		matterId: text('matter_id').references(() => matters.id),
		createdAt: at('created_at').notNull().defaultNow(),
		updatedAt: at('updated_at').notNull().defaultNow()
	},
	(t) => [index('diary_entries_user_date_idx').on(t.userId, t.date), index('diary_entries_community_date_idx').on(t.communityId, t.date)]
);

/** A day the liaison marked done (完成): its entries are final from then on. */
export const diaryDays = pgTable(
	'diary_days',
	{
		communityId: text('community_id')
			.notNull()
			.references(() => communities.id),
		userId: text('user_id')
			.notNull()
			.references(() => users.id),
		date: day(),
		doneAt: at('done_at').notNull()
	},
	(t) => [primaryKey({ columns: [t.userId, t.communityId, t.date] }), index('diary_days_community_date_idx').on(t.communityId, t.date)]
);

/** A chief's 点评 or the secretary's 抽查 on a liaison's day, shown to the liaison. */
export const diaryComments = pgTable(
	'diary_comments',
	{
		id: text('id').primaryKey(),
		communityId: text('community_id')
			.notNull()
			.references(() => communities.id),
		/** Whose diary. */
		userId: text('user_id')
			.notNull()
			.references(() => users.id),
		date: day(),
		authorId: text('author_id')
			.notNull()
			.references(() => users.id),
		kind: text('kind').$type<DiaryCommentKind>().notNull(),
		text: text('text').notNull(),
		createdAt: at('created_at').notNull().defaultNow()
	},
	(t) => [index('diary_comments_user_date_idx').on(t.userId, t.date), index('diary_comments_community_date_idx').on(t.communityId, t.date)]
);
