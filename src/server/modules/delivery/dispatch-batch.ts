import { cachedRead } from '../../db/read-cache.js';
import type { BatchFailure, BatchJob } from '../../jobs/queue.js';
import { DELIVERY_CHANNELS, type DeliveryChannel } from '../channels/adapter.js';
import {
  type ConfigRow,
  type ConfigSendResult,
  configRow,
  SendTally,
  sendManyWithConfig,
  type ThrownSend,
} from '../channels/runtime.js';
import { sendSlotsOf } from '../channels/send-slots.js';
import { othersDeliveredToContacts } from '../invitations/by-contact.js';
import { markInvitationsSendingSql } from '../invitations/delivery-status.js';
import { effectiveStatus, findInvitations, type InvitationRow } from '../invitations/invitations.service.js';
import { loadMessageRenderer } from '../message-templates/message-templates.service.js';
import { getOrganisationProfile } from '../settings/settings.service.js';
import { attemptsOfInvitations, type ClaimedAttempt, claimAttempts, type NewAttempt } from './attempts.js';
import {
  addressFor,
  buildMessage,
  composeFrom,
  configsByChannel,
  type DispatchConfig,
  loadWorkOrderContext,
} from './compose.js';
import { getDeliverySettings } from './delivery-settings.js';
import { type DeliverPayload, type DeliveryEnv, runDelivery } from './engine.js';
import { isFatigueExempt } from './fatigue.js';
import { contactKeyOf, optedOutKeys } from './opt-outs.js';
import { quietUntil } from './quiet-hours.js';
import { finishAttempt, finishDeliveredMany } from './state.js';

/** Jobs one worker takes per fetch: enough to amortise the batch's reads and writes, few enough to finish fast. */
export const DISPATCH_BATCH_SIZE = 50;

type Job = BatchJob<DeliverPayload>;

/** An invitation the batch sends itself: its first send, on the first channel of its chain. */
interface Planned {
  job: Job;
  inv: InvitationRow;
  channel: DeliveryChannel;
  config: DispatchConfig;
}

/**
 * One fetched batch of `invitations.deliver` jobs (README.md "Batched dispatch"). The common case — a pending
 * invitation's first send on the first channel of a priority chain, with an address, no opt-out and a configuration —
 * is done for the whole batch at once: the reads with a few `= any(…)` queries, the attempt rows claimed in one
 * multi-row insert (with pending → sending in the same statement) before any provider is called, the sends
 * concurrent through the pooled transports, and the accepted ones finished in one statement — in waves where a
 * provider that cannot dedupe takes fewer at once than the batch holds (SMTP: `send-slots.ts`). Everything else
 * (reminders, retries, orphans, fatigue hits, quiet hours, skips, failures) takes the one-invitation step
 * `runDelivery` — the same state machine, which re-derives its state from the rows the batch wrote. A job that throws
 * fails alone; pg-boss completes the others together.
 */
