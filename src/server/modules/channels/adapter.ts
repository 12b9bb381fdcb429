/**
 * The delivery channel adapter contract. The delivery job (orchestration: priority chain, retries, quiet hours,
 * opt-out, reminders) talks to providers only through this interface — see README.md in this folder.
 *
 * Rules every adapter keeps:
 * - `send` never throws for anything the provider or the network does: it answers a `SendResult` that classifies the
 *   failure (`transient` → retry the same channel later; `permanent` → this recipient/config will not work, move on;
 *   `quota` → the account is out of credit or daily allowance, move on and don't hammer it). It only throws for
 *   programming errors (a message for another channel).
 * - Every provider call is bounded by a timeout (AbortSignal); a timeout is `transient`.
 * - The message's `idempotencyKey` (`<invitationId>:<channel>:<attempt>`) is passed to every provider that dedupes
 *   on a client reference, so a retried job does not send twice where the provider can prevent it.
 */
import type { MessagePurpose } from '../../../common/message-purposes.js';
import type { ChannelProvider } from '../../db/schema/channels.js';

export const DELIVERY_CHANNELS = ['email', 'sms', 'wechat', 'webhook'] as const;
/** Channels that send something. QR is a channel of the invitation too, but it is shown, not sent (see qr.ts). */
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];
export type Channel = DeliveryChannel | 'qr';

interface MessageBase {
  /** `<invitationId>:<channel>:<attempt>`; the same key for a retry of the same attempt. */
  idempotencyKey: string;
}

export interface EmailMessage extends MessageBase {
  channel: 'email';
  to: string;
  subject: string;
  html: string;
  text: string;
  /** The one-click unsubscribe URL (RFC 8058); sent as List-Unsubscribe headers when present. */
  unsubscribeUrl?: string;
}

export interface SmsMessage extends MessageBase {
  channel: 'sms';
  /** E.164 phone number, e.g. +8613800138000. */
  to: string;
  /** The rendered text (generic HTTP and Twilio send it as is). */
  text: string;
  /**
   * The template variables by name without #, e.g. { URL, WorkOrderNumber }: providers with pre-approved templates
   * (Aliyun) send these as template parameters instead of the text.
   */
  params: Record<string, string>;
  /** What the message is for (default `invitation`): providers with approved templates pick the purpose's one. */
  purpose?: MessagePurpose;
}

export interface WechatMessage extends MessageBase {
  channel: 'wechat';
  /** The follower's OpenID for this Official Account. */
  to: string;
  templateId: string;
  /** Opened when the follower taps the message: the invitation link. */
  url: string;
  /**
   * Category-template fields (`character_string1`, `thing2`, `time3`…; historical templates: `keyword1`…) → values,
   * already fitted to their type's limit by the renderer; the adapter refuses a value WeChat would refuse (47003).
   */
  data: Record<string, string>;
}

export interface WebhookMessage extends MessageBase {
  channel: 'webhook';
  /** Event type, e.g. `invitation.created`. */
  type: string;
  /**
   * The event's id, sent as `webhook-id`: the SAME for every attempt of the same event (Standard Webhooks: the
   * receiver's idempotency key), unlike `idempotencyKey`, which names the attempt. No `.` in it.
   */
  eventId?: string;
  /** When the event occurred (ISO 8601): the payload's `timestamp`. */
  occurredAt?: string;
  /** The invitation as JSON. */
  data: Record<string, unknown>;
}

export type OutboundMessage = EmailMessage | SmsMessage | WechatMessage | WebhookMessage;

/**
 * `unknown`: the provider may or may not have accepted the message (e.g. the connection died after the whole e-mail
 * was sent but before the server's 250): resending on the same channel could deliver a second copy, so the delivery
 * engine treats the channel like an interrupted attempt — not resent, the chain moves on.
 */
export type FailureKind = 'transient' | 'permanent' | 'quota' | 'unknown';

export type SendResult =
  | {
      ok: true;
      providerMessageId?: string;
      /** A short, JSON-able excerpt of the provider's answer, for the attempt log. */
      providerResponse: unknown;
      durationMs: number;
    }
  | {
      ok: false;
      kind: FailureKind;
      /** The provider's error code (e.g. `21211`, `isv.AMOUNT_NOT_ENOUGH`, `43004`, `smtp_550`) or ours. */
      code: string;
      detail: string;
      providerResponse: unknown;
      durationMs: number;
      /** When the provider said when to come back (Retry-After, rate-limit windows). */
      retryAfterSeconds?: number;
    };
