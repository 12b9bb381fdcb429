import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TcccFake } from '../../../../../test/fakes/tccc.js';
import { CallCentreError, type CallRecord } from './adapter.js';
import { createTcccAdapter, type TcccAdapterOptions, tcccErrorCode } from './tccc.adapter.js';
import {
  parseTcccCallRecord,
  parseTcccRecording,
  TCCC_PUSH_OK,
  type TcccRecording,
  verifyTcccPushAuth,
} from './tccc-records.js';
import { signTc3 } from './tccc-signature.js';

const PUSH_AUTH = { username: 'tccc-push', password: 'push-password-for-tests' };
const SEAT = 'agent@example.com';

interface Received {
  action: string | null;
  pushUuid: string | undefined;
  status: number;
  record?: CallRecord;
  recording?: TcccRecording;
  refusal?: string;
}

/** Our side of the push: Basic auth checked, the body parsed, `{"ErrCode":0}` for what we took. */
async function startReceiver() {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://receiver');
      const entry: Received = {
        action: url.searchParams.get('action'),
        pushUuid: req.headers['x-tccc-push-uuid'] as string | undefined,
        status: 200,
      };
      let answer: unknown = TCCC_PUSH_OK;
      if (!verifyTcccPushAuth(req.headers.authorization, PUSH_AUTH)) {
        entry.status = 401;
        answer = { ErrCode: 401, ErrMsg: 'unauthorised' };
      } else {
        try {
          const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          if (entry.action === 'cdr') entry.record = parseTcccCallRecord(body);
          else if (entry.action === 'record') entry.recording = parseTcccRecording(body);
        } catch (error) {
          entry.refusal = (error as Error).message;
          answer = { ErrCode: 1, ErrMsg: entry.refusal };
        }
      }
      received.push(entry);
      res.writeHead(entry.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tccc/push`;
  return {
    url,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let fake: TcccFake;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeEach(async () => {
  receiver = await startReceiver();
  fake = await new TcccFake({
    seats: [
      { userId: SEAT, status: 'free', phone: '008613900000001' },
      { userId: 'offline@example.com', status: 'offline', phone: '008613900000002' },
      { userId: 'no-allowlist@example.com', status: 'free', phone: '008613900000003', allowlisted: false },
    ],
    callback: { url: receiver.url, basicAuth: PUSH_AUTH },
  }).start();
});

afterEach(async () => {
  await fake.settled();
  await fake.close();
  await receiver.close();
});

const adapter = (overrides: Partial<TcccAdapterOptions> = {}) =>
  createTcccAdapter({
    secretId: fake.secretId,
    secretKey: fake.secretKey,
    sdkAppId: fake.sdkAppId,
    endpoint: fake.url,
    ...overrides,
  });

async function refusal(promise: Promise<unknown>): Promise<CallCentreError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CallCentreError);
  return error as CallCentreError;
}

describe('TC3-HMAC-SHA256 signing', () => {
  it("reproduces the signature of Tencent's documented example", () => {
    // The worked example of "Signature v3" (CVM DescribeInstances, timestamp 1551113065).
    const headers = signTc3({
      secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
      secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
      service: 'cvm',
      host: 'cvm.tencentcloudapi.com',
      action: 'DescribeInstances',
      version: '2017-03-12',
      region: 'ap-guangzhou',
      timestamp: 1551113065,
      payload: '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
    });
    expect(headers).toEqual({
      Authorization:
        'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, ' +
        'SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
      'Content-Type': 'application/json; charset=utf-8',
      'X-TC-Action': 'DescribeInstances',
      'X-TC-Version': '2017-03-12',
      'X-TC-Timestamp': '1551113065',
      'X-TC-Region': 'ap-guangzhou',
    });
  });
});

describe('TCCC adapter against the fake', () => {
  it('places a call: the session id comes back, the fake got a signed request carrying the task id', async () => {
    const start = await adapter().startCall({ seat: SEAT, callee: '+86 138-0013-8000', taskId: 'task-42' });
    expect(start.kind).toBe('placed');
    expect(fake.calls).toHaveLength(1);
    const call = fake.calls[0]!;
    expect(start).toEqual({ kind: 'placed', providerCallId: call.sessionId });
    expect(call).toMatchObject({
      sdkAppId: fake.sdkAppId,
      userId: SEAT,
      callee: '008613800138000',
      uui: 'task-42',
      isForceUseMobile: true,
    });
    const request = fake.requests[0]!;
    expect(request.headers['x-tc-action']).toBe('CreateCallOutSession');
    expect(request.headers['x-tc-version']).toBe('2020-02-10');
    expect(request.headers.authorization).toMatch(
      /^TC3-HMAC-SHA256 Credential=AKIDfakeTcccSecretId0123456789\/\d{4}-\d{2}-\d{2}\/ccc\/tc3_request, SignedHeaders=content-type;host, Signature=[0-9a-f]{64}$/,
    );
    expect(JSON.parse(request.body)).toEqual({
      SdkAppId: fake.sdkAppId,
      UserId: SEAT,
      Callee: '008613800138000',
      IsForceUseMobile: true,
      UUI: 'task-42',
    });
  });

  it('a wrong secret is refused by the fake and becomes auth_failed, without the secret in the message', async () => {
    const error = await refusal(
      adapter({ secretKey: 'not-the-secret-key-9876' }).startCall({ seat: SEAT, callee: '13800138000', taskId: 't' }),
    );
    expect(error.code).toBe('auth_failed');
    expect(error.providerCode).toBe('AuthFailure.SignatureFailure');
    expect(error.message).not.toContain('not-the-secret-key-9876');
    expect(error.message).not.toContain(fake.secretKey);
    expect(fake.calls).toHaveLength(0);
  });

  it('a clock more than five minutes off is refused as SignatureExpire (auth_failed)', async () => {
    const skewed = () => new Date(Date.now() - 6 * 60_000);
    const error = await refusal(adapter({ now: skewed }).startCall({ seat: SEAT, callee: '13800138000', taskId: 't' }));
    expect(error).toMatchObject({ code: 'auth_failed', providerCode: 'AuthFailure.SignatureExpire' });
    // Four minutes off is still accepted.
    const fine = await adapter({ now: () => new Date(Date.now() - 4 * 60_000) }).startCall({
      seat: SEAT,
      callee: '13800138000',
      taskId: 't',
    });
    expect(fine.kind).toBe('placed');
  });

  it('an unknown, offline, busy or not allowlisted seat is seat_unavailable', async () => {
    const tccc = adapter();
    const call = (seat: string | null) => tccc.startCall({ seat, callee: '13800138000', taskId: 't' });
    expect(await refusal(call('nobody@example.com'))).toMatchObject({
      code: 'seat_unavailable',
      providerCode: 'InvalidParameterValue.AccountNotExist',
    });
    expect(await refusal(call('offline@example.com'))).toMatchObject({
      code: 'seat_unavailable',
      providerCode: 'FailedOperation.SeatStatusBusy',
    });
    expect(await refusal(call('no-allowlist@example.com'))).toMatchObject({
      code: 'seat_unavailable',
      providerCode: 'OperationDenied.NotInWhiteList',
    });
    const requestsSoFar = fake.requests.length;
    expect((await refusal(call(null))).code).toBe('seat_unavailable'); // refused before TCCC is asked
    expect(fake.requests).toHaveLength(requestsSoFar);

    // The seat is on a call until that call ends (held: a slow machine must not end it before the second try).
    const release = fake.hold();
    await call(SEAT);
    expect(await refusal(call(SEAT))).toMatchObject({ providerCode: 'FailedOperation.SeatStatusBusy' });
    release();
    await fake.settled();
    expect((await call(SEAT)).kind).toBe('placed');
  });

  it('an invalid number is refused before TCCC is called; TCCC refusals map to our codes', async () => {
    const tccc = adapter();
    const error = await refusal(tccc.startCall({ seat: SEAT, callee: '12345', taskId: 't' }));
    expect(error.code).toBe('invalid_number');
    expect(fake.requests).toHaveLength(0);

    const cases: [string, string][] = [
      ['InvalidParameterValue', 'invalid_number'],
      ['FailedOperation.CalleeIsLimited', 'invalid_number'],
      ['LimitExceeded', 'rate_limited'],
      ['RequestLimitExceeded', 'rate_limited'],
      ['FailedOperation.CallerOverFrequency', 'rate_limited'],
      ['FailedOperation.CallOutFailed', 'provider_error'],
      ['InternalError.DBError', 'provider_error'],
    ];
    for (const [providerCode, code] of cases) {
      fake.failNext(1, providerCode);
      expect(await refusal(tccc.startCall({ seat: SEAT, callee: '13800138000', taskId: 't' }))).toMatchObject({
        code,
        providerCode,
      });
    }
    expect(tcccErrorCode('AuthFailure.SecretIdNotFound')).toBe('auth_failed');
  });

  it('the fake checks the signature over the body actually sent', async () => {
    const tampering: typeof fetch = (input, init) =>
      fetch(input, { ...init, body: String(init?.body).replace('task-1', 'task-2') });
    const error = await refusal(
      adapter({ fetch: tampering }).startCall({ seat: SEAT, callee: '13800138000', taskId: 'task-1' }),
    );
    expect(error).toMatchObject({ code: 'auth_failed', providerCode: 'AuthFailure.SignatureFailure' });
    expect(fake.calls).toHaveLength(0);
  });

  it('a provider that does not answer in time is a provider_error', async () => {
    fake.answerNext(1, { status: 200, body: { Response: { SessionId: 'late', RequestId: 'r' } }, delayMs: 400 });
    const error = await refusal(
      adapter({ timeoutMs: 100 }).startCall({ seat: SEAT, callee: '13800138000', taskId: 't' }),
    );
    expect(error.code).toBe('provider_error');
    expect(error.message).toContain('100 ms');
  });

  it('an answered call: the pushed record parses to answeredAt and the talk time, then the recording arrives', async () => {
    fake.setCallee('+8613800138000', { result: 'answer', ringSeconds: 4, talkSeconds: 95 });
    const start = await adapter().startCall({ seat: SEAT, callee: '13800138000', taskId: 'task-answered' });
    await fake.settled();
    const call = fake.calls[0]!;
    const t0 = call.startTimestamp;
    expect(start).toEqual({ kind: 'placed', providerCallId: call.sessionId });

    const cdrs = receiver.received.filter((r) => r.action === 'cdr');
    expect(cdrs).toHaveLength(1);
    // Agent's phone answers at +3 s, the customer's rings at +4 s and is answered 4 s later, 95 s of talk.
    expect(cdrs[0]!.record).toEqual({
      provider: 'tccc',
      providerCallId: call.sessionId,
      taskId: 'task-answered',
      seat: SEAT,
      callee: '+8613800138000',
      startedAt: new Date(t0 * 1000),
      answeredAt: new Date((t0 + 8) * 1000),
      endedAt: new Date((t0 + 8 + 95) * 1000),
      durationSeconds: 95,
      outcome: 'answered',
      recordingUrl: null,
    } satisfies CallRecord);
    // The same parse of the body the fake kept, with TCCC's own field names.
    expect(call.cdr).toMatchObject({ Uui: 'task-answered', EndStatusString: 'ok', Duration: 95, Direction: 1 });
    expect(parseTcccCallRecord(call.cdr)).toEqual(cdrs[0]!.record);

    const recordings = receiver.received.filter((r) => r.action === 'record');
    expect(recordings).toHaveLength(1);
    expect(recordings[0]!.recording).toMatchObject({
      providerCallId: call.sessionId,
      endpointUser: '008613800138000',
      recordingUrl: expect.stringMatching(/^https:\/\/.+\.mp3$/),
    });
    expect(fake.pushes.every((p) => p.status === 200)).toBe(true);
  });

  it('a number that never answers yields no_answer; a busy one busy; an empty number failed', async () => {
    fake.setCallee('13800138001', { result: 'notAnswer', ringSeconds: 30 });
    fake.setCallee('13800138002', { result: 'busy' });
    fake.setCallee('13800138003', { result: 'numberNotExist' });
    const tccc = adapter();
    const outcomes: Record<string, Partial<CallRecord>> = {};
    for (const [callee, taskId] of [
      ['13800138001', 'task-silent'],
      ['13800138002', 'task-busy'],
      ['13800138003', 'task-gone'],
    ] as const) {
      await tccc.startCall({ seat: SEAT, callee, taskId });
      await fake.settled(); // the seat is free again once the call has ended
    }
    for (const r of receiver.received) if (r.record?.taskId) outcomes[r.record.taskId] = r.record;
    expect(outcomes['task-silent']).toMatchObject({
      outcome: 'no_answer',
      answeredAt: null,
      durationSeconds: 0,
      callee: '+8613800138001',
    });
    const silent = outcomes['task-silent']!;
    expect(silent.endedAt!.getTime() - silent.startedAt!.getTime()).toBe((3 + 1 + 30) * 1000);
    expect(outcomes['task-busy']).toMatchObject({ outcome: 'busy', answeredAt: null, durationSeconds: 0 });
    expect(outcomes['task-gone']).toMatchObject({ outcome: 'failed', answeredAt: null });
    expect(receiver.received.filter((r) => r.action === 'record')).toHaveLength(0); // nothing was recorded
  });

  it('a malformed record is refused: parse errors, and the receiver says so, so TCCC pushes again (3 retries)', async () => {
    expect(() => parseTcccCallRecord({ SessionId: 's' })).toThrow(/Malformed TCCC call record/);
    expect(() => parseTcccCallRecord(null)).toThrow(/Malformed/);
    const valid = {
      SdkAppId: 1400000001,
      SessionId: 's-1',
      Direction: 1,
      Callee: '008613800138000',
      StartTimestamp: 1700000000,
      RingTimestamp: 1700000004,
      AcceptTimestamp: 1700000008,
      EndedTimestamp: 1700000060,
      Duration: 52,
      EndStatusString: 'ok',
      Uui: 't-1',
    };
    expect(parseTcccCallRecord(valid).durationSeconds).toBe(52);
    expect(() => parseTcccCallRecord({ ...valid, StartTimestamp: '1700000000' })).toThrow(/StartTimestamp/);
    expect(() => parseTcccCallRecord({ ...valid, EndedTimestamp: 1699999999 })).toThrow(/before StartTimestamp/);
    expect(() => parseTcccCallRecord({ ...valid, AcceptTimestamp: 1700000099 })).toThrow(/outside the call/);
    expect(() => parseTcccCallRecord({ ...valid, Direction: 0 })).toThrow(/outbound/);
    expect(() => parseTcccRecording({ SessionId: 's-1', RecordURL: 'not a url' })).toThrow(/Malformed TCCC recording/);

    // Through the wire: the fake pushes a broken record, our receiver answers ErrCode 1, TCCC pushes the same data
    // again (same push id), 1 + 3 times, then gives up.
    fake.mangleNextRecord((cdr) => ({ ...cdr, AcceptTimestamp: 'soon' }));
    await adapter().startCall({ seat: SEAT, callee: '13800138000', taskId: 'task-broken' });
    await fake.settled();
    const cdrPushes = fake.pushes.filter((p) => p.action === 'cdr');
    expect(cdrPushes).toHaveLength(4);
    expect(new Set(cdrPushes.map((p) => p.pushUuid)).size).toBe(1);
    expect(cdrPushes.map((p) => (p.answer as { ErrCode: number }).ErrCode)).toEqual([1, 1, 1, 1]);
    const refused = receiver.received.filter((r) => r.action === 'cdr');
    expect(refused).toHaveLength(4);
    expect(refused.every((r) => r.record === undefined && /AcceptTimestamp/.test(r.refusal ?? ''))).toBe(true);
  });

  it('pushes with the wrong credentials are refused by the verifier, and TCCC retries three times', async () => {
    fake.callback = { url: receiver.url, basicAuth: { username: PUSH_AUTH.username, password: 'wrong' } };
    await adapter().startCall({ seat: SEAT, callee: '13800138000', taskId: 'task-unauthorised' });
    await fake.settled();
    const cdrPushes = fake.pushes.filter((p) => p.action === 'cdr');
    expect(cdrPushes).toHaveLength(4);
    expect(new Set(cdrPushes.map((p) => p.pushUuid)).size).toBe(1);
    expect(cdrPushes.every((p) => p.status === 401)).toBe(true);
    expect(receiver.received.every((r) => r.record === undefined)).toBe(true);

    expect(verifyTcccPushAuth(undefined, PUSH_AUTH)).toBe(false);
    expect(verifyTcccPushAuth('Bearer abc', PUSH_AUTH)).toBe(false);
    expect(
      verifyTcccPushAuth(`Basic ${Buffer.from('tccc-push:push-password-for-tests').toString('base64')}`, PUSH_AUTH),
    ).toBe(true);
  });
});
