CREATE TABLE "morning_email_deliveries" (
	"store_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"local_date" date NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "morning_email_deliveries_store_id_user_id_local_date_pk" PRIMARY KEY("store_id","user_id","local_date")
);
--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "stripe_webhook_secret_previous" text;--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "stripe_webhook_secret_previous_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "printify_webhook_secret_previous" text;--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "printify_webhook_secret_previous_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "morning_email" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "morning_email_deliveries" ADD CONSTRAINT "morning_email_deliveries_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "morning_email_deliveries" ADD CONSTRAINT "morning_email_deliveries_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;