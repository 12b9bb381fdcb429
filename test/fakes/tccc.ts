import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { type FakeAnswer, HttpFake, type RecordedRequest } from './http-fake.js';

/**
 * Tencent Cloud Contact Center (TCCC) as our click-to-call adapter meets it: `CreateCallOutSession` (API 3.0, version
 * 2020-02-10, https://cloud.tencent.com/document/api/679/68726) and the data pushes that follow a call (call record
 * https://cloud.tencent.com/document/product/679/67257, recording https://cloud.tencent.com/document/product/679/67258,
 * push rules https://www.tencentcloud.com/document/product/1229/59640).
 *
 * The request checks, in TCCC's order: a timestamp within five minutes (AuthFailure.SignatureExpire), the
 * TC3-HMAC-SHA256 signature recomputed here from the received headers and body — written independently of the
 * adapter's signer, so this fake checks it (AuthFailure.SignatureFailure / SecretIdNotFound / InvalidAuthorization),
 * the action and version, unknown parameters (UnknownParameter — `Uui` is not `UUI`), the application
 * (InvalidParameter.InstanceNotExist), the seat (InvalidParameterValue.AccountNotExist; not allowlisted →
 * OperationDenied.NotInWhiteList; busy, offline or already on a call → FailedOperation.SeatStatusBusy: TCCC documents
 * no separate "offline" code for this API), `IsForceUseMobile` true, the callee (`0086…`, else InvalidParameterValue).
 * Errors come with HTTP 200, as API 3.0 answers them.
 *
 * An accepted call is then played: the seat's phone rings and answers, the customer's phone rings and is answered or
 * not (per callee: `setCallee`), the call ends, and the call record is POSTed to the callback (`?action=cdr&version=1`,
 * HTTP Basic when configured, `X-TCCC-PUSH-UUID`), re-pushed up to 3 times unless the answer is `{"ErrCode":0}`;
 * an answered call's recording follows (`?action=record&version=1`). Call times are simulated (UNIX seconds from
 * `now()` at placement); the pushes happen `pushDelayMs` after the answer. `settled()` waits for every push.
 */

export type CalleeResult = 'answer' | 'notAnswer' | 'busy' | 'userReject' | 'powerOff' | 'numberNotExist';

export interface CalleeBehaviour {
  result: CalleeResult;
  /** How long the customer's phone rings (before answering, or before giving up). */
  ringSeconds?: number;
  /** Talk time when answered. */
  talkSeconds?: number;
}

export interface TcccSeat {
  userId: string;
  status: 'free' | 'busy' | 'offline';
  /** The phone bound to the seat (dual call rings it first). */
  phone?: string;
  /** Whether that phone is on the outbound allowlist (default true). */
  allowlisted?: boolean;
  name?: string;
  staffNumber?: string;
}

export interface PushAttempt {
  action: 'cdr' | 'record';
  pushUuid: string;
  sessionId: string;
  status: number;
  answer: unknown;
  body: Record<string, unknown>;
}

export interface PlacedTcccCall {
  sessionId: string;
  sdkAppId: number;
  userId: string;
  /** As sent: `0086…`. */
  callee: string;
  uui: string | null;
  isForceUseMobile: unknown;
  behaviour: Required<CalleeBehaviour>;
  startTimestamp: number;
  /** The record pushed (null until the call ended). */
  cdr: Record<string, unknown> | null;
}

export interface TcccCallback {
  url: string;
  basicAuth?: { username: string; password: string };
}

export interface TcccFakeOptions {
  secretId?: string;
  secretKey?: string;
  sdkAppId?: number;
  seats?: TcccSeat[];
  callback?: TcccCallback;
  now?: () => Date;
  /** The platform number TCCC calls from (the record's Caller). */
  platformNumber?: string;
  defaultRingSeconds?: number;
  defaultTalkSeconds?: number;
  /** Seconds until the agent picks up their own phone. */
  seatAnswerSeconds?: number;
  pushDelayMs?: number;
}

const ALLOWED_PARAMS = new Set(['SdkAppId', 'UserId', 'Callee', 'Caller', 'Callers', 'IsForceUseMobile', 'UUI']);
const MOBILE_0086 = /^00861[3-9]\d{9}$/;
const OTHER_INTERNATIONAL = /^00(?!86)[1-9]\d{6,14}$/;

