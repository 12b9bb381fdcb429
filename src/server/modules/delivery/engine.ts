import type { FastifyBaseLogger } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import type { JobQueue } from '../../jobs/queue.js';
import { DELIVERY_CHANNELS, type DeliveryChannel, SMTP_MAX_SEND_MS } from '../channels/adapter.js';
import { sendWithConfig } from '../channels/runtime.js';
import { AMBIGUOUS_CODES, LOOKUP_PROVIDERS, lookupSend } from '../channels/send-lookup.js';
import { withSendSlot } from '../channels/send-slots.js';
import {
  effectiveStatus,
  findInvitation,
  type InvitationRow,
  type LinkContext,
} from '../invitations/invitations.service.js';
import { renderMessage } from '../message-templates/message-templates.service.js';
import { getOrganisationProfile } from '../settings/settings.service.js';
import { type AttemptRow, attemptsOf, claimAttempt, nextAttemptNo, ofChannel } from './attempts.js';
import { addressFor, buildMessage, type Composition, composeVars, configFor, DEDUPING_PROVIDERS } from './compose.js';
import { type DeliverySettings, getDeliverySettings } from './delivery-settings.js';
import { fatigueHit, isFatigueExempt } from './fatigue.js';
import { contactKeyOf, isOptedOut } from './opt-outs.js';
import { reminderChannel } from './queries.js';
import { quietUntil } from './quiet-hours.js';
import {
  confirmAttempt,
  finishAttempt,
  markDelivered,
  markFailed,
  markReminder,
  markSending,
  markUnconfirmed,
  markUnknown,
  skipAttempt,
} from './state.js';

export const deliverPayload = z.object({
  invitationId: z.uuid(),
  /** 0 (default) = deliver the invitation; n ≥ 1 = the n-th reminder. */
  round: z.number().int().min(0).max(20).optional(),
});
export type DeliverPayload = z.infer<typeof deliverPayload>;

export interface DeliveryEnv {
  db: Db;
  log: FastifyBaseLogger;
  links: LinkContext;
  /** The pg-boss job running this step (a retry of the same job keeps its id). */
  jobId: string;
  /** For the reactions enqueued in an attempt's transaction (a new delivery problem's notification). */
  jobs: JobQueue;
  /** Enqueues the next step of this delivery (a retry after backoff, the end of quiet hours). */
  requeue(payload: DeliverPayload, opts: { key: string; startAfter: Date }): Promise<void>;
  now?: () => Date;
  /** Runs after the provider answered and before the attempt is marked: tests simulate a crash there. */
  afterProviderAnswer?: () => void | Promise<void>;
}

/** An attempt claimed by another live run: the job fails and pg-boss retries it later. */
export class AttemptInFlightError extends Error {}

/**
 * How long a `sending` attempt of ANOTHER job is presumed alive: longer than any provider call may take (HTTP ≤ 60 s,
 * SMTP's overall send deadline ≤ `SMTP_MAX_SEND_MS`), and below pg-boss's 15 min job expiry.
 */
const SENDING_LEASE_MS = SMTP_MAX_SEND_MS + 60_000;

type State =
  | { kind: 'ok' }
  | { kind: 'dead' }
  | { kind: 'due'; attemptNo: number }
  | { kind: 'wait'; at: Date; attemptNo: number }
  | { kind: 'orphan'; attempt: AttemptRow };

function stateOf(rows: AttemptRow[], channel: string, round: number, s: DeliverySettings, now: Date): State {
  const list = ofChannel(rows, channel, round);
  if (list.some((a) => a.status === 'succeeded')) return { kind: 'ok' };
  const last = list.at(-1);
  const attemptNo = nextAttemptNo(rows, channel);
  if (!last) return { kind: 'due', attemptNo };
  if (last.status === 'sending') return { kind: 'orphan', attempt: last };
  if (last.errorKind !== 'transient') return { kind: 'dead' };
  const transient = list.filter((a) => a.errorKind === 'transient').length;
  if (transient > s.retry.maxRetries) return { kind: 'dead' };
  const delayS = Math.max(s.retry.baseSeconds * 2 ** (transient - 1), last.retryAfterSeconds ?? 0);
  const at = new Date((last.finishedAt ?? last.startedAt).getTime() + delayS * 1000);
  return at <= now ? { kind: 'due', attemptNo } : { kind: 'wait', at, attemptNo };
}

