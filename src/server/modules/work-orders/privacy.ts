/**
 * What the work-orders module holds about a customer (issue 21): the contact columns of work orders and the openids
 * learnt by the portal. The privacy module asks through here; this module alone writes its tables.
 */
import { and, asc, inArray, isNotNull, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import { contactKeysOfPerson, type PersonKeys } from '../../../common/privacy.js';
import type { DbOrTx } from '../../db/client.js';
import { contactWechatIds, workOrderImports, workOrders } from '../../db/schema/work-orders.js';

function personMatch(p: PersonKeys): SQL {
  const parts: SQL[] = [];
  if (p.phone) parts.push(sql`rateloop_phone_key(${workOrders.customerPhone}) = ${p.phone}`);
  if (p.email) parts.push(sql`lower(btrim(${workOrders.customerEmail})) = ${p.email}`);
  if (p.openId) parts.push(sql`btrim(${workOrders.customerWechatOpenId}) = ${p.openId}`);
  return parts.length ? or(...parts)! : sql`false`;
}

/** Every work order (cancelled ones too) whose customer is this person, oldest first. */
export async function workOrdersOfPerson(db: DbOrTx, p: PersonKeys) {
  return db
    .select({
      id: workOrders.id,
      number: workOrders.number,
      externalId: workOrders.externalId,
      subject: workOrders.subject,
      status: workOrders.status,
      store: workOrders.store,
      customerName: workOrders.customerName,
      customerPhone: workOrders.customerPhone,
      customerEmail: workOrders.customerEmail,
      customerWechatOpenId: workOrders.customerWechatOpenId,
      customerLocale: workOrders.customerLocale,
      createdAt: workOrders.createdAt,
      completedAt: workOrders.completedAt,
      closedAt: workOrders.closedAt,
    })
    .from(workOrders)
    .where(personMatch(p))
    .orderBy(asc(workOrders.createdAt), asc(workOrders.id));
}

/** The openids the portal recorded for this person's contact keys, or under their openid. */
export async function wechatIdsOfPerson(db: DbOrTx, p: PersonKeys) {
  const keys = contactKeysOfPerson(p);
  const parts: SQL[] = [];
  if (keys.length) parts.push(inArray(contactWechatIds.contactKey, keys));
  if (p.openId) parts.push(sql`${contactWechatIds.openId} = ${p.openId}`);
  if (!parts.length) return [];
  return db
    .select()
    .from(contactWechatIds)
    .where(or(...parts));
}

/**
 * Work orders whose contact data are due under retention: untouched since `before` and not redacted yet, oldest
 * first (the partial index `work_orders_contact_retention_idx` keeps this cheap as rows are done).
 */
export async function workOrdersDueForContactRedaction(db: DbOrTx, before: Date, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: workOrders.id })
    .from(workOrders)
    .where(and(isNull(workOrders.contactRedactedAt), lt(workOrders.updatedAt, before)))
    .orderBy(asc(workOrders.updatedAt))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** How many work orders `workOrdersDueForContactRedaction` would walk (the preview). */
export async function countWorkOrdersDueForContactRedaction(db: DbOrTx, before: Date): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(workOrders)
    .where(and(isNull(workOrders.contactRedactedAt), lt(workOrders.updatedAt, before)));
  return row?.n ?? 0;
}

/**
 * Empties the customer's name, phone, e-mail and openid of these work orders and marks them redacted. `updated_at` is
 * left as it is: a redaction is not a change of the work order (no event, no webhook, no re-evaluation).
 */
export async function redactWorkOrderContacts(tx: DbOrTx, ids: string[], now: Date): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await tx
    .update(workOrders)
    .set({
      customerName: null,
      customerPhone: null,
      customerEmail: null,
      customerWechatOpenId: null,
      contactRedactedAt: now,
    })
    .where(and(inArray(workOrders.id, ids), isNull(workOrders.contactRedactedAt)))
    .returning({ id: workOrders.id });
  return rows.length;
}

/** Forgets the openids recorded for this person (erase) — or, with `before`, every one recorded before it (retention). */
export async function forgetWechatIds(tx: DbOrTx, target: { person: PersonKeys } | { before: Date }): Promise<number> {
  let where: SQL | undefined;
  if ('before' in target) where = lt(contactWechatIds.recordedAt, target.before);
  else {
    const keys = contactKeysOfPerson(target.person);
    const parts: SQL[] = [];
    if (keys.length) parts.push(inArray(contactWechatIds.contactKey, keys));
    if (target.person.openId) parts.push(sql`${contactWechatIds.openId} = ${target.person.openId}`);
    if (!parts.length) return 0;
    where = or(...parts);
  }
  const rows = await tx.delete(contactWechatIds).where(where).returning({ key: contactWechatIds.contactKey });
  return rows.length;
}

/**
 * Empties the uploaded CSV text of finished imports (their counts and errors stay): those whose text names this
 * person (erase: the e-mail, the phone's digits as typed with or without +86, the openid), or those finished before
 * `before` (retention).
 */
export async function forgetImportFiles(tx: DbOrTx, target: { person: PersonKeys } | { before: Date }) {
  const parts: SQL[] = [];
  if ('before' in target) parts.push(lt(workOrderImports.finishedAt, target.before));
  else {
    const p = target.person;
    const like = (needle: string) => sql`strpos(lower(${workOrderImports.csv}), ${needle.toLowerCase()}) > 0`;
    if (p.email) parts.push(like(p.email));
    if (p.openId) parts.push(like(p.openId));
    if (p.phone) parts.push(like(p.phone.replace(/^\+86/, '')));
  }
  if (!parts.length) return 0;
  const rows = await tx
    .update(workOrderImports)
    .set({ csv: '' })
    .where(and(isNotNull(workOrderImports.finishedAt), sql`${workOrderImports.csv} <> ''`, or(...parts)))
    .returning({ id: workOrderImports.id });
  return rows.length;
}
