CREATE TABLE "building_public_codes" (
	"code" text PRIMARY KEY NOT NULL,
	"building_id" text NOT NULL,
	"community_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"replaced_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "public_report_throttle" (
	"key" text PRIMARY KEY NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "communities" ADD COLUMN "hotline" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "public_contact" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "matters" ADD COLUMN "resident_phone" text;--> statement-breakpoint
ALTER TABLE "photos" ADD COLUMN "public_code" text;--> statement-breakpoint
ALTER TABLE "building_public_codes" ADD CONSTRAINT "building_public_codes_building_id_buildings_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."buildings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "building_public_codes" ADD CONSTRAINT "building_public_codes_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "building_public_codes_current_idx" ON "building_public_codes" USING btree ("building_id") WHERE "building_public_codes"."replaced_at" is null;