/** Any way a test writes a number (E.164, bare mainland mobile, 0086…) → TCCC's `00…` form. */
export function tcccNumber(n: string): string {
  const digits = n.replace(/[\s\-()]/g, '');
  if (/^1[3-9]\d{9}$/.test(digits)) return `0086${digits}`;
  if (digits.startsWith('+')) return `00${digits.slice(1)}`;
  return digits;
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const hmacSha256 = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();
const header = (req: RecordedRequest, name: string) => {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
};
const AUTHORIZATION =
  /^TC3-HMAC-SHA256 Credential=([^/\s]+)\/(\d{4}-\d{2}-\d{2})\/([a-z0-9-]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;

export class TcccFake extends HttpFake {
  readonly calls: PlacedTcccCall[] = [];
  readonly pushes: PushAttempt[] = [];
  readonly secretId: string;
  readonly secretKey: string;
  readonly sdkAppId: number;
  callback: TcccCallback | undefined;
  private readonly seats = new Map<string, TcccSeat>();
  private readonly onCall = new Set<string>();
  private readonly callees = new Map<string, CalleeBehaviour>();
  private readonly pending = new Set<Promise<void>>();
  private readonly failures: { code: string; message: string }[] = [];
  private readonly manglers: ((cdr: Record<string, unknown>) => Record<string, unknown>)[] = [];
  private readonly now: () => Date;
  private readonly platformNumber: string;
  private readonly defaultRingSeconds: number;
  private readonly defaultTalkSeconds: number;
  private readonly seatAnswerSeconds: number;
  private readonly pushDelayMs: number;

  constructor(options: TcccFakeOptions = {}) {
    super((req) => this.answer(req));
    this.secretId = options.secretId ?? 'AKIDfakeTcccSecretId0123456789';
    this.secretKey = options.secretKey ?? 'fake-tccc-secret-key-0123456789';
    this.sdkAppId = options.sdkAppId ?? 1400000001;
    this.callback = options.callback;
    this.now = options.now ?? (() => new Date());
    this.platformNumber = options.platformNumber ?? '0086075512345678';
    this.defaultRingSeconds = options.defaultRingSeconds ?? 6;
    this.defaultTalkSeconds = options.defaultTalkSeconds ?? 42;
    this.seatAnswerSeconds = options.seatAnswerSeconds ?? 3;
    this.pushDelayMs = options.pushDelayMs ?? 5;
    for (const seat of options.seats ?? [{ userId: 'agent@example.com', status: 'free', phone: '008613900000001' }])
      this.setSeat(seat);
  }

  private held: Promise<void> = Promise.resolve();

  /**
   * Keeps the calls placed from now on going (their seats busy, no record pushed) until the returned function is
   * called — for a test that needs a call still in progress however slowly the machine runs.
   */
  hold(): () => void {
    let release = () => {};
    this.held = new Promise<void>((resolve) => {
      release = resolve;
    });
    return () => {
      release();
      this.held = Promise.resolve();
    };
  }

  setSeat(seat: TcccSeat): void {
    this.seats.set(seat.userId, seat);
  }

  /** How the customer at `number` reacts to our calls (default: answers after the default ring, talks the default). */
  setCallee(number: string, behaviour: CalleeBehaviour): void {
    this.callees.set(tcccNumber(number), behaviour);
  }

  /** The next `n` correctly signed requests are refused with TCCC error `code` (e.g. LimitExceeded). */
  failNext(n: number, code: string, message = code): void {
    for (let i = 0; i < n; i++) this.failures.push({ code, message });
  }

  /** The next call record pushed is passed through `mangle` first (to play a malformed push). */
  mangleNextRecord(mangle: (cdr: Record<string, unknown>) => Record<string, unknown>): void {
    this.manglers.push(mangle);
  }

  /** Resolves when every placed call has ended and its pushes are done. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  call(sessionId: string): PlacedTcccCall | undefined {
    return this.calls.find((c) => c.sessionId === sessionId);
  }

  private error(code: string, message: string): FakeAnswer {
    return { status: 200, body: { Response: { Error: { Code: code, Message: message }, RequestId: randomUUID() } } };
  }

  /** The TC3 check, from the document's steps, on what arrived (not on what the adapter meant to send). */
  private signatureProblem(req: RecordedRequest, timestamp: number): FakeAnswer | null {
    const auth = AUTHORIZATION.exec(header(req, 'authorization') ?? '');
    if (!auth) return this.error('AuthFailure.InvalidAuthorization', 'Authorization in the request header is invalid.');
    const [, secretId, date, service, signedHeaders, signature] = auth as unknown as string[];
    if (secretId !== this.secretId)
      return this.error(
        'AuthFailure.SecretIdNotFound',
        'The SecretId is not found, please ensure that your SecretId is correct.',
      );
    const names = signedHeaders!.split(';');
    const utcDate = new Date(timestamp * 1000).toISOString().slice(0, 10);
    if (
      service !== 'ccc' ||
      date !== utcDate ||
      !names.includes('content-type') ||
      !names.includes('host') ||
      [...names].sort().join(';') !== signedHeaders
    )
      return this.error('AuthFailure.SignatureFailure', 'The provided credentials could not be validated.');
    // Keys and values lowercased and trimmed, sorted by key, `key:value\n` each.
    const canonicalHeaders = names.map((n) => `${n}:${(header(req, n) ?? '').trim().toLowerCase()}\n`).join('');
    const canonical = `POST\n/\n\n${canonicalHeaders}\n${signedHeaders}\n${sha256(req.body)}`;
    const toSign = `TC3-HMAC-SHA256\n${timestamp}\n${date}/${service}/tc3_request\n${sha256(canonical)}`;
    let key = hmacSha256(`TC3${this.secretKey}`, date!);
    key = hmacSha256(key, service!);
    key = hmacSha256(key, 'tc3_request');
    const expected = hmacSha256(key, toSign);
    if (!timingSafeEqual(expected, Buffer.from(signature!, 'hex')))
      return this.error(
        'AuthFailure.SignatureFailure',
        'The provided credentials could not be validated. Please check your signature is correct.',
      );
    return null;
  }

  private answer(req: RecordedRequest): FakeAnswer {
    if (req.method !== 'POST' || req.path !== '/')
      return this.error('UnsupportedProtocol', 'This fake speaks POST / with a JSON body only.');
    const timestamp = Number(header(req, 'x-tc-timestamp'));
    if (!Number.isInteger(timestamp)) return this.error('MissingParameter', 'The request is missing X-TC-Timestamp.');
    if (Math.abs(this.now().getTime() / 1000 - timestamp) > 300)
      return this.error(
        'AuthFailure.SignatureExpire',
        'Signature expired. Timestamp and server time cannot differ by more than five minutes.',
      );
    const refused = this.signatureProblem(req, timestamp);
    if (refused) return refused;
    if (header(req, 'x-tc-version') !== '2020-02-10')
      return this.error('NoSuchVersion', 'The API version does not exist.');
    if (header(req, 'x-tc-action') !== 'CreateCallOutSession')
      return this.error('InvalidAction', `The action ${header(req, 'x-tc-action')} is not faked.`);
    let params: Record<string, unknown>;
    try {
      params = JSON.parse(req.body) as Record<string, unknown>;
    } catch {
      return this.error('InvalidParameter', 'The body is not JSON.');
    }
    const unknown = Object.keys(params).find((k) => !ALLOWED_PARAMS.has(k));
    if (unknown) return this.error('UnknownParameter', `The parameter \`${unknown}\` is not recognized.`);
    for (const required of ['SdkAppId', 'UserId', 'Callee'])
      if (params[required] === undefined || params[required] === '')
        return this.error('MissingParameter', `The parameter \`${required}\` is missing.`);
    const scripted = this.failures.shift();
    if (scripted) return this.error(scripted.code, scripted.message);
    if (params.SdkAppId !== this.sdkAppId)
      return this.error('InvalidParameter.InstanceNotExist', 'The application does not exist.');
    const seat = this.seats.get(String(params.UserId));
    if (!seat) return this.error('InvalidParameterValue.AccountNotExist', 'The account does not exist.');
    if (seat.allowlisted === false)
      return this.error('OperationDenied.NotInWhiteList', "The seat's phone is not on the outbound allowlist.");
    if (seat.status !== 'free' || this.onCall.has(seat.userId))
      return this.error('FailedOperation.SeatStatusBusy', 'The seat is busy.');
    if (params.IsForceUseMobile !== true)
      return this.error('InvalidParameterValue', 'IsForceUseMobile currently only supports true.');
    const callee = String(params.Callee);
    if (!MOBILE_0086.test(callee) && !OTHER_INTERNATIONAL.test(callee))
      return this.error('InvalidParameterValue', 'Callee must be a valid number with the 0086 prefix.');
    const uui = params.UUI === undefined ? null : String(params.UUI);
    if (uui !== null && Buffer.byteLength(uui, 'utf8') > 1024)
      return this.error('InvalidParameterValue', 'UUI exceeds 1024 bytes.');

    const configured = this.callees.get(callee) ?? { result: 'answer' };
    const call: PlacedTcccCall = {
      sessionId: randomUUID(),
      sdkAppId: this.sdkAppId,
      userId: seat.userId,
      callee,
      uui,
      isForceUseMobile: params.IsForceUseMobile,
      behaviour: {
        result: configured.result,
        ringSeconds: configured.ringSeconds ?? this.defaultRingSeconds,
        talkSeconds: configured.talkSeconds ?? this.defaultTalkSeconds,
      },
      startTimestamp: Math.floor(this.now().getTime() / 1000),
      cdr: null,
    };
    this.calls.push(call);
    this.onCall.add(seat.userId);
    const held = this.held;
    const played = new Promise<void>((resolve) => setTimeout(resolve, this.pushDelayMs))
      .then(() => held)
      .then(() => this.finish(call, seat))
      .finally(() => this.pending.delete(played));
    this.pending.add(played);
    return { status: 200, body: { Response: { SessionId: call.sessionId, RequestId: randomUUID() } } };
  }

  /** Ends the call: builds the record with TCCC's field names, frees the seat, pushes record then recording. */
  private async finish(call: PlacedTcccCall, seat: TcccSeat): Promise<void> {
    const { result, ringSeconds, talkSeconds } = call.behaviour;
    const start = call.startTimestamp;
    const seatRing = start + 1;
    const seatAccept = start + this.seatAnswerSeconds;
    // The customer's phone rings only once the agent picked up theirs; busy / off / no such number never ring.
    const rings = result === 'answer' || result === 'notAnswer' || result === 'userReject';
    const userRing = rings ? seatAccept + 1 : 0;
    const accept = result === 'answer' ? userRing + ringSeconds : 0;
    const ended = result === 'answer' ? accept + talkSeconds : rings ? userRing + ringSeconds : seatAccept + 2;
    const status = result === 'answer' ? 'ok' : result;
    const recordId = accept ? String(accept) : '';
    const cdr: Record<string, unknown> = {
      SdkAppId: call.sdkAppId,
      SessionId: call.sessionId,
      Direction: 1,
      CallType: 1,
      Caller: this.platformNumber,
      Callee: call.callee,
      StartTimestamp: start,
      RingTimestamp: userRing,
      AcceptTimestamp: accept,
      EndedTimestamp: ended,
      Duration: accept ? ended - accept : 0,
      IVRDuration: 0,
      EndStatusString: status,
      HungUpSide: result === 'userReject' || result === 'answer' ? 'user' : 'seat',
      IVRKeyPressed: null,
      IVRKeyPressedEx: [],
      PostIVRKeyPressed: [],
      QueuedSkillGroupId: 0,
      RecordId: recordId,
      UserRemark: '',
      Uui: call.uui ?? '',
      SeatUser: {
        Mail: seat.userId,
        Name: seat.name ?? seat.userId.split('@')[0],
        Nick: seat.name ?? '',
        Phone: seat.phone ?? '',
        UserId: seat.userId,
        StaffNumber: seat.staffNumber ?? '',
        SkillGroupNameList: [],
      },
      ServeParticipants: [
        {
          Sequence: 0,
          Mail: seat.userId,
          Phone: seat.phone ?? '',
          RecordId: recordId,
          StartTimestamp: start,
          RingTimestamp: seatRing,
          AcceptTimestamp: seatAccept,
          EndedTimestamp: ended,
          Type: 'staffPhoneSeat',
          EndStatusString: status,
        },
      ],
    };
    const mangle = this.manglers.shift();
    call.cdr = mangle ? mangle(cdr) : cdr;
    this.onCall.delete(seat.userId);
    await this.push('cdr', call.sessionId, call.cdr);
    if (accept)
      await this.push('record', call.sessionId, {
        SdkAppId: call.sdkAppId,
        RecordId: recordId,
        SessionId: call.sessionId,
        Timestamp: ended,
        EndpointUser: call.callee,
        RecordURL: `https://recorder-fake.invalid/ccc/${call.sessionId}.mp3`,
      });
  }

  /** One push: the first try and up to 3 retries until the receiver answers HTTP 2xx with ErrCode 0. */
  private async push(action: 'cdr' | 'record', sessionId: string, body: Record<string, unknown>): Promise<void> {
    if (!this.callback) return;
    const url = new URL(this.callback.url);
    url.searchParams.set('action', action);
    url.searchParams.set('version', '1');
    const pushUuid = randomUUID();
    const headers: Record<string, string> = {
      'content-type': 'application/json;charset=utf8',
      'x-tccc-push-uuid': pushUuid,
    };
    const basic = this.callback.basicAuth;
    if (basic) headers.authorization = `Basic ${Buffer.from(`${basic.username}:${basic.password}`).toString('base64')}`;
    for (let attempt = 0; attempt <= 3; attempt++) {
      let status = 0;
      let answer: unknown = null;
      try {
        const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
        status = res.status;
        const text = await res.text();
        try {
          answer = JSON.parse(text);
        } catch {
          answer = text;
        }
      } catch (error) {
        answer = (error as Error).message;
      }
      this.pushes.push({ action, pushUuid, sessionId, status, answer, body });
      if (status >= 200 && status < 300 && (answer as { ErrCode?: unknown } | null)?.ErrCode === 0) return;
    }
  }
}
