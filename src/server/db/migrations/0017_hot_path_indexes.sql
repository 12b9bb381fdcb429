-- (invitation_id, idempotency_key) — the unique index — already serves every lookup by invitation.
DROP INDEX "ratings_invitation_idx";--> statement-breakpoint
-- A submission updates its invitation's counters and its rating node's status, no indexed column (issue #15): room
-- on each page lets PostgreSQL keep those updates HOT (no new index entries). Applies to pages written from now on.
ALTER TABLE "invitations" SET (fillfactor = 85);--> statement-breakpoint
ALTER TABLE "work_order_nodes" SET (fillfactor = 90);
