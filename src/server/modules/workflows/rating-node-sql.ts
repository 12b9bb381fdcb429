import { type SQL, sql } from 'drizzle-orm';
import { workOrderNodes } from '../../db/schema/workflows.js';
import { insertEventsSql } from '../events/events.service.js';

/**
 * For the customer's single-statement submission (ratings/submission.service): the rating node a new rating answers
 * is completed, and `work_order.node_completed` recorded, as two data-modifying CTEs after the caller's CTE named
 * `rating` (columns `invitation_id`, `node_id`): only an active rating node that counts this invitation, once (a
 * conditional update) — found by its primary key, the
 * invitation's `node_id`. Returns `node as (…), node_event as (…)` to append to the caller's WITH list; the
 * workflows module stays the only writer of its table.
 */
export function completeRatingNodeCtes(): SQL {
  return sql`node as (
      update ${workOrderNodes} n set status = 'completed', reason = 'rated', completed_at = now()
      from rating r
      where n.id = r.node_id and n.type = 'rating' and n.status = 'active' and n.invitation_ids @> array[r.invitation_id]
      returning n.id, n.work_order_id, n.node_key, n.round, r.invitation_id
    ),
    node_event as (${insertEventsSql(sql`
      select 'work_order.node_completed', work_order_id, 'work_order_node', id::text, 'system',
        jsonb_build_object('nodeId', id, 'nodeKey', node_key, 'round', round, 'type', 'rating', 'reason', 'rated',
          'invitationId', invitation_id)
      from node
      returning 1`)})`;
}
