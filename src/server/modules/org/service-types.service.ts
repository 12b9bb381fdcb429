import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { violatedUniqueConstraint } from '../../db/errors.js';
import { serviceTypes } from '../../db/schema/org.js';
import { keyset } from '../../http/pagination.js';
import type { Actor } from '../../http/principal.js';
import { conflict, issue, notFound } from '../../http/problem.js';
import { recordAudit } from '../audit/audit.service.js';
import { presentServiceType, type ServiceTypeView } from './org.presenters.js';
import type { CreateServiceTypeInput, UpdateServiceTypeInput } from './org.schemas.js';

const codeTaken = (code: string) =>
  conflict(`Service type code "${code}" is already used.`, 'conflict', [issue('code', 'is_taken', 'is already used')]);

async function translateUnique<T>(work: () => Promise<T>, code: string | undefined): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (violatedUniqueConstraint(err) !== null && code) throw codeTaken(code);
    throw err;
  }
}

async function checkCode(tx: DbOrTx, code: string | undefined, selfId?: string) {
  if (code === undefined) return;
  const [taken] = await tx
    .select({ id: serviceTypes.id })
    .from(serviceTypes)
    .where(and(eq(serviceTypes.code, code), selfId ? sql`${serviceTypes.id} <> ${selfId}::uuid` : undefined));
  if (taken) throw codeTaken(code);
}

const serviceTypesPage = keyset({ kind: 'text', sort: serviceTypes.name, id: serviceTypes.id, order: 'asc' });

export async function listServiceTypes(db: Db, q: { limit: number; cursor?: string; active?: boolean }) {
  const where: (SQL | undefined)[] = [];
  if (q.active !== undefined) where.push(eq(serviceTypes.active, q.active));
  where.push(serviceTypesPage.after(q.cursor));
  const rows = await db
    .select()
    .from(serviceTypes)
    .where(and(...where))
    .orderBy(...serviceTypesPage.orderBy)
    .limit(q.limit + 1);
  return serviceTypesPage.page(rows, q.limit, presentServiceType, (r) => ({ v: r.name, id: r.id }));
}

export async function getServiceType(db: DbOrTx, id: string): Promise<ServiceTypeView> {
  const [row] = await db.select().from(serviceTypes).where(eq(serviceTypes.id, id)).limit(1);
  if (!row) throw notFound('Service type', id);
  return presentServiceType(row);
}

export async function createServiceType(db: Db, actor: Actor, input: CreateServiceTypeInput): Promise<ServiceTypeView> {
  return translateUnique(
    () =>
      db.transaction(async (tx) => {
        await checkCode(tx, input.code);
        const [row] = await tx
          .insert(serviceTypes)
          .values({
            name: input.name,
            code: input.code,
            description: input.description ?? null,
            active: input.active ?? true,
          })
          .returning();
        const after = presentServiceType(row!);
        await recordAudit(tx, actor, {
          action: 'service_type.created',
          entityType: 'service_type',
          entityId: after.id,
          after,
        });
        return after;
      }),
    input.code,
  );
}

export async function updateServiceType(
  db: Db,
  actor: Actor,
  id: string,
  input: UpdateServiceTypeInput,
): Promise<ServiceTypeView> {
  return translateUnique(
    () =>
      db.transaction(async (tx) => {
        const before = await getServiceType(tx, id);
        await checkCode(tx, input.code, id);
        const [row] = await tx
          .update(serviceTypes)
          .set({
            ...(input.name !== undefined && { name: input.name }),
            ...(input.code !== undefined && { code: input.code }),
            ...(input.description !== undefined && { description: input.description }),
            ...(input.active !== undefined && { active: input.active }),
            updatedAt: new Date(),
          })
          .where(eq(serviceTypes.id, id))
          .returning();
        const after = presentServiceType(row!);
        await recordAudit(tx, actor, {
          action: 'service_type.updated',
          entityType: 'service_type',
          entityId: id,
          before,
          after,
        });
        return after;
      }),
    input.code,
  );
}

/** Whether the service type exists (archived or not); for other modules validating a reference. */
export async function serviceTypeExists(db: DbOrTx, id: string): Promise<boolean> {
  const [row] = await db.select({ id: serviceTypes.id }).from(serviceTypes).where(eq(serviceTypes.id, id));
  return Boolean(row);
}

/** The service type's code (what rating rules match on), or undefined when there is no such service type. */
export async function serviceTypeCode(db: DbOrTx, id: string): Promise<string | undefined> {
  const [row] = await db.select({ code: serviceTypes.code }).from(serviceTypes).where(eq(serviceTypes.id, id));
  return row?.code;
}
