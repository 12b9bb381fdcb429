import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * Delivery receipts (DLRs) posted by SMS providers. The endpoint that stores them on the attempt belongs to the
 * delivery module; these are the provider-specific checks and parsers it uses.
 */

const safeEqual = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Twilio's request signature: base64(HMAC-SHA1(authToken, fullUrl + each POST param name+value, sorted by name)),
 * sent as `X-Twilio-Signature`. `url` must be exactly the URL Twilio called (scheme, host, path and query).
 */
export function twilioSignature(authToken: string, url: string, params: Record<string, string | string[]>): string {
  const data = Object.keys(params)
    .sort()
    .map((k) => {
      const v = params[k]!;
      return Array.isArray(v)
        ? [...v]
            .sort()
            .map((x) => k + x)
            .join('')
        : k + v;
    })
    .join('');
  return createHmac('sha1', authToken)
    .update(url + data, 'utf8')
    .digest('base64');
}

/** `url` with its scheme's standard port written out (https → :443, http → :80), or unchanged when it has a port. */
const withStandardPort = (u: URL) => {
  if (u.port) return u.toString();
  const port = u.protocol === 'https:' ? '443' : '80';
  return `${u.protocol}//${u.username}${u.password ? `:${u.password}` : ''}${u.username || u.password ? '@' : ''}${u.hostname}:${port}${u.pathname}${u.search}${u.hash}`;
};
const withoutPort = (u: URL) => {
  const c = new URL(u.toString());
  c.port = '';
  return c.toString();
};

/**
 * Twilio's signature over `url`, accepting the URL with and without its port, as Twilio's own helper does: Twilio
 * may sign `https://host:443/path` or `https://host/path` depending on how the callback URL was given
 * (twilio-node `validateRequest`, https://github.com/twilio/twilio-node/blob/main/src/webhooks/webhooks.ts;
 * https://www.twilio.com/docs/usage/webhooks/webhooks-security).
 */
export function verifyTwilioSignature(
  authToken: string,
  url: string,
  params: Record<string, string | string[]>,
  signature: string | undefined,
): boolean {
  if (!signature) return false;
  let candidates = [url];
  try {
    const u = new URL(url);
    candidates = [...new Set([url, withStandardPort(u), withoutPort(u)])];
  } catch {
    // not a URL: compare as given
  }
  return candidates.some((c) => safeEqual(twilioSignature(authToken, c, params), signature));
}

export interface DeliveryReceipt {
  providerMessageId: string;
  /** Our idempotency key when the provider echoes it (Aliyun OutId, Twilio callback `ref`). */
  idempotencyKey: string | null;
  status: 'delivered' | 'failed' | 'pending';
  errorCode: string | null;
  at: Date | null;
}

/**
 * Twilio message statuses (https://www.twilio.com/docs/messaging/api/message-resource#message-status-values) → our
 * receipt. `canceled` (a scheduled message cancelled before sending) is final and nothing arrived → failed.
 * `partially_delivered` (some parts/recipients of the message were delivered) is final: the customer holds the
 * message, possibly incomplete → delivered, with the note `partially_delivered` as its error code. `queued`,
 * `accepted`, `scheduled`, `sending`, `sent` are on the way → pending.
 */
const TWILIO_FINAL: Record<string, DeliveryReceipt['status']> = {
  delivered: 'delivered',
  read: 'delivered',
  partially_delivered: 'delivered',
  undelivered: 'failed',
  failed: 'failed',
  canceled: 'failed',
};

/** Twilio status callback form → receipt (`queued`/`sent`/… are `pending`). `ref` is our query parameter. */
export function parseTwilioStatusCallback(params: Record<string, string>, ref?: string | null): DeliveryReceipt | null {
  if (!params.MessageSid || !params.MessageStatus) return null;
  const status = TWILIO_FINAL[params.MessageStatus] ?? 'pending';
  return {
    providerMessageId: params.MessageSid,
    idempotencyKey: ref ?? null,
    status,
    errorCode:
      params.ErrorCode ||
      (params.MessageStatus === 'partially_delivered' || params.MessageStatus === 'canceled'
        ? params.MessageStatus
        : null),
    at: null,
  };
}

/**
 * Aliyun SMS delivery reports (SmsReport, https://help.aliyun.com/zh/sms/developer-reference/smsreport-2): Aliyun
 * pushes them over MNS queues or an HTTP batch push; Rateloop takes the HTTP form, a JSON array POSTed to the
 * callback URL. The push carries no signature, so the callback URL configured at Aliyun ends in the configuration's
 * `reportSecret` (unguessable, compared in constant time); without one, a report only updates an attempt whose
 * BizId AND OutId both match. Aliyun expects HTTP 200 with `{"code":0,"msg":"成功"}` and otherwise pushes again.
 */
export const ALIYUN_REPORT_ANSWER = { code: 0, msg: '成功' } as const;

export function verifyAliyunReportSecret(configured: string | undefined, given: string): boolean {
  return !!configured && safeEqual(configured, given);
}

const aliyunReportItem = z.object({
  phone_number: z.string(),
  success: z.boolean(),
  biz_id: z.string(),
  out_id: z.string().optional().nullable(),
  err_code: z.string().optional().nullable(),
  err_msg: z.string().optional().nullable(),
  send_time: z.string().optional(),
  report_time: z.string().optional(),
  sms_size: z.string().optional(),
});

/** Aliyun times are China Standard Time without an offset: "2017-08-30 00:00:00". */
const chinaTime = (s: string | undefined) => (s ? new Date(`${s.replace(' ', 'T')}+08:00`) : null);

/** Parses an SmsReport batch; throws a ZodError on a malformed body. */
export function parseAliyunReport(body: unknown): DeliveryReceipt[] {
  return z
    .array(aliyunReportItem)
    .parse(body)
    .map((r) => ({
      providerMessageId: r.biz_id,
      idempotencyKey: r.out_id ?? null,
      status: r.success ? 'delivered' : 'failed',
      errorCode: r.success ? null : (r.err_code ?? 'UNKNOWN'),
      at: chinaTime(r.report_time),
    }));
}
