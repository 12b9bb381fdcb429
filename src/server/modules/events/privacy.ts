/**
 * Domain events that quote a customer's contact data (issue 21): `work_order.updated` records each changed field
 * with its old and new value. Retention and erase take the customer fields out of those records; the rest of the
 * timeline stays.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { domainEvents } from '../../db/schema/events.js';
import { anyUuid } from '../../db/sql.js';

const CONTACT_FIELDS = ['customerName', 'customerPhone', 'customerEmail', 'customerWechatOpenId'];

export async function redactContactChanges(tx: DbOrTx, workOrderIds: string[]): Promise<number> {
  if (!workOrderIds.length) return 0;
  const fields = sql.param(CONTACT_FIELDS);
  const rows = await tx
    .update(domainEvents)
    .set({
      data: sql`jsonb_set(${domainEvents.data}, '{changes}', (${domainEvents.data}->'changes') - ${fields}::text[])`,
    })
    .where(
      and(
        anyUuid(domainEvents.workOrderId, workOrderIds),
        eq(domainEvents.type, 'work_order.updated'),
        sql`(${domainEvents.data}->'changes') ?| ${fields}::text[]`,
      ),
    )
    .returning({ seq: domainEvents.seq });
  return rows.length;
}