/**
 * One step of an invitation's delivery (see README.md for the state machine). Re-derives everything from the
 * invitation and its attempt rows, so any run — first, pg-boss retry after a crash, re-enqueued retry — continues
 * where the last one stopped. Never sleeps: waits are new jobs with `startAfter`.
 */
export async function runDelivery(env: DeliveryEnv, payload: DeliverPayload): Promise<void> {
  const now = () => env.now?.() ?? new Date();
  const round = payload.round ?? 0;
  const inv = await findInvitation(env.db, payload.invitationId);
  if (!inv) return;
  const eff = effectiveStatus(inv, now());
  if (eff === 'revoked' || eff === 'submitted' || eff === 'expired') return;
  if (round === 0 && !['pending', 'sending', 'delivered'].includes(inv.status)) return;
  if (round > 0 && !['delivered', 'opened'].includes(inv.status)) return;

  const channels: DeliveryChannel[] =
    round === 0
      ? inv.channels.filter((c): c is DeliveryChannel => (DELIVERY_CHANNELS as readonly string[]).includes(c))
      : ([await reminderChannel(env.db, inv.id)].filter(Boolean) as DeliveryChannel[]);
  if (channels.length === 0) return; // QR only: shown on site, nothing to send.

  const [settings, profile] = await Promise.all([getDeliverySettings(env.db), getOrganisationProfile(env.db)]);
  const policy = round === 0 ? inv.deliveryPolicy : 'priority_chain';
  if (round === 0 && inv.status === 'delivered' && policy !== 'all') return;

  if (round === 0 && inv.status === 'pending' && !isFatigueExempt(inv) && settings.fatigueDays) {
    const recent = await fatigueHit(env.db, inv, settings.fatigueDays, now());
    if (recent) return markFailed(env.db, inv, 'fatigue', { recentInvitationId: recent, days: settings.fatigueDays });
  }
  const quietEnd = quietUntil(now(), settings.quietHours, profile.timeZone);
  if (quietEnd) {
    env.log.info({ invitationId: inv.id, until: quietEnd }, 'quiet hours: delivery postponed');
    return env.requeue(payload, { key: `${inv.id}:${round}:quiet:${quietEnd.toISOString()}`, startAfter: quietEnd });
  }
  if (round === 0) await markSending(env.db, inv.id);

  let composition: Composition | null = null;
  const compose = async () => {
    composition ??= await composeVars(env.db, env.links, inv, profile);
    return composition;
  };

  const send = async (channel: DeliveryChannel, attempt: AttemptRow) => {
    const message = await buildMessage(
      (i) => renderMessage(env.db, i),
      env.links,
      inv,
      channel,
      await compose(),
      attempt.idempotencyKey,
      round,
    );
    const result = await sendWithConfig({ db: env.db, appSecret: env.links.appSecret }, attempt.configId!, message);
    await env.afterProviderAnswer?.();
    await finishAttempt(env.db, env.jobs, inv, attempt, result);
  };

  /**
   * A provider that does not dedupe but can be asked (Aliyun QuerySendDetails): was attempt `a` accepted? `accepted`
   * → the attempt is confirmed (nothing re-sent); `unknown` → not resent on this channel; else the caller may send.
   */
  const checkAccepted = async (channel: DeliveryChannel, a: AttemptRow): Promise<'accepted' | 'unknown' | 'send'> => {
    const to = addressFor(inv, channel);
    if (!a.configId || !to) return 'send';
    const found = await lookupSend({ db: env.db, appSecret: env.links.appSecret }, a.configId, {
      to,
      outId: a.idempotencyKey,
      sentAt: a.startedAt,
    });
    if (found.status === 'accepted') {
      await confirmAttempt(env.db, inv, a, found);
      return 'accepted';
    }
    if (found.status === 'unknown') {
      env.log.warn({ attempt: a.idempotencyKey, detail: found.detail }, 'send lookup failed: not resending');
      if (a.status === 'sending') await markUnknown(env.db, inv, a);
      else await markUnconfirmed(env.db, a, found.detail);
      return 'unknown';
    }
    return 'send';
  };

  /** Does whatever a `due` or `orphan` channel needs now. */
  const act = async (channel: DeliveryChannel, st: Extract<State, { kind: 'due' | 'orphan' }>, rows: AttemptRow[]) => {
    if (st.kind === 'orphan') {
      const a = st.attempt;
      const mine = a.jobId === env.jobId || now().getTime() - a.startedAt.getTime() > SENDING_LEASE_MS;
      if (!mine) throw new AttemptInFlightError(`attempt ${a.idempotencyKey} is being sent by another run`);
      if (a.provider && DEDUPING_PROVIDERS.has(a.provider) && a.configId) return send(channel, a);
      // Not idempotent but queryable: re-send with the same key only when the provider has no trace of it.
      if (a.provider && LOOKUP_PROVIDERS.has(a.provider))
        return (await checkAccepted(channel, a)) === 'send' ? send(channel, a) : undefined;
      return markUnknown(env.db, inv, a);
    }
    // The last try timed out: the provider may have accepted it. Ask before sending a second copy (Aliyun:
    // "发生超时失败的情况时,建议查看回执状态后再判断是否重试", https://help.aliyun.com/document_detail/55284.html).
    const last = ofChannel(rows, channel, round).at(-1);
    if (
      last?.status === 'failed' &&
      last.errorKind === 'transient' &&
      AMBIGUOUS_CODES.has(last.errorCode ?? '') &&
      last.provider &&
      LOOKUP_PROVIDERS.has(last.provider) &&
      (await checkAccepted(channel, last)) !== 'send'
    )
      return;
    const base = { invitationId: inv.id, channel, round, attemptNo: st.attemptNo, jobId: env.jobId };
    const skip = { ...base, configId: null };
    if (!addressFor(inv, channel))
      return skipAttempt(env.db, env.jobs, inv, skip, 'no_contact', `No ${channel} address`);
    const key = contactKeyOf(inv.contact, channel);
    if (key && (await isOptedOut(env.db, key, channel)))
      return skipAttempt(env.db, env.jobs, inv, skip, 'opted_out', 'The contact opted out');
    const config = await configFor(env.db, channel);
    if (!config) return skipAttempt(env.db, env.jobs, inv, skip, 'no_config', 'No enabled configuration');
    // Claimed only when a connection is free for it (send-slots.ts): never `sending` while queued in the process.
    await withSendSlot(env.db, config, async () => {
      const attempt = await claimAttempt(env.db, { ...base, configId: config.id, provider: config.provider });
      if (!attempt)
        throw new AttemptInFlightError(`attempt ${base.attemptNo} of ${channel} was claimed by another run`);
      await send(channel, attempt);
    });
  };

  const retryLater = (channel: string, st: Extract<State, { kind: 'wait' }>) =>
    env.requeue(payload, { key: `${inv.id}:${round}:${channel}:${st.attemptNo}`, startAfter: st.at });

  const succeeded = async (channel: string) => {
    if (round === 0) await markDelivered(env.db, inv, channel, now());
    else await markReminder(env.db, inv.id, round, true, now());
  };
  const allFailed = async (rows: AttemptRow[]) => {
    if (round > 0) return markReminder(env.db, inv.id, round, false, now());
    const last = channels.map((c) => ofChannel(rows, c, round).at(-1));
    await markFailed(env.db, inv, 'all_channels_failed', {
      channels: last.map((a, i) => ({ channel: channels[i], errorKind: a?.errorKind, errorCode: a?.errorCode })),
    });
  };

  for (let step = 0; step < 100; step++) {
    const rows = await attemptsOf(env.db, inv.id);
    const states = channels.map((c) => [c, stateOf(rows, c, round, settings, now())] as const);
    if (policy === 'priority_chain') {
      const live = states.find(([, s]) => s.kind !== 'dead');
      if (!live) return allFailed(rows);
      const [channel, st] = live;
      if (st.kind === 'ok') return succeeded(channel);
      if (st.kind === 'wait') return retryLater(channel, st);
      if (st.kind === 'dead') continue;
      await act(channel, st, rows);
      continue;
    }
    // All channels: each its own retries; delivered as soon as one succeeded.
    const ok = states.find(([, s]) => s.kind === 'ok');
    if (ok) await succeeded(ok[0]);
    const todo = states.find(([, s]) => s.kind === 'due' || s.kind === 'orphan');
    if (todo) {
      await act(todo[0], todo[1] as Extract<State, { kind: 'due' | 'orphan' }>, rows);
      continue;
    }
    const waits = states.filter(([, s]) => s.kind === 'wait') as [DeliveryChannel, Extract<State, { kind: 'wait' }>][];
    if (waits.length) {
      const first = waits.reduce((a, b) => (b[1].at < a[1].at ? b : a));
      return retryLater(first[0], first[1]);
    }
    if (!ok) return allFailed(rows);
    return;
  }
  throw new Error(`delivery of ${inv.id} did not settle`);
}

export type { InvitationRow };
