import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { Webhook } from 'standardwebhooks';
import { failure, kindOfHttpStatus, retryAfterOf, type SendResult, success } from './adapter.js';

/**
 * THE way Rateloop sends a signed webhook (Standard Webhooks 1.0,
 * https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md): sign, send with the
 * SSRF guard, classify the answer. The webhook delivery channel (`webhook.adapter.ts`) uses it, and so shall the
 * event webhooks of the event backbone (issue #14): give it an endpoint and an event, get a `SendResult`.
 *
 * Rules (spec section → what we do):
 * - "Webhook metadata": `webhook-id` is "associated with a specific event … and remains the same no matter how many
 *   times a webhook that has failed is retried" — it is the receiver's idempotency key, so callers pass the id of
 *   the EVENT, never of the attempt. Ids and timestamps carry no `.` ("Signature scheme").
 * - "Signature scheme" / "Webhook headers": HMAC-SHA256 over `{id}.{timestamp}.{body}`, `v1,<base64>`, secret
 *   `whsec_<base64>` (24–64 bytes) — by the reference library `standardwebhooks`.
 * - Payload `{type, timestamp, data}`; `timestamp` is when the event occurred, the `webhook-timestamp` header when
 *   this attempt was made ("The timestamp of the attempt may be different to the timestamp of the event").
 * - "Request timeouts": 15–30 s — `timeoutMs` is clamped into that window (default 15 s).
 * - "Delivery success and failure": 2xx success; 3xx failure and NOT followed (update the URL instead); 410 Gone: the
 *   receiver wants no more (permanent); 429/502/504 throttle, `Retry-After` honoured (capped, see below); other
 *   5xx/408/timeouts/connection errors transient; other 4xx permanent.
 * - "Server side request forgery (SSRF)": the endpoint may not resolve to a loopback, private, link-local, CGNAT,
 *   multicast or otherwise reserved address — checked on the address actually connected to (the DNS answer is
 *   validated inside the socket's lookup, so a rebinding name cannot slip past), unless the configuration explicitly
 *   allows private networks (an on-premises receiver).
 */

export const WEBHOOK_TIMEOUT_MIN_MS = 15_000;
export const WEBHOOK_TIMEOUT_MAX_MS = 30_000;
/**
 * A receiver's Retry-After is honoured up to this: the delivery engine waits max(backoff, Retry-After) before the
 * next try, and in a priority chain the next channel must get its turn in minutes, not when the receiver says.
 */
export const WEBHOOK_MAX_RETRY_AFTER_S = 120;
/** Answers are read up to this many bytes (the attempt log keeps an excerpt). */
const MAX_ANSWER_BYTES = 64 * 1024;

export const clampWebhookTimeout = (ms: number | undefined): number =>
  Math.min(WEBHOOK_TIMEOUT_MAX_MS, Math.max(WEBHOOK_TIMEOUT_MIN_MS, ms ?? WEBHOOK_TIMEOUT_MIN_MS));

/** Addresses a webhook may not reach unless private networks are allowed (IANA special-purpose registries). */
const BLOCKED = new net.BlockList();
for (const [prefix, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  BLOCKED.addSubnet(prefix, bits, 'ipv4');
}
for (const [prefix, bits] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  BLOCKED.addSubnet(prefix, bits, 'ipv6');
}

/** True when `address` is loopback, private, link-local or otherwise not a public internet address. */
export function isPrivateAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return BLOCKED.check(address, 'ipv4');
  if (family !== 6) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return BLOCKED.check(mapped[1]!, 'ipv4');
  return BLOCKED.check(address, 'ipv6');
}

class BlockedAddressError extends Error {
  code = 'blocked_address';
}

/** dns.lookup that refuses private answers: used as the socket's lookup, so it checks what is connected to. */
const guardedLookup: net.LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '', 4);
    const list = addresses as dns.LookupAddress[];
    const bad = list.find((a) => isPrivateAddress(a.address));
    if (bad) {
      return callback(new BlockedAddressError(`${hostname} resolves to a non-public address (${bad.address})`), '', 4);
    }
    if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    return callback(null, list[0]!.address, list[0]!.family);
  });
};

export interface WebhookEndpoint {
  url: string;
  /**
   * `whsec_…`; several during a secret rotation's overlap: each signs, and `webhook-signature` carries one `v1,…`
   * per secret, space-separated ("Signature scheme": a receiver accepts the message when any signature matches).
   */
  secret: string | readonly string[];
  timeoutMs?: number;
  /** Allow loopback/private addresses (a receiver on the customer's own network). */
  allowPrivateNetwork?: boolean;
  /** Retry-After is reported up to this many seconds (default WEBHOOK_MAX_RETRY_AFTER_S, for a priority chain). */
  maxRetryAfterSeconds?: number;
}

export interface WebhookEvent {
  /** The event's id: the same for every retry of the same event. No `.`. */
  id: string;
  type: string;
  data: unknown;
  /** When the event occurred (payload `timestamp`); default: now. */
  occurredAt?: Date;
}

/**
 * The body and the three Standard Webhooks headers for `event`, signed at `at` with each secret (one `v1,…` each,
 * space-separated). Throws for an unusable secret.
 */
