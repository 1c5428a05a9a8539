CREATE TABLE "progress_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"community_id" text NOT NULL,
	"task_id" text NOT NULL,
	"building_id" text NOT NULL,
	"household_code" text NOT NULL,
	"status" text NOT NULL,
	"note" text,
	"user_id" text,
	"recorded_at" timestamp with time zone NOT NULL,
	"stored_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" text PRIMARY KEY NOT NULL,
	"community_id" text NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"kind" text DEFAULT 'custom' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"round" integer DEFAULT 1 NOT NULL,
	"round_of" text,
	"created_by" text,
	"created_at" timestamp with time zone,
	"due_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"scope" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "yjs_client_ids" (
	"doc" text NOT NULL,
	"client_id" bigint NOT NULL,
	"user_id" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "yjs_client_ids_doc_client_id_pk" PRIMARY KEY("doc","client_id")
);
--> statement-breakpoint
CREATE TABLE "yjs_snapshots" (
	"doc" text PRIMARY KEY NOT NULL,
	"state" "bytea" NOT NULL,
	"updates_folded" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "yjs_updates" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"doc" text NOT NULL,
	"update" "bytea" NOT NULL,
	"user_id" text,
	"client_id" bigint,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "progress_events_task_idx" ON "progress_events" USING btree ("task_id","building_id","household_code","id");--> statement-breakpoint
CREATE INDEX "progress_events_community_idx" ON "progress_events" USING btree ("community_id","stored_at");--> statement-breakpoint
CREATE INDEX "tasks_community_idx" ON "tasks" USING btree ("community_id","status");--> statement-breakpoint
CREATE INDEX "yjs_updates_doc_idx" ON "yjs_updates" USING btree ("doc","id");