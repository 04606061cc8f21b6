CREATE TABLE "activity_seal_heads" (
	"store_id" uuid PRIMARY KEY NOT NULL,
	"seq" bigint DEFAULT 0 NOT NULL,
	"chain_hash" text NOT NULL,
	"sealed_at" timestamp with time zone,
	"checkpoint_seq" bigint DEFAULT 0 NOT NULL,
	"verified_at" timestamp with time zone,
	"verified_seq" bigint DEFAULT 0 NOT NULL,
	"verified_through" timestamp with time zone,
	"verified_rows" integer DEFAULT 0 NOT NULL,
	"last_full_verify_at" timestamp with time zone,
	"failure" text,
	"failed_at" timestamp with time zone,
	"reported_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "activity_seal_progress" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"sealed_through" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "activity_seals" (
	"store_id" uuid NOT NULL,
	"seq" bigint NOT NULL,
	"activity_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"entry_at" timestamp with time zone NOT NULL,
	"row_hash" text NOT NULL,
	"chain_hash" text NOT NULL,
	"sealed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "activity_seals_store_id_seq_pk" PRIMARY KEY("store_id","seq"),
	CONSTRAINT "activity_seals_kind_valid" CHECK ("activity_seals"."kind" in ('row', 'resolution', 'redaction'))
);
--> statement-breakpoint
ALTER TABLE "activity_log" ADD COLUMN "seal_salt" uuid DEFAULT gen_random_uuid();--> statement-breakpoint
ALTER TABLE "activity_log" ADD COLUMN "redactions" jsonb;--> statement-breakpoint
ALTER TABLE "activity_log" ADD COLUMN "redacted_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "activity_seals_activity_idx" ON "activity_seals" USING btree ("activity_id","kind");--> statement-breakpoint
CREATE INDEX "activity_log_inserted_idx" ON "activity_log" USING btree ("inserted_at");--> statement-breakpoint
CREATE INDEX "activity_log_resolved_idx" ON "activity_log" USING btree ("resolved_at") WHERE "activity_log"."resolved_at" is not null;--> statement-breakpoint
CREATE INDEX "activity_log_redacted_idx" ON "activity_log" USING btree ("redacted_at") WHERE "activity_log"."redacted_at" is not null;