export function signWebhook(secret: string | readonly string[], event: WebhookEvent, at: Date) {
  const body = JSON.stringify({
    type: event.type,
    timestamp: (event.occurredAt ?? at).toISOString(),
    data: event.data,
  });
  const secrets = typeof secret === 'string' ? [secret] : secret;
  if (secrets.length === 0) throw new Error('no signing secret');
  const signature = secrets.map((s) => new Webhook(s).sign(event.id, at, body)).join(' ');
  return {
    body,
    headers: {
      'webhook-id': event.id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': signature,
    },
  };
}

interface Answer {
  status: number;
  retryAfter: string | undefined;
  text: string;
}

function post(
  url: URL,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
  allowPrivate: boolean,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const literal = url.hostname.replace(/^\[|\]$/g, '');
    if (!allowPrivate && net.isIP(literal) && isPrivateAddress(literal)) {
      return reject(new BlockedAddressError(`${literal} is not a public address`));
    }
    const request = (url.protocol === 'https:' ? https : http).request(url, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      ...(!allowPrivate && { lookup: guardedLookup }),
      timeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    request.on('timeout', () => request.destroy(Object.assign(new Error('timeout'), { name: 'TimeoutError' })));
    request.on('error', reject);
    request.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= MAX_ANSWER_BYTES) chunks.push(c);
      });
      res.on('error', reject);
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          retryAfter: res.headers['retry-after'],
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    request.end(body);
  });
}

/** Signs and POSTs `event` to `endpoint`; never throws for what the network or the receiver does. */
export async function sendStandardWebhook(
  endpoint: WebhookEndpoint,
  event: WebhookEvent,
  now: Date = new Date(),
): Promise<SendResult> {
  return (await exchangeStandardWebhook(endpoint, event, now)).result;
}

/** One webhook exchange as an attempt log keeps it: what was sent, what came back, and the classified result. */
export interface WebhookExchange {
  result: SendResult;
  /** Null when nothing could be signed (unusable secret). */
  request: { headers: Record<string, string>; body: string } | null;
  /** Null when no HTTP answer came (network error, timeout, refused address). */
  response: { status: number; text: string } | null;
}

/** `sendStandardWebhook`, also answering the request as sent and the receiver's answer (its first 64 KB). */
export async function exchangeStandardWebhook(
  endpoint: WebhookEndpoint,
  event: WebhookEvent,
  now: Date = new Date(),
): Promise<WebhookExchange> {
  const startedAt = Date.now();
  let signed: ReturnType<typeof signWebhook>;
  try {
    signed = signWebhook(endpoint.secret, event, now);
  } catch (err) {
    const result = failure(
      'permanent',
      'invalid_secret',
      `The signing secret is unusable: ${(err as Error).message}`,
      startedAt,
    );
    return { result, request: null, response: null };
  }
  const timeoutMs = endpoint.timeoutMs ?? WEBHOOK_TIMEOUT_MIN_MS;
  const headers = { 'content-type': 'application/json', 'user-agent': 'Rateloop-Webhooks/1', ...signed.headers };
  const request = { headers, body: signed.body };
  let answer: Answer;
  try {
    answer = await post(new URL(endpoint.url), signed.body, headers, timeoutMs, Boolean(endpoint.allowPrivateNetwork));
  } catch (err) {
    const e = err as Error & { code?: string };
    // The test suite's network guard must fail the test, not look like a receiver outage.
    if (e.name === 'UnexpectedNetworkError') throw err;
    const result =
      e instanceof BlockedAddressError
        ? failure('permanent', 'blocked_address', e.message, startedAt)
        : e.name === 'TimeoutError' || e.name === 'AbortError'
          ? failure('transient', 'timeout', `No answer within ${timeoutMs} ms`, startedAt)
          : failure('transient', e.code ?? 'network_error', `Network error: ${e.code ?? e.message}`, startedAt);
    return { result, request, response: null };
  }
  return {
    result: classifyAnswer(answer, startedAt, endpoint.maxRetryAfterSeconds ?? WEBHOOK_MAX_RETRY_AFTER_S),
    request,
    response: { status: answer.status, text: answer.text },
  };
}

function classifyAnswer(answer: Answer, startedAt: number, maxRetryAfterSeconds: number): SendResult {
  let json: unknown = null;
  try {
    json = answer.text ? JSON.parse(answer.text) : null;
  } catch {
    json = null;
  }
  const response = { status: answer.status, body: json ?? answer.text.slice(0, 500) };
  if (answer.status >= 200 && answer.status < 300) return success(startedAt, response);
  const base = kindOfHttpStatus(answer.status);
  // 3xx: not followed, the signature covers one URL; 402 means nothing for webhooks — both are the endpoint's refusal.
  const kind = answer.status >= 300 && answer.status < 400 ? 'permanent' : base === 'quota' ? 'permanent' : base;
  const retryAfter = kind === 'transient' ? retryAfterOf(answer.retryAfter) : undefined;
  return failure(
    kind,
    `http_${answer.status}`,
    answer.status === 410
      ? 'The endpoint answered 410 Gone: it accepts no more webhooks (update or disable the configuration)'
      : `The endpoint answered HTTP ${answer.status}`,
    startedAt,
    response,
    retryAfter === undefined ? undefined : Math.min(retryAfter, maxRetryAfterSeconds),
  );
}