export async function dispatchBatch(
  envOf: (jobId: string) => DeliveryEnv,
  jobs: Job[],
): Promise<{ failed: BatchFailure[] }> {
  const failed: BatchFailure[] = [];
  const env = envOf(jobs[0]!.jobId);
  const now = env.now?.() ?? new Date();
  /** Jobs for the one-invitation step, concurrently; `later`: one at a time after the batch (see fatigue below). */
  const slow: Job[] = [];
  const later: Job[] = [];

  const firstIds = [...new Set(jobs.filter((j) => (j.payload.round ?? 0) === 0).map((j) => j.payload.invitationId))];
  const [invs, attempts, settings, profile, configs] = await Promise.all([
    findInvitations(env.db, firstIds),
    attemptsOfInvitations(env.db, firstIds),
    // Settings, profile and configurations change rarely: read once per worker every few seconds (db/read-cache.ts).
    cachedRead(env.db, 'delivery-settings', () => getDeliverySettings(env.db)),
    cachedRead(env.db, 'organisation-profile', () => getOrganisationProfile(env.db)),
    cachedRead(env.db, 'channel-configs-by-channel', () => configsByChannel(env.db)),
  ]);
  const invById = new Map(invs.map((i) => [i.id, i]));
  const quiet = quietUntil(now, settings.quietHours, profile.timeZone) !== null;

  const candidates: { job: Job; inv: InvitationRow; channel: DeliveryChannel }[] = [];
  const seen = new Set<string>();
  for (const job of jobs) {
    const inv = invById.get(job.payload.invitationId);
    const first = inv?.channels.find((c): c is DeliveryChannel => (DELIVERY_CHANNELS as readonly string[]).includes(c));
    const simple =
      !quiet &&
      (job.payload.round ?? 0) === 0 &&
      inv &&
      first &&
      inv.status === 'pending' &&
      effectiveStatus(inv, now) === 'pending' &&
      inv.deliveryPolicy === 'priority_chain' &&
      !attempts.has(inv.id) &&
      addressFor(inv, first) !== null &&
      configs.has(first);
    if (!simple) slow.push(job);
    else if (seen.has(inv.id)) later.push(job);
    else {
      seen.add(inv.id);
      candidates.push({ job, inv, channel: first });
    }
  }

  // What the messages need, read while the checks run and before any attempt is claimed: a claimed attempt whose
  // run dies before its send is never resent to a provider that cannot dedupe.
  const composing = Promise.all([
    loadWorkOrderContext(
      env.db,
      candidates.map((c) => c.inv.workOrderId),
    ),
    cachedRead(env.db, 'message-renderer', () => loadMessageRenderer(env.db)),
  ]);
  // Fatigue: one query for the batch. Two automatic invitations of the batch to the same address would both pass
  // a check made before either is delivered, so all but the first go one at a time after the batch (as the
  // one-invitation path would have checked them: the later one finds the earlier delivered).
  let planned: Planned[] = candidates.map((c) => ({ ...c, config: configs.get(c.channel)! }));
  if (settings.fatigueDays) {
    const automatic = planned.filter((p) => !isFatigueExempt(p.inv));
    const hits = await othersDeliveredToContacts(
      env.db,
      automatic.map((p) => ({ invitationId: p.inv.id, contact: p.inv.contact })),
      new Date(now.getTime() - settings.fatigueDays * 86_400_000),
    );
    const addresses = new Set<string>();
    planned = planned.filter((p) => {
      if (isFatigueExempt(p.inv)) return true;
      if (hits.has(p.inv.id)) {
        slow.push(p.job);
        return false;
      }
      const keys = (['email', 'sms', 'wechat'] as const).flatMap((c) => contactKeyOf(p.inv.contact, c) ?? []);
      const repeated = keys.some((k) => addresses.has(k));
      for (const k of keys) addresses.add(k);
      if (repeated) later.push(p.job);
      return !repeated;
    });
  }

  // Opt-outs: one query per channel the batch starts on (usually one).
  for (const channel of new Set(planned.map((p) => p.channel))) {
    const keys = planned.flatMap((p) => (p.channel === channel ? (contactKeyOf(p.inv.contact, channel) ?? []) : []));
    const opted = await optedOutKeys(env.db, keys, channel);
    if (!opted.size) continue;
    planned = planned.filter((p) => {
      const key = p.channel === channel ? contactKeyOf(p.inv.contact, channel) : null;
      const out = !!key && opted.has(key);
      if (out) slow.push(p.job);
      return !out;
    });
  }

  if (!planned.length) await composing.catch(() => undefined);
  else {
    const [contexts, render] = await composing;
    const build = (p: Planned & { attempt: ClaimedAttempt }) =>
      buildMessage(
        render,
        env.links,
        p.inv,
        p.channel,
        composeFrom(env.links, p.inv, profile, contexts.get(p.inv.workOrderId)),
        p.attempt.idempotencyKey,
        0,
      );
    // Per configuration, wave after wave: one that cannot dedupe a resend gets no more claimed at once than this
    // process has free connections for (send-slots.ts), the others the whole batch at once.
    const slots = sendSlotsOf(env.db);
    // Each configuration read once for the batch, not per wave: a disabled or edited one is honoured by the next batch.
    const rows = new Map(
      await Promise.all(
        [...new Set(planned.map((p) => p.config.id))].map(async (id) => [id, await configRow(env.db, id)] as const),
      ),
    );
    const byConfig = new Map<string, Planned[]>();
    for (const p of planned) byConfig.set(p.config.id, [...(byConfig.get(p.config.id) ?? []), p]);
    // A wave that throws (the process "dies": the tests' afterProviderAnswer) stops the batch; it throws that error.
    let crashed = false;
    let crash: { error: unknown } | undefined;
    // The month's usage: one statement for the batch, not one per wave (every batch updates the same row).
    const tally = new SendTally();
    await Promise.all(
      [...byConfig.values()].map(async (group) => {
        const { id, inFlight } = group[0]!.config;
        // A wave starts as soon as slots are free — answered sends give theirs back — while earlier waves are
        // still being finished in the database, so the connections stay busy.
        const running: Promise<void>[] = [];
        for (let next = 0; next < group.length && !crashed; ) {
          // At least half the pool per wave (or what is left): each wave costs its claim and its finishing
          // statements, and single-slot waves made the database the bottleneck (BENCHMARKS.md "E-mail claimed only
          // with a free connection").
          const left = group.length - next;
          const n = inFlight ? await slots.take(id, inFlight, left, Math.ceil(inFlight / 2)) : left;
          if (crashed) {
            if (inFlight) slots.release(id, n);
            break;
          }
          const wave = group.slice(next, next + n);
          next += n;
          let held = inFlight ? n : 0;
          const answered = () => {
            if (held <= 0) return;
            held -= 1;
            slots.release(id, 1);
          };
          running.push(
            sendWave(envOf, env, wave, build, slow, failed, {
              configId: id,
              answered,
              row: rows.get(id) ?? null,
              tally,
            })
              .catch((error: unknown) => {
                crashed = true;
                crash ??= { error };
              })
              .finally(() => {
                if (held > 0) slots.release(id, held);
              }),
          );
        }
        await Promise.all(running);
      }),
    );
    await tally.count(env.db, now);
    if (crash) throw crash.error;
  }

  await Promise.all(slow.map((job) => step(envOf, job, failed)));
  for (const job of later) await step(envOf, job, failed);
  return { failed };
}

