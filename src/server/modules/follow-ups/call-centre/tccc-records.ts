import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { type CallRecord, toE164 } from './adapter.js';

/**
 * What TCCC pushes to our callback URL (数据推送). Documentation:
 * - set-up, authentication, answer, retries, de-duplication: https://www.tencentcloud.com/document/product/1229/59640
 * - the call record (电话 CDR 数据推送), `POST {url}?action=cdr&version=1`: https://cloud.tencent.com/document/product/679/67257
 *   (en: https://www.tencentcloud.com/document/product/1229/59641)
 * - the recording (电话录音数据推送), `POST {url}?action=record&version=1`: https://cloud.tencent.com/document/product/679/67258
 * - end statuses: https://www.tencentcloud.com/document/product/1229/71847
 *
 * Our receiver must answer JSON `{"ErrCode":0,...}`, or TCCC pushes the same data again (at most 3 retries); the
 * `X-TCCC-PUSH-UUID` header is the same on a retry, so de-duplicate on it (or on SessionId).
 */

/** The answer TCCC expects for data we took (or chose to ignore). Anything else makes it push again. */
export const TCCC_PUSH_OK = { ErrCode: 0, ErrMsg: 'ok' } as const;

export class TcccRecordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TcccRecordError';
  }
}

const unixSeconds = z.number().int().nonnegative();

/** The root of the CDR: only the fields we read are checked; the rest (IVR keys, skill groups, …) is ignored. */
const cdrSchema = z
  .object({
    SdkAppId: z.union([z.number().int(), z.string().regex(/^\d+$/)]),
    SessionId: z.string().min(1),
    /** 0 inbound, 1 outbound. */
    Direction: z.number().int().min(0).max(1),
    Caller: z.string().nullish(),
    Callee: z.string().min(1),
    StartTimestamp: unixSeconds,
    /** Outbound: when the customer's phone started ringing; 0 when it never did. */
    RingTimestamp: unixSeconds.nullish(),
    /** Outbound: when the customer answered; 0 when nobody answered. */
    AcceptTimestamp: unixSeconds.nullish(),
    EndedTimestamp: unixSeconds,
    /** EndedTimestamp − AcceptTimestamp. */
    Duration: z.number().int().nonnegative().nullish(),
    EndStatusString: z.string().nullish(),
    /** The numeric status of DescribeTelCdr's records (1 ok, 201–211 outbound failures); the push sends the string. */
    EndStatus: z.number().int().nullish(),
    SeatUser: z.object({ UserId: z.string().nullish(), Mail: z.string().nullish() }).nullish(),
    /** 随路数据: the UUI we passed to CreateCallOutSession (our task id). */
    Uui: z.string().nullish(),
    /**
     * Not listed for the push (the recording comes as its own `action=record` push, see parseTcccRecording), but
     * DescribeTelCdr's records carry it: read when present.
     */
    RecordURL: z.string().nullish(),
    CustomRecordURL: z.string().nullish(),
  })
  .refine((c) => c.EndedTimestamp >= c.StartTimestamp, { message: 'EndedTimestamp is before StartTimestamp' })
  .refine(
    (c) => !c.AcceptTimestamp || (c.AcceptTimestamp >= c.StartTimestamp && c.AcceptTimestamp <= c.EndedTimestamp),
    {
      message: 'AcceptTimestamp is outside the call',
    },
  );

const ENDED_NUMERIC: Record<number, string> = {
  1: 'ok',
  201: 'unknown',
  202: 'notAnswer',
  203: 'userReject',
  204: 'powerOff',
  205: 'numberNotExist',
  206: 'busy',
  207: 'outOfCredit',
  208: 'operatorError',
  209: 'callerCancel',
  210: 'notInService',
  211: 'clientError',
};

/**
 * The customer did not pick up (or could not, for now): worth calling again later. `userReject` (拒接) and
 * `callerCancel` (the agent gave up while it rang) count here; `powerOff` / `notInService` are temporary.
 */
const NOT_ANSWERED = new Set([
  'notAnswer',
  'unconnected',
  'userReject',
  'ringingGiveUp',
  'callerCancel',
  'powerOff',
  'notInService',
]);

