import { and, eq, gte, ilike, lte, type SQL, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { auditEvents } from '../../db/schema/audit.js';
import { escapeLike } from '../../db/sql.js';
import { instant } from '../../http/dates.js';
import { keyset } from '../../http/pagination.js';
import type { Actor } from '../../http/principal.js';
import { presentAuditEvent } from './audit.presenter.js';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Records a change; call it inside the transaction that makes the change so neither exists without the other. */
export async function recordAudit(tx: DbOrTx, actor: Actor, entry: AuditEntry): Promise<void> {
  await tx.insert(auditEvents).values({
    actorType: actor.type,
    actorId: actor.id,
    actorName: actor.name,
    ip: actor.ip,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
}

export interface AuditQuery {
  limit: number;
  cursor?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  actorId?: string;
  /** ISO instants (validated by `instantParam`). */
  from?: string;
  to?: string;
}

const auditPage = keyset({ kind: 'timestamp', sort: auditEvents.at, id: auditEvents.id, order: 'desc' });

export async function listAuditEvents(db: Db, q: AuditQuery) {
  const where: (SQL | undefined)[] = [];
  if (q.action) where.push(ilike(auditEvents.action, `%${escapeLike(q.action)}%`));
  if (q.entityType) where.push(eq(auditEvents.entityType, q.entityType));
  if (q.entityId) where.push(eq(auditEvents.entityId, q.entityId));
  if (q.actorId) where.push(eq(auditEvents.actorId, q.actorId));
  if (q.from) where.push(gte(auditEvents.at, instant(q.from)));
  if (q.to) where.push(lte(auditEvents.at, instant(q.to)));
  where.push(auditPage.after(q.cursor));
  const rows = await db
    .select({ event: auditEvents, pageKey: auditPage.key })
    .from(auditEvents)
    .where(and(...where))
    .orderBy(...auditPage.orderBy)
    .limit(q.limit + 1);
  return auditPage.page(
    rows,
    q.limit,
    (r) => presentAuditEvent(r.event),
    (r) => ({ v: r.pageKey, id: r.event.id }),
  );
}

/** Whether an audit event of `action` exists whose `after` contains `after` (jsonb containment), e.g. a test send. */
export async function auditEventExists(db: DbOrTx, action: string, after: Record<string, unknown>): Promise<boolean> {
  const rows = await db
    .select({ id: auditEvents.id })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), sql`${auditEvents.after} @> ${JSON.stringify(after)}::jsonb`))
    .limit(1);
  return rows.length > 0;
}
