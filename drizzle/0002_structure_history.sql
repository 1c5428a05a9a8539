CREATE TABLE "structure_changes" (
	"id" text PRIMARY KEY NOT NULL,
	"community_id" text NOT NULL,
	"actor_id" text,
	"kind" text NOT NULL,
	"action" text NOT NULL,
	"target_id" text,
	"target_name" text DEFAULT '' NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "structure_changes_community_idx" ON "structure_changes" USING btree ("community_id","at");