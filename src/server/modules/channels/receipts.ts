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

export function verifyTwilioSignature(
  authToken: string,
  url: string,
  params: Record<string, string | string[]>,
  signature: string | undefined,
): boolean {
  return !!signature && safeEqual(twilioSignature(authToken, url, params), signature);
}

export interface DeliveryReceipt {
  providerMessageId: string;
  /** Our idempotency key when the provider echoes it (Aliyun OutId, Twilio callback `ref`). */
  idempotencyKey: string | null;
  status: 'delivered' | 'failed' | 'pending';
  errorCode: string | null;
  at: Date | null;
}

const TWILIO_FINAL: Record<string, DeliveryReceipt['status']> = {
  delivered: 'delivered',
  read: 'delivered',
  undelivered: 'failed',
  failed: 'failed',
};

/** Twilio status callback form → receipt (`queued`/`sent`/… are `pending`). `ref` is our query parameter. */
export function parseTwilioStatusCallback(params: Record<string, string>, ref?: string | null): DeliveryReceipt | null {
  if (!params.MessageSid || !params.MessageStatus) return null;
  return {
    providerMessageId: params.MessageSid,
    idempotencyKey: ref ?? null,
    status: TWILIO_FINAL[params.MessageStatus] ?? 'pending',
    errorCode: params.ErrorCode || null,
    at: null,
  };
}

/**
 * Aliyun SMS delivery reports (SmsReport). Aliyun pushes them over MNS queues or an HTTP batch callback; Rateloop
 * accepts the HTTP form: a JSON array POSTed to the callback URL. Aliyun's HTTP push has no signature of its own, so
 * the configuration's `reportSecret` authenticates it: header `X-Rateloop-Signature: sha256=<hex HMAC-SHA256 of the
 * raw body>` (a relay in front of Aliyun, or the fake, adds it).
 */
export const ALIYUN_REPORT_SIGNATURE_HEADER = 'x-rateloop-signature';

export function aliyunReportSignature(secret: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')}`;
}

export function verifyAliyunReport(secret: string, rawBody: string, header: string | undefined): boolean {
  return !!header && safeEqual(aliyunReportSignature(secret, rawBody), header);
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
