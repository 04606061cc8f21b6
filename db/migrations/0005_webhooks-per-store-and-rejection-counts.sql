CREATE TABLE "webhook_rejections" (
	"store_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"reason" text NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	"first_rejected_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_rejected_at" timestamp with time zone DEFAULT now() NOT NULL,
	"open_event_id" uuid,
	"generation" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "webhook_rejections_store_id_provider_reason_pk" PRIMARY KEY("store_id","provider","reason")
);
--> statement-breakpoint
ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "webhook_deliveries_provider_event_unique";--> statement-breakpoint
ALTER TABLE "webhook_rejections" ADD CONSTRAINT "webhook_rejections_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_store_provider_event_unique" UNIQUE("store_id","provider","provider_event_id");