CREATE TABLE "task_acks" (
	"task_id" text NOT NULL,
	"community_id" text NOT NULL,
	"user_id" text NOT NULL,
	"acked_at" timestamp with time zone NOT NULL,
	"stored_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "task_acks_task_id_user_id_pk" PRIMARY KEY("task_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "instructions" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "reminders" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "tasks_round_of_idx" ON "tasks" USING btree ("round_of");