import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { deliveryProblems } from '../../db/schema/delivery.js';
import type { Actor } from '../../http/principal.js';
import { notFound } from '../../http/problem.js';
import { recordAudit } from '../audit/audit.service.js';
import type { ProblemRow } from './problem-notices.js';

export function presentProblem(p: ProblemRow) {
  return {
    id: p.id,
    cause: p.cause,
    channel: p.channel,
    kind: p.kind,
    code: p.code,
    detail: p.detail,
    count: p.count,
    lastInvitationId: p.lastInvitationId,
    firstSeenAt: p.firstSeenAt.toISOString(),
    lastSeenAt: p.lastSeenAt.toISOString(),
    acknowledgedAt: p.acknowledgedAt?.toISOString() ?? null,
  };
}

/** Open (unacknowledged) delivery problems, most recent first. */
export async function listOpenProblems(db: Db) {
  const rows = await db
    .select()
    .from(deliveryProblems)
    .where(isNull(deliveryProblems.acknowledgedAt))
    .orderBy(desc(deliveryProblems.lastSeenAt))
    .limit(100);
  return rows.map(presentProblem);
}

/**
 * Marks a problem as seen: it leaves the banner, and the next failure with the same cause re-opens it and mails the
 * admins again. Acknowledging an acknowledged problem changes nothing. Audited.
 */
export async function acknowledgeProblem(db: Db, actor: Actor, id: string) {
  return db.transaction(async (tx) => {
    const [done] = await tx
      .update(deliveryProblems)
      .set({ acknowledgedAt: new Date(), acknowledgedBy: actor.id })
      .where(and(eq(deliveryProblems.id, id), isNull(deliveryProblems.acknowledgedAt)))
      .returning();
    if (done) {
      await recordAudit(tx, actor, {
        action: 'delivery_problem.acknowledged',
        entityType: 'delivery_problem',
        entityId: id,
        after: { cause: done.cause, count: done.count },
      });
      return presentProblem(done);
    }
    const [row] = await tx.select().from(deliveryProblems).where(eq(deliveryProblems.id, id));
    if (!row) throw notFound('Delivery problem', id);
    return presentProblem(row);
  });
}
