-- Issue 20: a customer's WeChat openid learnt by the portal's WeChat sign-in (snsapi_base), per verified contact
-- (`phone:+86…` / `email:…`). The work-orders module owns it: new work orders of that contact get the openid, so
-- their invitations can go out as WeChat template messages.
CREATE TABLE "contact_wechat_ids" (
	"contact_key" text PRIMARY KEY NOT NULL,
	"open_id" text NOT NULL,
	"app_id" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "contact_wechat_ids_open_id_idx" ON "contact_wechat_ids" USING btree ("open_id","app_id");