export type SendFailure = Extract<SendResult, { ok: false }>;

/** A provider configuration ready to use: settings validated, secrets decrypted. */
export interface ResolvedChannelConfig<S = Record<string, unknown>, K = Record<string, string>> {
  id: string;
  provider: ChannelProvider;
  channel: DeliveryChannel;
  settings: S;
  secrets: K;
}

export interface ChannelAdapter<M extends OutboundMessage = OutboundMessage, S = Record<string, unknown>> {
  channel: DeliveryChannel;
  provider: ChannelProvider;
  send(message: M, config: ResolvedChannelConfig<S>): Promise<SendResult>;
  /**
   * How many sends of one configuration reach the provider at once; more wait inside the adapter (SMTP: for a free
   * pooled connection), not yet handed over. The batched dispatch claims no more than this at a time for a provider
   * that cannot dedupe a resend, so a crash leaves at most this many attempts of unknown outcome. Absent: no limit.
   */
  inFlight?(settings: S): number;
  /** Releases pooled connections (SMTP); called on shutdown and when a config is deleted. */
  close?(configId?: string): Promise<void>;
}

/** Per-call timeout when the config does not set one. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * The longest one provider call may take: SMTP's overall send deadline is at most this (HTTP adapters ≤ 60 s). The
 * delivery engine presumes a `sending` attempt of another job alive for longer than this (its lease), and pg-boss
 * expires a job after 15 min — so this stays well below both.
 */
export const SMTP_MAX_SEND_MS = 600_000;

/** Keeps attempt logs small: provider answers are cut to a few KB. */
export function shortResponse(value: unknown, max = 2000): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value.length > max ? `${value.slice(0, max)}…` : value;
  const json = JSON.stringify(value);
  return json.length > max ? `${json.slice(0, max)}…` : value;
}

export const failure = (
  kind: FailureKind,
  code: string,
  detail: string,
  startedAt: number,
  providerResponse: unknown = null,
  retryAfterSeconds?: number,
): SendFailure => ({
  ok: false,
  kind,
  code,
  detail,
  providerResponse: shortResponse(providerResponse),
  durationMs: Date.now() - startedAt,
  ...(retryAfterSeconds !== undefined && { retryAfterSeconds }),
});

export const success = (startedAt: number, providerResponse: unknown, providerMessageId?: string): SendResult => ({
  ok: true,
  ...(providerMessageId !== undefined && { providerMessageId }),
  providerResponse: shortResponse(providerResponse),
  durationMs: Date.now() - startedAt,
});

/** Retry-After as seconds (delta-seconds or an HTTP date), or undefined. */
export function retryAfterOf(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/** The generic HTTP rule: 408/425/429/5xx → transient, 402 → quota, other 4xx → permanent. */
export function kindOfHttpStatus(status: number): FailureKind {
  if (status === 408 || status === 425 || status === 429 || status >= 500) return 'transient';
  if (status === 402) return 'quota';
  return 'permanent';
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/**
 * fetch with a timeout, reading the whole body. Resolves to an answer, or to a transient failure for network errors
 * and timeouts (the request may or may not have reached the provider: only idempotency keys make a retry safe).
 */
export async function httpCall(
  url: string,
  init: RequestInit,
  timeoutMs: number,
  startedAt: number,
): Promise<HttpAnswer | SendFailure> {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    return { status: res.status, headers: res.headers, text, json };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    // The test suite's network guard must fail the test, not look like a provider outage.
    if (e.name === 'UnexpectedNetworkError') throw err;
    if (e.name === 'TimeoutError' || e.name === 'AbortError') {
      return failure('transient', 'timeout', `No answer within ${timeoutMs} ms`, startedAt);
    }
    const code = e.cause?.code ?? 'network_error';
    return failure('transient', code, `Network error: ${e.cause?.code ?? e.message}`, startedAt);
  }
}

export const isFailure = (v: HttpAnswer | SendFailure): v is SendFailure => 'ok' in v;

export function assertChannel<C extends DeliveryChannel>(
  message: OutboundMessage,
  channel: C,
): asserts message is Extract<OutboundMessage, { channel: C }> {
  if (message.channel !== channel) throw new Error(`A ${message.channel} message was given to the ${channel} adapter`);
}
