-- Issue 20, pad mode: "rate on this device" suspends the engineer's console session until they re-authenticate
-- (`suspended_at`), remembering the invitation the customer rates on the device (`pad_invitation_id`: a pad token
-- counts only for that invitation and that session). No foreign key to invitations: the auth module sits below them.
ALTER TABLE "sessions" ADD COLUMN "suspended_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "pad_invitation_id" uuid;
--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "pad_work_order_id" uuid;
