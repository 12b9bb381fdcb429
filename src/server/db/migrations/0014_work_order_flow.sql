-- #13: nodes at any stage, several per workflow, rework rounds. Today's nodes become "after completed", keyed by
-- their type (a workflow held at most one of each), and existing instances round 1.
DROP INDEX "work_order_nodes_type_uq";--> statement-breakpoint
ALTER TABLE "invitations" ADD COLUMN "node_id" uuid;--> statement-breakpoint
ALTER TABLE "ratings" ADD COLUMN "node_id" uuid;--> statement-breakpoint
ALTER TABLE "work_orders" ADD COLUMN "round" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "work_order_nodes" ADD COLUMN "node_key" text;--> statement-breakpoint
UPDATE "work_order_nodes" SET "node_key" = "type";--> statement-breakpoint
ALTER TABLE "work_order_nodes" ALTER COLUMN "node_key" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "work_order_nodes" ADD COLUMN "stage" text DEFAULT 'completed' NOT NULL;--> statement-breakpoint
ALTER TABLE "work_order_nodes" ADD COLUMN "round" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "work_order_nodes_key_round_uq" ON "work_order_nodes" USING btree ("work_order_id","node_key","round");--> statement-breakpoint
UPDATE "service_type_workflows" SET "nodes" = (
  SELECT coalesce(jsonb_agg(n || jsonb_build_object('stage', coalesce(n->>'stage', 'completed'), 'key', coalesce(n->>'key', n->>'type')) ORDER BY ord), '[]'::jsonb)
    FROM jsonb_array_elements("nodes") WITH ORDINALITY AS e(n, ord)
);--> statement-breakpoint
UPDATE "invitations" i SET "node_id" = n."id" FROM "work_order_nodes" n WHERE i."id" = ANY(n."invitation_ids");--> statement-breakpoint
UPDATE "ratings" r SET "node_id" = i."node_id" FROM "invitations" i WHERE r."invitation_id" = i."id" AND i."node_id" IS NOT NULL;
