import { randomUUID } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { webhookDeliveries, webhookEndpoints } from '../../db/schema/webhooks.js';
import type { Actor } from '../../http/principal.js';
import { notFound } from '../../http/problem.js';
import { type JobQueue, queued } from '../../jobs/queue.js';
import { recordAudit } from '../audit/audit.service.js';
import type { WebhookEventType } from './payloads.js';
import { newSigningSecret, openSecrets, sealSecrets } from './signing-secrets.js';
import { deliverWebhookJob } from './webhooks.jobs.js';
import { type EndpointRow, presentEndpoint } from './webhooks.presenter.js';

export interface EndpointInput {
  url: string;
  description?: string;
  eventTypes: WebhookEventType[];
  enabled?: boolean;
}

export const DEFAULT_OVERLAP_HOURS = 24;

/** What the audit log keeps of an endpoint (never its secrets). */
const auditView = (e: EndpointRow) => ({
  url: e.url,
  description: e.description,
  eventTypes: e.eventTypes,
  enabled: e.enabled,
  disabledReason: e.disabledReason,
});

export async function findEndpoint(db: DbOrTx, id: string): Promise<EndpointRow> {
  const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).limit(1);
  if (!row) throw notFound('Webhook endpoint', id);
  return row;
}

export async function listEndpoints(db: Db) {
  const rows = await db.select().from(webhookEndpoints).orderBy(desc(webhookEndpoints.createdAt), webhookEndpoints.id);
  return rows.map(presentEndpoint);
}

export async function getEndpoint(db: Db, id: string) {
  return presentEndpoint(await findEndpoint(db, id));
}

/** A new endpoint and its signing secret, which this answer shows once (GET never does). Audited. */
export async function createEndpoint(db: Db, appSecret: string, actor: Actor, input: EndpointInput) {
  const id = randomUUID();
  const secret = newSigningSecret();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(webhookEndpoints)
      .values({
        id,
        url: input.url,
        description: input.description ?? '',
        eventTypes: [...new Set(input.eventTypes)],
        enabled: input.enabled ?? true,
        secrets: sealSecrets(appSecret, id, { current: secret }),
        createdBy: actor.id,
      })
      .returning();
    await recordAudit(tx, actor, {
      action: 'webhook_endpoint.created',
      entityType: 'webhook_endpoint',
      entityId: id,
      after: auditView(row!),
    });
    return { ...presentEndpoint(row!), secret };
  });
}

/**
 * Changes url, description, event selection or the enabled flag. Enabling clears the platform's disabling and sends
 * the deliveries left pending while it was off (their tries found it disabled and stopped) now, in this transaction.
 */
export async function updateEndpoint(db: Db, jobs: JobQueue, actor: Actor, id: string, input: Partial<EndpointInput>) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).for('update');
    if (!before) throw notFound('Webhook endpoint', id);
    const enabling = input.enabled === true && !before.enabled;
    const [row] = await tx
      .update(webhookEndpoints)
      .set({
        ...(input.url !== undefined && { url: input.url }),
        ...(input.description !== undefined && { description: input.description }),
        ...(input.eventTypes !== undefined && { eventTypes: [...new Set(input.eventTypes)] }),
        ...(input.enabled !== undefined && { enabled: input.enabled }),
        ...(enabling && { disabledReason: null, failingSince: null }),
        updatedAt: sql`now()`,
      })
      .where(eq(webhookEndpoints.id, id))
      .returning();
    if (enabling) await resumePending(tx, jobs, id);
    await recordAudit(tx, actor, {
      action: 'webhook_endpoint.updated',
      entityType: 'webhook_endpoint',
      entityId: id,
      before: auditView(before),
      after: auditView(row!),
    });
    return presentEndpoint(row!);
  });
}

async function resumePending(tx: DbOrTx, jobs: JobQueue, endpointId: string) {
  const pending = await tx
    .select({ id: webhookDeliveries.id, attempts: webhookDeliveries.attempts })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.status, 'pending')));
  const resumedAt = Date.now();
  await jobs.sendMany(
    pending.map((d) =>
      queued(
        deliverWebhookJob,
        { deliveryId: d.id, attempt: d.attempts + 1 },
        { key: `${d.id}:${d.attempts + 1}:resumed:${resumedAt}` },
      ),
    ),
    { tx },
  );
}

/** Deletes the endpoint with its deliveries and attempts (cascade). Audited. */
export async function deleteEndpoint(db: Db, actor: Actor, id: string) {
  await db.transaction(async (tx) => {
    const [row] = await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id)).returning();
    if (!row) throw notFound('Webhook endpoint', id);
    await recordAudit(tx, actor, {
      action: 'webhook_endpoint.deleted',
      entityType: 'webhook_endpoint',
      entityId: id,
      before: auditView(row),
    });
  });
}

/**
 * A new signing secret, used from now on; the one it replaces keeps signing too (a second signature) for
 * `overlapHours` (0: not at all), so the receiver can switch without refusing a delivery. A secret rotated out
 * earlier and still overlapping is dropped. Audited (without secrets).
 */
export async function rotateSecret(db: Db, appSecret: string, actor: Actor, id: string, overlapHours: number) {
  const secret = newSigningSecret();
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).for('update');
    if (!row) throw notFound('Webhook endpoint', id);
    const { current } = openSecrets(appSecret, id, row.secrets);
    const expiresAt = overlapHours > 0 ? new Date(Date.now() + overlapHours * 3600_000) : null;
    await tx
      .update(webhookEndpoints)
      .set({
        secrets: sealSecrets(appSecret, id, expiresAt ? { current: secret, previous: current } : { current: secret }),
        previousSecretExpiresAt: expiresAt,
        updatedAt: sql`now()`,
      })
      .where(eq(webhookEndpoints.id, id));
    await recordAudit(tx, actor, {
      action: 'webhook_endpoint.secret_rotated',
      entityType: 'webhook_endpoint',
      entityId: id,
      after: { overlapHours, previousSecretExpiresAt: expiresAt?.toISOString() ?? null },
    });
    return { secret, previousSecretExpiresAt: expiresAt?.toISOString() ?? null };
  });
}
