import { type CallCentreAdapter, CallCentreError, type CallCentreErrorCode, calleeOrThrow } from './adapter.js';
import { signTc3 } from './tccc-signature.js';

/**
 * Tencent Cloud Contact Center (TCCC, 腾讯云联络中心) click-to-call: `CreateCallOutSession` (创建外呼会话), API 3.0,
 * version 2020-02-10 — https://cloud.tencent.com/document/api/679/68726 (en: https://www.tencentcloud.com/document/api/1229/59778).
 *
 * - It is a dual call (双呼): TCCC first rings the phone bound to the seat (`UserId`, the agent's e-mail in TCCC), and
 *   when the agent answers it calls the customer. The seat's phone must be on TCCC's outbound allowlist, and
 *   `IsForceUseMobile` "currently only supports true".
 * - `Callee` must carry the `0086` prefix (`008613012345678`): we send E.164 with `+` written as `00`.
 * - `UUI` (spelled so in the request; the call record pushes it back as `Uui`) is free data up to 1,024 bytes: our
 *   follow-up task id, so the call record finds its task.
 * - Answer `{"Response":{"SessionId","RequestId"}}`, or `{"Response":{"Error":{"Code","Message"},"RequestId"}}` — API
 *   3.0 answers business errors with HTTP 200, so the body decides, not the status.
 * - Default 20 requests a second per API.
 *
 * A timeout does not mean the call was not placed: TCCC may have accepted it. We do not retry; the call record (with
 * our task id in `Uui`) still arrives if it was.
 */
export const TCCC_DEFAULT_ENDPOINT = 'https://ccc.tencentcloudapi.com'; // international site: ccc.intl.tencentcloudapi.com
export const TCCC_VERSION = '2020-02-10';
const DEFAULT_TIMEOUT_MS = 8_000;
const UUI_MAX_BYTES = 1024;

export interface TcccAdapterOptions {
  secretId: string;
  secretKey: string;
  /** The TCCC application (应用 ID), an integer such as 1400000000. */
  sdkAppId: number | string;
  endpoint?: string;
  region?: string;
  fetch?: typeof fetch;
  now?: () => Date;
  timeoutMs?: number;
}

/**
 * TCCC error codes → ours. CreateCallOutSession's own codes are listed in the SDK generated from the API definition
 * (https://github.com/TencentCloud/tencentcloud-sdk-go/blob/master/tencentcloud/ccc/v20200210/client.go: CallOutFailed,
 * CalleeIsLimited, CallerOverFrequency, NoCallOutNumber, SeatStatusBusy, InternalError.DBError,
 * InvalidParameter.InstanceNotExist, InvalidParameterValue, InvalidParameterValue.AccountNotExist,
 * OperationDenied.NotInWhiteList, UnsupportedOperation); the common ones (AuthFailure.*, LimitExceeded,
 * RequestLimitExceeded.*) on https://tencentcloud.com/document/product/1229/59801. Anything else is a provider error.
 */
const TCCC_CODES: Record<string, CallCentreErrorCode> = {
  'FailedOperation.SeatStatusBusy': 'seat_unavailable', // 坐席处于忙碌状态
  'InvalidParameterValue.AccountNotExist': 'seat_unavailable', // no such seat in this application
  'OperationDenied.NotInWhiteList': 'seat_unavailable', // the seat's phone is not on the outbound allowlist
  // The only caller-chosen values of this API are the seat (its own code above), the callee and UUI (checked here),
  // so a bare InvalidParameterValue is the callee.
  InvalidParameterValue: 'invalid_number',
  'InvalidParameter.IllegalPhoneNumber': 'invalid_number',
  'InvalidParameter.InvalidPhoneNumber': 'invalid_number',
  'FailedOperation.CalleeIsLimited': 'invalid_number', // 被叫号码外呼受限: TCCC will not call this number
  'FailedOperation.CallerOverFrequency': 'rate_limited', // 主叫号码外呼超频
  UnauthorizedOperation: 'auth_failed', // CAM: the key may not call CCC
  'FailedOperation.PermissionDenied': 'auth_failed',
};

