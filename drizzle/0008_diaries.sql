CREATE TABLE "diary_comments" (
	"id" text PRIMARY KEY NOT NULL,
	"community_id" text NOT NULL,
	"user_id" text NOT NULL,
	"date" date NOT NULL,
	"author_id" text NOT NULL,
	"kind" text NOT NULL,
	"text" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "diary_days" (
	"community_id" text NOT NULL,
	"user_id" text NOT NULL,
	"date" date NOT NULL,
	"done_at" timestamp with time zone NOT NULL,
	CONSTRAINT "diary_days_user_id_community_id_date_pk" PRIMARY KEY("user_id","community_id","date")
);
--> statement-breakpoint
CREATE TABLE "diary_entries" (
	"id" text PRIMARY KEY NOT NULL,
	"community_id" text NOT NULL,
	"user_id" text NOT NULL,
	"date" date NOT NULL,
	"problem" text NOT NULL,
	"action" text DEFAULT '' NOT NULL,
	"result" text DEFAULT '' NOT NULL,
	"matter_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "diary_comments" ADD CONSTRAINT "diary_comments_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diary_comments" ADD CONSTRAINT "diary_comments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diary_comments" ADD CONSTRAINT "diary_comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diary_days" ADD CONSTRAINT "diary_days_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diary_days" ADD CONSTRAINT "diary_days_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diary_entries" ADD CONSTRAINT "diary_entries_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diary_entries" ADD CONSTRAINT "diary_entries_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diary_entries" ADD CONSTRAINT "diary_entries_matter_id_matters_id_fk" FOREIGN KEY ("matter_id") REFERENCES "public"."matters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "diary_comments_user_date_idx" ON "diary_comments" USING btree ("user_id","date");--> statement-breakpoint
CREATE INDEX "diary_comments_community_date_idx" ON "diary_comments" USING btree ("community_id","date");--> statement-breakpoint
CREATE INDEX "diary_days_community_date_idx" ON "diary_days" USING btree ("community_id","date");--> statement-breakpoint
CREATE INDEX "diary_entries_user_date_idx" ON "diary_entries" USING btree ("user_id","date");--> statement-breakpoint
CREATE INDEX "diary_entries_community_date_idx" ON "diary_entries" USING btree ("community_id","date");--> statement-breakpoint
CREATE INDEX "progress_events_building_time_idx" ON "progress_events" USING btree ("community_id","building_id","recorded_at");--> statement-breakpoint
CREATE INDEX "progress_events_user_time_idx" ON "progress_events" USING btree ("community_id","user_id","recorded_at");--> statement-breakpoint
CREATE INDEX "task_acks_user_time_idx" ON "task_acks" USING btree ("community_id","user_id","acked_at");--> statement-breakpoint
CREATE INDEX "matter_events_by_idx" ON "matter_events" USING btree ("by","at");