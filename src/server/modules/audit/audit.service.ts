import { and, desc, eq, gte, ilike, lt, lte, or, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { auditEvents } from '../../db/schema/audit.js';
import { decodeCursor, toPage } from '../../http/pagination.js';
import type { Actor } from '../auth/principal.js';
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
  from?: Date;
  to?: Date;
}

export async function listAuditEvents(db: Db, q: AuditQuery) {
  const where: (SQL | undefined)[] = [];
  if (q.action) where.push(ilike(auditEvents.action, `%${q.action.replace(/[%_\\]/g, '\\$&')}%`));
  if (q.entityType) where.push(eq(auditEvents.entityType, q.entityType));
  if (q.entityId) where.push(eq(auditEvents.entityId, q.entityId));
  if (q.actorId) where.push(eq(auditEvents.actorId, q.actorId));
  if (q.from) where.push(gte(auditEvents.at, q.from));
  if (q.to) where.push(lte(auditEvents.at, q.to));
  const pos = decodeCursor(q.cursor);
  if (pos) {
    const at = new Date(pos.v);
    where.push(or(lt(auditEvents.at, at), and(eq(auditEvents.at, at), lt(auditEvents.id, pos.id))));
  }
  const rows = await db
    .select()
    .from(auditEvents)
    .where(and(...where))
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(q.limit + 1);
  return toPage(rows, q.limit, presentAuditEvent, (r) => ({ v: r.at.toISOString(), id: r.id }));
}
