-- Issue 20: the customer portal's sign-in codes and sessions (the portal module's tables). Codes are derived from
-- the row id and the app secret, never stored; sessions keep the SHA-256 of the cookie's token.
CREATE TABLE "portal_sign_in_codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"address" text NOT NULL,
	"channel" text NOT NULL,
	"lang" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"guesses" integer DEFAULT 0 NOT NULL,
	"consumed_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"send_error" text,
	CONSTRAINT "portal_sign_in_codes_guesses_check" CHECK ("portal_sign_in_codes"."guesses" >= 0)
);
--> statement-breakpoint
CREATE TABLE "portal_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_hash" text NOT NULL,
	"address" text NOT NULL,
	"code_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"confirmed_names" text[] DEFAULT '{}'::text[] NOT NULL,
	"name_tries" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "portal_sessions_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
ALTER TABLE "portal_sessions" ADD CONSTRAINT "portal_sessions_code_id_portal_sign_in_codes_id_fk" FOREIGN KEY ("code_id") REFERENCES "public"."portal_sign_in_codes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "portal_sign_in_codes_address_idx" ON "portal_sign_in_codes" USING btree ("address","created_at");--> statement-breakpoint
CREATE INDEX "portal_sessions_address_idx" ON "portal_sessions" USING btree ("address");
--> statement-breakpoint
-- A customer's work orders by their verified phone: the customer's number as typed, normalised like
-- delivery/opt-outs.ts `normalisePhone` (digits; `00` read as `+`; a bare mainland mobile gets +86), indexed.
CREATE FUNCTION "rateloop_phone_key"(p text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN p IS NULL OR btrim(p) = '' THEN NULL
    WHEN btrim(p) LIKE '+%' THEN '+' || regexp_replace(p, '[^0-9]', '', 'g')
    WHEN btrim(p) LIKE '00%' THEN '+' || substr(regexp_replace(p, '[^0-9]', '', 'g'), 3)
    WHEN regexp_replace(p, '[^0-9]', '', 'g') ~ '^1[3-9][0-9]{9}$' THEN '+86' || regexp_replace(p, '[^0-9]', '', 'g')
    ELSE '+' || regexp_replace(p, '[^0-9]', '', 'g')
  END
$$;
--> statement-breakpoint
CREATE INDEX "work_orders_customer_phone_key_idx" ON "work_orders" USING btree (rateloop_phone_key("customer_phone"));--> statement-breakpoint
CREATE INDEX "work_orders_customer_email_key_idx" ON "work_orders" USING btree (lower(btrim("customer_email")));
