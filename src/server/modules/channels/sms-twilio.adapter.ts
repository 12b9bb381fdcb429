import {
  assertChannel,
  type ChannelAdapter,
  DEFAULT_TIMEOUT_MS,
  type FailureKind,
  failure,
  httpCall,
  isFailure,
  kindOfHttpStatus,
  retryAfterOf,
  type SendResult,
  type SmsMessage,
  success,
} from './adapter.js';
import type { TwilioSettings } from './providers.js';

/**
 * Twilio REST error codes (https://www.twilio.com/docs/api/errors) we act on. Anything else falls back to the HTTP
 * status rule (429/5xx transient, other 4xx permanent).
 */
const TWILIO_CODES: Record<number, FailureKind> = {
  10001: 'quota', // Account is not active: balance at $0, suspended (https://www.twilio.com/docs/api/errors/10001)
  20003: 'permanent', // Authentication failed: wrong SID/token — no retry will fix it
  20005: 'quota', // Account not active: out of funds / trial not activated (https://www.twilio.com/docs/api/errors/20005)
  20429: 'transient', // Too Many Requests
  21211: 'permanent', // Invalid 'To' phone number
  21214: 'permanent', // 'To' phone number cannot be reached
  21408: 'permanent', // Permission to send an SMS has not been enabled for the region
  21606: 'permanent', // The 'From' number is not a valid, SMS-capable number of this account
  21610: 'permanent', // The recipient replied STOP (unsubscribed)
  // The 'From' number's queue holds more than 10 hours of messages (https://www.twilio.com/docs/api/errors/21611):
  // come back much later (TWILIO_QUEUE_BACKOFF_S), not in seconds.
  21611: 'transient',
  21612: 'permanent', // The 'To' number is not currently reachable via SMS
  21614: 'permanent', // 'To' number is not a valid mobile number
};

/** 21611: the queue drains at the sender's rate over up to 10 hours; retrying within minutes hits it again. */
export const TWILIO_QUEUE_BACKOFF_S = 3600;

/** Twilio states an empty prepaid balance in words rather than with one stable code; it means "quota". */
const BALANCE = /insufficient (funds|balance)|account balance|out of (credit|balance)/i;

export function classifyTwilioError(status: number, body: unknown): { kind: FailureKind; code: string } {
  const err = (body ?? {}) as { code?: number; message?: string };
  const code = typeof err.code === 'number' ? err.code : undefined;
  if (status === 402 || (err.message && BALANCE.test(err.message)))
    return { kind: 'quota', code: String(code ?? status) };
  if (code !== undefined && TWILIO_CODES[code]) return { kind: TWILIO_CODES[code], code: String(code) };
  return { kind: kindOfHttpStatus(status), code: code !== undefined ? String(code) : `http_${status}` };
}

/**
 * Twilio Programmable Messaging: `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, form-encoded, HTTP Basic
 * (Account SID : Auth Token). Twilio has no idempotency key on message creation; the key travels in the status
 * callback URL (`?ref=`) so a receipt can be matched to its attempt even before the MessageSid is stored.
 */
export function createTwilioAdapter(): ChannelAdapter<SmsMessage, TwilioSettings> {
  return {
    channel: 'sms',
    provider: 'twilio',
    async send(message, config): Promise<SendResult> {
      assertChannel(message, 'sms');
      const startedAt = Date.now();
      const s = config.settings;
      const form = new URLSearchParams({ To: message.to, Body: message.text });
      if (s.messagingServiceSid) form.set('MessagingServiceSid', s.messagingServiceSid);
      else if (s.from) form.set('From', s.from);
      if (s.statusCallbackUrl) {
        const cb = new URL(s.statusCallbackUrl);
        cb.searchParams.set('ref', message.idempotencyKey);
        form.set('StatusCallback', cb.toString());
      }
      const url = `${s.baseUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${s.accountSid}/Messages.json`;
      const auth = Buffer.from(`${s.accountSid}:${config.secrets.authToken ?? ''}`).toString('base64');
      const answer = await httpCall(
        url,
        {
          method: 'POST',
          headers: {
            authorization: `Basic ${auth}`,
            'content-type': 'application/x-www-form-urlencoded',
            accept: 'application/json',
          },
          body: form.toString(),
        },
        s.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        startedAt,
      );
      if (isFailure(answer)) return answer;
      const body = answer.json as { sid?: string; status?: string; code?: number; message?: string } | null;
      if (answer.status >= 200 && answer.status < 300 && body?.sid) {
        return success(startedAt, { sid: body.sid, status: body.status }, body.sid);
      }
      const { kind, code } = classifyTwilioError(answer.status, body);
      return failure(
        kind,
        code,
        body?.message ?? `Twilio answered HTTP ${answer.status}`,
        startedAt,
        body ?? answer.text,
        code === '21611'
          ? TWILIO_QUEUE_BACKOFF_S
          : kind === 'transient'
            ? retryAfterOf(answer.headers.get('retry-after'))
            : undefined,
      );
    },
  };
}
