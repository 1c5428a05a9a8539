CREATE TABLE "notice_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"notice_id" bigint NOT NULL,
	"channel" text NOT NULL,
	"target" text NOT NULL,
	"part" integer DEFAULT 0 NOT NULL,
	"user_id" text,
	"community_id" text,
	"message" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_until" timestamp with time zone,
	"lease_owner" text,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"sent_by" text
);
--> statement-breakpoint
CREATE TABLE "notices" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"community_id" text,
	"kind" text NOT NULL,
	"subject" jsonb NOT NULL,
	"urgent" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"fanned_out_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "notify_prefs" (
	"user_id" text PRIMARY KEY NOT NULL,
	"quiet_enabled" boolean DEFAULT true NOT NULL,
	"quiet_start" integer DEFAULT 1350 NOT NULL,
	"quiet_end" integer DEFAULT 420 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notify_robots" (
	"id" text PRIMARY KEY NOT NULL,
	"scope" text NOT NULL,
	"community_id" text,
	"grid_id" text,
	"org_id" text,
	"platform" text NOT NULL,
	"name" text NOT NULL,
	"webhook_url" text NOT NULL,
	"signing_secret" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "push_subscriptions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"endpoint" text NOT NULL,
	"p256dh" text NOT NULL,
	"auth" text NOT NULL,
	"device" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_sent_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "notify_prefs" ADD CONSTRAINT "notify_prefs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notify_robots" ADD CONSTRAINT "notify_robots_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notify_robots" ADD CONSTRAINT "notify_robots_grid_id_grids_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."grids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notify_robots" ADD CONSTRAINT "notify_robots_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notify_robots" ADD CONSTRAINT "notify_robots_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "push_subscriptions" ADD CONSTRAINT "push_subscriptions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "notice_deliveries_once_idx" ON "notice_deliveries" USING btree ("notice_id","channel","target","part");--> statement-breakpoint
CREATE INDEX "notice_deliveries_due_idx" ON "notice_deliveries" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "notice_deliveries_target_idx" ON "notice_deliveries" USING btree ("target","sent_at");--> statement-breakpoint
CREATE UNIQUE INDEX "notices_key_idx" ON "notices" USING btree ("key");--> statement-breakpoint
CREATE INDEX "notices_pending_idx" ON "notices" USING btree ("fanned_out_at","id");--> statement-breakpoint
CREATE INDEX "notify_robots_community_idx" ON "notify_robots" USING btree ("community_id");--> statement-breakpoint
CREATE INDEX "notify_robots_grid_idx" ON "notify_robots" USING btree ("grid_id");--> statement-breakpoint
CREATE INDEX "notify_robots_org_idx" ON "notify_robots" USING btree ("org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "push_subscriptions_endpoint_idx" ON "push_subscriptions" USING btree ("endpoint");--> statement-breakpoint
CREATE INDEX "push_subscriptions_user_idx" ON "push_subscriptions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "tasks_updated_idx" ON "tasks" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "tasks_due_idx" ON "tasks" USING btree ("due_at");--> statement-breakpoint
CREATE INDEX "matters_status_due_idx" ON "matters" USING btree ("status","due_at");