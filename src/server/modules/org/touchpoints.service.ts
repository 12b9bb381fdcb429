import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { violatedUniqueConstraint } from '../../db/errors.js';
import { touchpoints } from '../../db/schema/touchpoints.js';
import type { Actor } from '../../http/principal.js';
import { conflict, issue, notFound } from '../../http/problem.js';
import { recordAudit } from '../audit/audit.service.js';
import {
  type CreateTouchpointInput,
  type TouchpointView,
  UNKNOWN_TOUCHPOINT_WEIGHT,
  type UpdateTouchpointInput,
} from './touchpoints.schemas.js';

type Row = typeof touchpoints.$inferSelect;

export function presentTouchpoint(r: Row): TouchpointView {
  return {
    id: r.id,
    key: r.key,
    nameEn: r.nameEn,
    nameZh: r.nameZh,
    weight: r.weight,
    sort: r.sort,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

const keyTaken = (key: string) =>
  conflict(`Touchpoint "${key}" is already configured.`, 'conflict', [issue('key', 'is_taken', 'is already used')]);

async function translateUnique<T>(work: () => Promise<T>, key: string | undefined): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (violatedUniqueConstraint(err) !== null && key) throw keyTaken(key);
    throw err;
  }
}

async function checkKey(tx: DbOrTx, key: string | undefined, selfId?: string) {
  if (key === undefined) return;
  const [taken] = await tx
    .select({ id: touchpoints.id })
    .from(touchpoints)
    .where(and(eq(touchpoints.key, key), selfId ? sql`${touchpoints.id} <> ${selfId}::uuid` : undefined));
  if (taken) throw keyTaken(key);
}

/** Every configured touchpoint, by sort then key (a handful: no paging). */
export async function listTouchpoints(db: DbOrTx): Promise<{ items: TouchpointView[]; unknownWeight: number }> {
  const rows = await db.select().from(touchpoints).orderBy(asc(touchpoints.sort), asc(touchpoints.key));
  return { items: rows.map(presentTouchpoint), unknownWeight: UNKNOWN_TOUCHPOINT_WEIGHT };
}

export async function getTouchpoint(db: DbOrTx, id: string): Promise<TouchpointView> {
  const [row] = await db.select().from(touchpoints).where(eq(touchpoints.id, id)).limit(1);
  if (!row) throw notFound('Touchpoint', id);
  return presentTouchpoint(row);
}

export async function createTouchpoint(db: Db, actor: Actor, input: CreateTouchpointInput): Promise<TouchpointView> {
  return translateUnique(
    () =>
      db.transaction(async (tx) => {
        await checkKey(tx, input.key);
        const [row] = await tx
          .insert(touchpoints)
          .values({
            key: input.key,
            nameEn: input.nameEn,
            nameZh: input.nameZh,
            weight: input.weight,
            sort: input.sort ?? 0,
          })
          .returning();
        const after = presentTouchpoint(row!);
        await recordAudit(tx, actor, {
          action: 'touchpoint.created',
          entityType: 'touchpoint',
          entityId: after.id,
          after,
        });
        return after;
      }),
    input.key,
  );
}

export async function updateTouchpoint(
  db: Db,
  actor: Actor,
  id: string,
  input: UpdateTouchpointInput,
): Promise<TouchpointView> {
  return translateUnique(
    () =>
      db.transaction(async (tx) => {
        const before = await getTouchpoint(tx, id);
        await checkKey(tx, input.key, id);
        const [row] = await tx
          .update(touchpoints)
          .set({
            ...(input.key !== undefined && { key: input.key }),
            ...(input.nameEn !== undefined && { nameEn: input.nameEn }),
            ...(input.nameZh !== undefined && { nameZh: input.nameZh }),
            ...(input.weight !== undefined && { weight: input.weight }),
            ...(input.sort !== undefined && { sort: input.sort }),
            updatedAt: new Date(),
          })
          .where(eq(touchpoints.id, id))
          .returning();
        const after = presentTouchpoint(row!);
        await recordAudit(tx, actor, {
          action: 'touchpoint.updated',
          entityType: 'touchpoint',
          entityId: id,
          before,
          after,
        });
        return after;
      }),
    input.key,
  );
}

/** Removes a touchpoint; ratings carrying its key then count as an unknown touchpoint (weight 1). */
export async function deleteTouchpoint(db: Db, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await getTouchpoint(tx, id);
    await tx.delete(touchpoints).where(eq(touchpoints.id, id));
    await recordAudit(tx, actor, { action: 'touchpoint.deleted', entityType: 'touchpoint', entityId: id, before });
  });
}

/** The configured touchpoints with their weights and names, keyed by `key` (for the analytics store reports). */
export async function touchpointWeights(
  db: DbOrTx,
): Promise<Map<string, { weight: number; nameEn: string; nameZh: string; sort: number }>> {
  const rows = await db.select().from(touchpoints);
  return new Map(rows.map((r) => [r.key, { weight: r.weight, nameEn: r.nameEn, nameZh: r.nameZh, sort: r.sort }]));
}
