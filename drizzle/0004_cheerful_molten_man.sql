CREATE TABLE "login_throttle_by_address" (
	"username" text NOT NULL,
	"address" text NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"last_failure_at" timestamp with time zone NOT NULL,
	CONSTRAINT "login_throttle_by_address_username_address_pk" PRIMARY KEY("username","address")
);