/** Outcome from the customer's side: answered iff TCCC reports an accept time; otherwise by the end status. */
function outcomeOf(accepted: boolean, status: string | null): CallRecord['outcome'] {
  if (accepted) return 'answered';
  if (status === 'busy') return 'busy';
  if (status && NOT_ANSWERED.has(status)) return 'no_answer';
  // numberNotExist, outOfCredit, operatorError, error, clientError, seatGiveUp (the agent's own phone was not
  // answered, so the customer was never called), unknown, anything new.
  return 'failed';
}

const at = (seconds: number) => new Date(seconds * 1000);

/** Parses TCCC's call record push (`action=cdr`) into a CallRecord; throws TcccRecordError on malformed input. */
export function parseTcccCallRecord(body: unknown): CallRecord {
  const parsed = cdrSchema.safeParse(body);
  if (!parsed.success) throw new TcccRecordError(`Malformed TCCC call record: ${z.prettifyError(parsed.error)}`);
  const c = parsed.data;
  if (c.Direction !== 1) throw new TcccRecordError('Not an outbound call record (Direction is not 1)');
  const accepted = Boolean(c.AcceptTimestamp);
  const status = c.EndStatusString ?? (c.EndStatus != null ? (ENDED_NUMERIC[c.EndStatus] ?? null) : null);
  return {
    provider: 'tccc',
    providerCallId: c.SessionId,
    taskId: c.Uui || null,
    seat: c.SeatUser?.UserId || c.SeatUser?.Mail || null,
    callee: toE164(c.Callee) ?? c.Callee,
    startedAt: at(c.StartTimestamp),
    answeredAt: accepted ? at(c.AcceptTimestamp!) : null,
    endedAt: at(c.EndedTimestamp),
    durationSeconds: accepted ? (c.Duration ?? c.EndedTimestamp - c.AcceptTimestamp!) : 0,
    outcome: outcomeOf(accepted, status),
    recordingUrl: c.RecordURL || c.CustomRecordURL || null,
  };
}

const recordingSchema = z.object({
  SdkAppId: z.union([z.number().int(), z.string().regex(/^\d+$/)]),
  RecordId: z.string().min(1),
  SessionId: z.string().min(1),
  Timestamp: unixSeconds,
  /** Whose side was recorded: the customer's number or the agent's e-mail. */
  EndpointUser: z.string(),
  RecordURL: z.string().url(),
  CustomRecordURL: z.string().url().nullish(),
});

export interface TcccRecording {
  providerCallId: string;
  recordId: string;
  endpointUser: string;
  /** Our own storage copy when TCCC is set to save there, else TCCC's URL (kept 3 months by default). */
  recordingUrl: string;
  at: Date;
}

/** Parses the recording push (`action=record`): one per recorded side of a call, joined to the call by SessionId. */
export function parseTcccRecording(body: unknown): TcccRecording {
  const parsed = recordingSchema.safeParse(body);
  if (!parsed.success) throw new TcccRecordError(`Malformed TCCC recording push: ${z.prettifyError(parsed.error)}`);
  const r = parsed.data;
  return {
    providerCallId: r.SessionId,
    recordId: r.RecordId,
    endpointUser: r.EndpointUser,
    recordingUrl: r.CustomRecordURL || r.RecordURL,
    at: at(r.Timestamp),
  };
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * TCCC authenticates its pushes with one of: none, HTTP Basic (账号密码: the username and password configured in the
 * console), or OAuth 2.0 client credentials (TCCC fetches a token from a URL we give, with a client id and secret)
 * — https://www.tencentcloud.com/document/product/1229/59640. It does not sign the body. We use Basic over HTTPS:
 * this checks the `Authorization` header against the configured pair, in constant time.
 */
export function verifyTcccPushAuth(
  authorization: string | undefined,
  expected: { username: string; password: string },
): boolean {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1]!, 'base64').toString('utf8');
  // Comparing digests keeps the comparison constant-time whatever the lengths.
  return timingSafeEqual(digest(given), digest(`${expected.username}:${expected.password}`));
}
