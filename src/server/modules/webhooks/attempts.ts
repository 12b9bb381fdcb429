import { and, eq, sql } from 'drizzle-orm';
import type { AppConfig } from '../../config.js';
import type { Db, Tx } from '../../db/client.js';
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from '../../db/schema/webhooks.js';
import { SYSTEM_ACTOR } from '../../http/principal.js';
import type { JobQueue } from '../../jobs/queue.js';
import { recordAudit } from '../audit/audit.service.js';
import { exchangeStandardWebhook, type WebhookExchange } from '../channels/standard-webhooks.js';
import { recordDeliveryProblem } from '../delivery/problems.js';
import { MAX_RETRY_AFTER_SECONDS, nextAttemptAt } from './retry-schedule.js';
import { signingSecretsAt } from './signing-secrets.js';
import type { DeliveryRow, EndpointRow } from './webhooks.presenter.js';

/** What sending a delivery needs; a job's context and the app context both provide it. */
export interface AttemptEnv {
  db: Db;
  jobs: JobQueue;
  config: AppConfig;
  appSecret: string;
  now: () => Date;
}

/** Standard Webhooks "Request timeouts": 15 s. */
export const WEBHOOK_ATTEMPT_TIMEOUT_MS = 15_000;
/** An endpoint failing without a success for this long is disabled (`failing`) and the admins are told. */
export const FAILING_DISABLE_AFTER_MS = 5 * 24 * 3600_000;
/** The attempt log keeps the first 4 KB of the receiver's answer. */
const RESPONSE_EXCERPT_BYTES = 4096;

export async function loadDelivery(
  db: Db,
  deliveryId: string,
): Promise<{ delivery: DeliveryRow; endpoint: EndpointRow } | null> {
  const [row] = await db
    .select({ delivery: webhookDeliveries, endpoint: webhookEndpoints })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(eq(webhookDeliveries.id, deliveryId))
    .limit(1);
  return row ?? null;
}

/** Signs (current secret, plus the previous one during a rotation's overlap) and POSTs the delivery's body once. */
export async function sendDelivery(
  env: AttemptEnv,
  delivery: DeliveryRow,
  endpoint: EndpointRow,
  at: Date,
): Promise<WebhookExchange> {
  const body = delivery.payload as { timestamp?: string; data?: unknown };
  return exchangeStandardWebhook(
    {
      url: endpoint.url,
      secret: signingSecretsAt(env.appSecret, endpoint, at),
      timeoutMs: WEBHOOK_ATTEMPT_TIMEOUT_MS,
      allowPrivateNetwork: env.config.WEBHOOKS_ALLOW_PRIVATE_NETWORKS,
      maxRetryAfterSeconds: MAX_RETRY_AFTER_SECONDS,
    },
    {
      id: delivery.messageId,
      type: delivery.eventType,
      data: body.data ?? {},
      occurredAt: body.timestamp ? new Date(body.timestamp) : delivery.createdAt,
    },
    at,
  );
}

/** The first `bytes` bytes of a text, cut on a character boundary. */
function excerpt(text: string, bytes: number): string {
  const buf = Buffer.from(text, 'utf8');
  if (buf.length <= bytes) return text;
  return buf
    .subarray(0, bytes)
    .toString('utf8')
    .replace(/\uFFFD$/, '');
}

/** Network errors, timeouts, 408/429/5xx: tried again later. Anything else ends the delivery. */
const retryable = (x: WebhookExchange) => !x.result.ok && x.result.kind === 'transient';

export interface RecordedAttempt {
  delivery: DeliveryRow | null;
  /** The next try to schedule (in this transaction), when there is one. */
  retry: { attempt: number; at: Date } | null;
}

/**
 * Logs try `attempt` of a delivery and applies its outcome, in the caller's transaction: the delivery's status,
 * the endpoint's failure run (a success ends it), 410 → the endpoint disabled (`gone`), a failure after 5 days of
 * failures → disabled (`failing`) with a delivery problem that e-mails the admins. When another run recorded this
 * try already (a duplicate job), only the log row is added and nothing is scheduled.
 */
