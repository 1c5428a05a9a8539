CREATE TABLE "task_archive_paths" (
	"task_id" text PRIMARY KEY NOT NULL,
	"community_id" text NOT NULL,
	"archived_at" timestamp with time zone DEFAULT now() NOT NULL,
	"paths" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE INDEX "task_archive_paths_community_idx" ON "task_archive_paths" USING btree ("community_id","archived_at");