/**
 * What the sandbox inbox holds about a customer (issue 21): messages "sent" to them through a sandbox provider.
 * Retention and erase delete them.
 */
import { lt, or, type SQL, sql } from 'drizzle-orm';
import type { PersonKeys } from '../../../common/privacy.js';
import type { DbOrTx } from '../../db/client.js';
import { sandboxMessages } from '../../db/schema/channels.js';

export async function forgetSandboxMessages(tx: DbOrTx, target: { person: PersonKeys } | { before: Date }) {
  let where: SQL | undefined;
  if ('before' in target) where = lt(sandboxMessages.createdAt, target.before);
  else {
    const p = target.person;
    const parts: SQL[] = [];
    if (p.phone)
      parts.push(
        sql`${sandboxMessages.channel} = 'sms' and rateloop_phone_key(${sandboxMessages.recipient}) = ${p.phone}`,
      );
    if (p.email) parts.push(sql`lower(btrim(${sandboxMessages.recipient})) = ${p.email}`);
    if (p.openId) parts.push(sql`${sandboxMessages.recipient} = ${p.openId}`);
    if (!parts.length) return 0;
    where = or(...parts);
  }
  const rows = await tx.delete(sandboxMessages).where(where).returning({ id: sandboxMessages.id });
  return rows.length;
}
