import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { NoticeKind, NoticeSubject, RobotPlatform, RobotScope } from '../../domain/notices';
import type { DeliveryMessage } from '../../domain/notice-messages';
import { communities, grids, orgs, users } from './schema';

const at = (name: string) => timestamp(name, { withTimezone: true });

/**
 * A group robot (群机器人) of 企业微信, 钉钉 or 飞书: the community's (set by its secretary), a
 * grid's (its chiefs) or a property company's (its property users). The webhook address and the
 * signing secret are credentials: they never leave the server, pages show them masked.
 */
export const notifyRobots = pgTable(
	'notify_robots',
	{
		id: text('id').primaryKey(),
		scope: text('scope').$type<RobotScope>().notNull(),
		/** Null only for a property company's robot, which serves every community it works in. */
		communityId: text('community_id').references(() => communities.id),
		gridId: text('grid_id').references(() => grids.id),
		orgId: text('org_id').references(() => orgs.id),
		platform: text('platform').$type<RobotPlatform>().notNull(),
		name: text('name').notNull(),
		webhookUrl: text('webhook_url').notNull(),
		signingSecret: text('signing_secret'),
		createdBy: text('created_by')
			.notNull()
			.references(() => users.id),
		createdAt: at('created_at').notNull().defaultNow(),
		updatedAt: at('updated_at').notNull().defaultNow()
	},
	(t) => [
		index('notify_robots_community_idx').on(t.communityId),
		index('notify_robots_grid_idx').on(t.gridId),
		index('notify_robots_org_idx').on(t.orgId)
	]
);

/** A browser's Web Push subscription; the endpoint is the push service's address for it. */
export const pushSubscriptions = pgTable(
	'push_subscriptions',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		endpoint: text('endpoint').notNull(),
		p256dh: text('p256dh').notNull(),
		auth: text('auth').notNull(),
		/** A short description of the device for the settings page ("Android · Chrome"). */
		device: text('device').notNull().default(''),
		createdAt: at('created_at').notNull().defaultNow(),
		lastSentAt: at('last_sent_at')
	},
	(t) => [uniqueIndex('push_subscriptions_endpoint_idx').on(t.endpoint), index('push_subscriptions_user_idx').on(t.userId)]
);

/** A person's notification settings; no row means the defaults (quiet 22:30–07:00). */
export const notifyPrefs = pgTable('notify_prefs', {
	userId: text('user_id')
		.primaryKey()
		.references(() => users.id, { onDelete: 'cascade' }),
	quietEnabled: boolean('quiet_enabled').notNull().default(true),
	/** Minutes after local midnight (Asia/Shanghai). */
	quietStart: integer('quiet_start').notNull().default(22 * 60 + 30),
	quietEnd: integer('quiet_end').notNull().default(7 * 60),
	updatedAt: at('updated_at').notNull().defaultNow()
});

/**
 * Something worth telling people about, recorded once (the key makes a second recording a no-op,
 * whichever instance or retry records it). The notifier turns each into deliveries.
 */
export const notices = pgTable(
	'notices',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		key: text('key').notNull(),
		communityId: text('community_id'),
		kind: text('kind').$type<NoticeKind>().notNull(),
		subject: jsonb('subject').$type<NoticeSubject>().notNull(),
		urgent: boolean('urgent').notNull().default(false),
		createdAt: at('created_at').notNull().defaultNow(),
		/** When its deliveries were written; null while waiting for the notifier. */
		fannedOutAt: at('fanned_out_at')
	},
	(t) => [uniqueIndex('notices_key_idx').on(t.key), index('notices_pending_idx').on(t.fannedOutAt, t.id)]
);

/**
 * The outbox: one message to one robot or one push subscription. Sent at least once and, short of
 * a crash between the platform's answer and our commit, exactly once: an instance leases a row
 * before sending, and a lease that outlives its instance expires.
 */
export const noticeDeliveries = pgTable(
	'notice_deliveries',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		noticeId: bigint('notice_id', { mode: 'number' }).notNull(),
		channel: text('channel').$type<'robot' | 'push'>().notNull(),
		/** The robot's id, or the push subscription's. */
		target: text('target').notNull(),
		/** A notice may need more than one message to one target (企业微信 mentions follow the markdown). */
		part: integer('part').notNull().default(0),
		/** For pushes: whose subscription (quiet hours are theirs). */
		userId: text('user_id'),
		communityId: text('community_id'),
		message: jsonb('message').$type<DeliveryMessage>().notNull(),
		status: text('status').$type<'pending' | 'sent' | 'failed'>().notNull().default('pending'),
		attempts: integer('attempts').notNull().default(0),
		nextAttemptAt: at('next_attempt_at').notNull().defaultNow(),
		leaseUntil: at('lease_until'),
		leaseOwner: text('lease_owner'),
		lastError: text('last_error'),
		createdAt: at('created_at').notNull().defaultNow(),
		sentAt: at('sent_at'),
		/** The instance that sent it (host:pid:random), for operators. */
		sentBy: text('sent_by')
	},
	(t) => [
		uniqueIndex('notice_deliveries_once_idx').on(t.noticeId, t.channel, t.target, t.part),
		index('notice_deliveries_due_idx').on(t.status, t.nextAttemptAt),
		index('notice_deliveries_target_idx').on(t.target, t.sentAt)
	]
);