export function tcccErrorCode(providerCode: string): CallCentreErrorCode {
  const known = TCCC_CODES[providerCode];
  if (known) return known;
  if (providerCode.startsWith('AuthFailure')) return 'auth_failed'; // SignatureFailure, SignatureExpire, SecretIdNotFound…
  if (providerCode.startsWith('LimitExceeded') || providerCode.startsWith('RequestLimitExceeded'))
    return 'rate_limited';
  return 'provider_error';
}

/** E.164 as TCCC writes numbers: `+8613800138000` → `008613800138000`. */
const tcccNumber = (e164: string) => `00${e164.slice(1)}`;

interface TcccAnswer {
  Response?: { SessionId?: unknown; RequestId?: string; Error?: { Code?: string; Message?: string } };
}

export function createTcccAdapter(options: TcccAdapterOptions): CallCentreAdapter {
  const endpoint = options.endpoint ?? TCCC_DEFAULT_ENDPOINT;
  const host = new URL(endpoint).host;
  const sdkAppId = Number(options.sdkAppId);
  if (!Number.isSafeInteger(sdkAppId)) throw new Error('TCCC: sdkAppId must be an integer');
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? (() => new Date());
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // The secret key stays in this closure: it is never a property of the adapter, so logging the adapter shows nothing.
  const { secretId, secretKey } = options;

  return {
    kind: 'tccc',
    async startCall({ seat, callee, taskId }) {
      if (!seat?.trim()) throw new CallCentreError('seat_unavailable', 'The agent has no TCCC seat');
      const number = calleeOrThrow(callee);
      if (Buffer.byteLength(taskId, 'utf8') > UUI_MAX_BYTES)
        throw new CallCentreError('provider_error', `TCCC: the task id exceeds UUI's ${UUI_MAX_BYTES} bytes`);
      const payload = JSON.stringify({
        SdkAppId: sdkAppId,
        UserId: seat.trim(),
        Callee: tcccNumber(number),
        IsForceUseMobile: true,
        // A call about a work order without a task (the Outbound button) carries no user-to-user data.
        ...(taskId ? { UUI: taskId } : {}),
      });
      const headers = signTc3({
        secretId,
        secretKey,
        service: 'ccc',
        host,
        action: 'CreateCallOutSession',
        version: TCCC_VERSION,
        ...(options.region ? { region: options.region } : {}),
        timestamp: Math.floor(now().getTime() / 1000),
        payload,
      });

      let response: Response;
      try {
        response = await doFetch(endpoint, {
          method: 'POST',
          headers,
          body: payload,
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const name = (error as Error).name;
        if (name === 'TimeoutError' || name === 'AbortError')
          throw new CallCentreError('provider_error', `TCCC did not answer within ${timeoutMs} ms`);
        const cause = (error as { cause?: { code?: string } }).cause?.code;
        throw new CallCentreError('provider_error', `TCCC unreachable${cause ? ` (${cause})` : ''}`);
      }

      let body: TcccAnswer;
      try {
        body = (await response.json()) as TcccAnswer;
      } catch {
        throw new CallCentreError('provider_error', `TCCC answered HTTP ${response.status} without JSON`);
      }
      const answer = body?.Response;
      const error = answer?.Error;
      if (error?.Code) {
        throw new CallCentreError(
          tcccErrorCode(error.Code),
          `TCCC ${error.Code}: ${error.Message ?? ''} (RequestId ${answer?.RequestId ?? '?'})`,
          error.Code,
        );
      }
      if (typeof answer?.SessionId !== 'string' || answer.SessionId === '')
        throw new CallCentreError('provider_error', `TCCC answered HTTP ${response.status} without a SessionId`);
      return { kind: 'placed', providerCallId: answer.SessionId };
    },
  };
}