/**
 * One wave: every attempt claimed in one multi-row insert (pending → sending in the same statement) before any
 * provider is called, the sends concurrent, the accepted ones finished in one statement, the rest one at a time.
 */
async function sendWave(
  envOf: (jobId: string) => DeliveryEnv,
  env: DeliveryEnv,
  wave: Planned[],
  build: (p: Planned & { attempt: ClaimedAttempt }) => ReturnType<typeof buildMessage>,
  slow: Job[],
  failed: BatchFailure[],
  sendOpts: { configId: string; answered: () => void; row: ConfigRow | null; tally: SendTally },
) {
  const news: NewAttempt[] = wave.map((p) => ({
    invitationId: p.inv.id,
    channel: p.channel,
    round: 0,
    attemptNo: 1,
    configId: p.config.id,
    provider: p.config.provider,
    jobId: p.job.jobId,
  }));
  const claimed = await claimAttempts(env.db, news, markInvitationsSendingSql(wave.map((p) => p.inv.id)));
  const claimOf = new Map(claimed.map((c) => [c.invitationId, c]));
  const sending: (Planned & { attempt: ClaimedAttempt })[] = [];
  for (const p of wave) {
    const attempt = claimOf.get(p.inv.id);
    // Claimed by another run in the meantime: the one-invitation step sees its row and decides.
    if (attempt) sending.push({ ...p, attempt });
    else slow.push(p.job);
  }
  const outcomes = await sendAll(env, sending, build, sendOpts);
  // The crash point of the tests (a worker killed after the providers answered): the whole batch fails as if the
  // process had died, and each job's retry finds its attempt still `sending` (README "At most one send per key").
  await env.afterProviderAnswer?.();

  const accepted = outcomes.filter((o) => o.result && !('thrown' in o.result) && o.result.ok);
  await finishDeliveredMany(
    env.db,
    accepted.map(({ p, result }) => {
      const r = result as ConfigSendResult & { ok: true };
      return {
        attemptId: p.attempt.id,
        invitationId: p.inv.id,
        workOrderId: p.inv.workOrderId,
        channel: p.channel,
        attemptNo: p.attempt.attemptNo,
        round: 0,
        provider: r.provider,
        providerMessageId: r.providerMessageId ?? null,
        providerResponse: r.providerResponse ?? null,
        durationMs: r.durationMs,
      };
    }),
  );
  // The unusual outcomes, one invitation at a time: a refused send is finished like the one-invitation path does
  // (problem, event), then its step decides (retry later, next channel, failed).
  await Promise.all(
    outcomes.map(async ({ p, result, error }) => {
      try {
        if (error !== undefined) throw error;
        if (!result || 'thrown' in result) throw result?.thrown ?? new Error('no answer');
        if (result.ok) return;
        const row = (await attemptsOfInvitations(env.db, [p.inv.id])).get(p.inv.id)?.find((a) => a.id === p.attempt.id);
        if (row) await finishAttempt(env.db, env.jobs, p.inv, row, result);
        await runDelivery(envOf(p.job.jobId), p.job.payload);
      } catch (err) {
        failed.push({ jobId: p.job.jobId, error: err });
      }
    }),
  );
}

async function step(envOf: (jobId: string) => DeliveryEnv, job: Job, failed: BatchFailure[]) {
  try {
    await runDelivery(envOf(job.jobId), job.payload);
  } catch (error) {
    failed.push({ jobId: job.jobId, error });
  }
}

/**
 * Builds a wave's messages (a wave is one configuration's) and sends them concurrently. A message that cannot be built
 * leaves its attempt `sending` and its job fails (`error`), as in the one-invitation path.
 */
async function sendAll<P extends Planned & { attempt: ClaimedAttempt }>(
  env: DeliveryEnv,
  sending: P[],
  build: (p: P) => Promise<Parameters<typeof sendManyWithConfig>[2][number]>,
  sendOpts: { configId: string; answered: () => void; row: ConfigRow | null; tally: SendTally },
): Promise<{ p: P; result?: ConfigSendResult | ThrownSend; error?: unknown }[]> {
  const built = await Promise.all(
    sending.map(async (p) => {
      try {
        return { p, message: await build(p) };
      } catch (error) {
        return { p, error };
      }
    }),
  );
  const ready = built.flatMap((b) => (b.message ? [{ p: b.p, message: b.message }] : []));
  const results = await sendManyWithConfig(
    { db: env.db, appSecret: env.links.appSecret },
    sendOpts.configId,
    ready.map((r) => r.message),
    { onAnswered: sendOpts.answered, row: sendOpts.row, tally: sendOpts.tally },
  );
  return [
    ...built.filter((b) => 'error' in b).map((b) => ({ p: b.p, error: b.error })),
    ...ready.map((r, i) => ({ p: r.p, result: results[i] })),
  ];
}
