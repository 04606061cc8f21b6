-- The activity chart's per-quarter-hour counts and the feed's list of custom event types (see
-- db/schema/activity-counts.ts), kept by the count-activity job from its bookmark. An existing
-- installation starts at the beginning: the job counts the rows already written in batches,
-- and until it has, the chart and the list read them from the log itself, as they did before.
CREATE TABLE "activity_counts" (
	"store_id" uuid NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"level" text NOT NULL,
	"events" integer NOT NULL,
	CONSTRAINT "activity_counts_store_id_bucket_level_pk" PRIMARY KEY("store_id","bucket","level"),
	CONSTRAINT "activity_counts_events_positive" CHECK ("activity_counts"."events" > 0)
);
--> statement-breakpoint
CREATE TABLE "activity_counts_progress" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"counted_through" timestamp with time zone NOT NULL,
	"counted_id" uuid
);
--> statement-breakpoint
CREATE TABLE "activity_custom_types" (
	"store_id" uuid NOT NULL,
	"event_type" text NOT NULL,
	CONSTRAINT "activity_custom_types_store_id_event_type_pk" PRIMARY KEY("store_id","event_type")
);--> statement-breakpoint
-- The chart reads a store's quarter hours of 30 days (~3,000 rows in a busy store), scattered
-- over the table in the order they were counted: read from the index alone, not the heap.
-- (Written here, not in db/schema: drizzle's index builder has no INCLUDE.)
CREATE INDEX "activity_counts_chart_idx" ON "activity_counts" ("store_id", "bucket") INCLUDE ("level", "events");--> statement-breakpoint
INSERT INTO "activity_counts_progress" ("id", "counted_through") VALUES (1, '-infinity');