export async function recordAttempt(
  tx: Tx,
  jobs: JobQueue,
  input: { delivery: DeliveryRow; endpoint: EndpointRow; attempt: number; at: Date; exchange: WebhookExchange },
): Promise<RecordedAttempt> {
  const { delivery, endpoint, attempt, at, exchange } = input;
  const { result } = exchange;
  await tx.insert(webhookAttempts).values({
    deliveryId: delivery.id,
    attempt,
    requestHeaders: exchange.request?.headers ?? {},
    requestBody: exchange.request?.body ?? '',
    responseStatus: exchange.response?.status ?? null,
    responseBody: exchange.response ? excerpt(exchange.response.text, RESPONSE_EXCERPT_BYTES) : null,
    error: result.ok ? null : `${result.code}: ${result.detail}`.slice(0, 1000),
    durationMs: result.durationMs,
    at,
  });
  const retryAt = retryable(exchange)
    ? nextAttemptAt(attempt, at, result.ok ? undefined : result.retryAfterSeconds)
    : null;
  const status = result.ok ? 'succeeded' : retryAt ? 'pending' : 'failed';
  const [updated] = await tx
    .update(webhookDeliveries)
    .set({
      attempts: attempt,
      status,
      nextAttemptAt: retryAt,
      lastStatusCode: exchange.response?.status ?? null,
      updatedAt: sql`now()`,
    })
    .where(and(eq(webhookDeliveries.id, delivery.id), eq(webhookDeliveries.attempts, attempt - 1)))
    .returning();
  if (!updated) return { delivery: null, retry: null };
  await applyToEndpoint(tx, jobs, endpoint, exchange, at);
  return { delivery: updated, retry: retryAt ? { attempt: attempt + 1, at: retryAt } : null };
}

async function applyToEndpoint(tx: Tx, jobs: JobQueue, endpoint: EndpointRow, x: WebhookExchange, at: Date) {
  if (x.result.ok) {
    await tx
      .update(webhookEndpoints)
      .set({ failingSince: null })
      .where(and(eq(webhookEndpoints.id, endpoint.id), sql`${webhookEndpoints.failingSince} is not null`));
    return;
  }
  const [row] = await tx
    .update(webhookEndpoints)
    .set({ failingSince: sql`coalesce(${webhookEndpoints.failingSince}, ${at.toISOString()}::timestamptz)` })
    .where(eq(webhookEndpoints.id, endpoint.id))
    .returning();
  if (!row?.enabled) return;
  const gone = x.response?.status === 410;
  const failingTooLong =
    row.failingSince !== null && at.getTime() - row.failingSince.getTime() > FAILING_DISABLE_AFTER_MS;
  if (!gone && !failingTooLong) return;
  const reason = gone ? 'gone' : 'failing';
  await tx
    .update(webhookEndpoints)
    .set({ enabled: false, disabledReason: reason, updatedAt: sql`now()` })
    .where(eq(webhookEndpoints.id, endpoint.id));
  await recordAudit(tx, SYSTEM_ACTOR, {
    action: 'webhook_endpoint.disabled',
    entityType: 'webhook_endpoint',
    entityId: endpoint.id,
    after: { reason, url: row.url, failingSince: row.failingSince?.toISOString() ?? null },
  });
  if (reason === 'failing') {
    // The delivery problems' e-mail to the active admins (delivery/problem-notices.ts), one per endpoint and run.
    await recordDeliveryProblem(tx, jobs, {
      channel: 'webhook',
      kind: 'permanent',
      code: `endpoint_failing:${endpoint.id}`,
      detail: `Event webhook endpoint ${row.url} failed for 5 days without a success and was disabled; fix it and enable it again in Settings → Webhooks`,
      invitationId: null,
    });
  }
}
