import {
  assertChannel,
  type ChannelAdapter,
  DEFAULT_TIMEOUT_MS,
  type FailureKind,
  failure,
  httpCall,
  isFailure,
  type SendResult,
  type SmsMessage,
  success,
} from './adapter.js';
import { aliyunCommonParams, aliyunSignature } from './aliyun-signature.js';
import type { AliyunSettings } from './providers.js';

/** Dysmsapi `Code`s we act on (https://help.aliyun.com/document_detail/101346.html). */
const ALIYUN_CODES: Record<string, FailureKind> = {
  'isv.AMOUNT_NOT_ENOUGH': 'quota', // 账户余额不足
  'isv.OUT_OF_SERVICE': 'quota', // 业务停机 (the account is in arrears)
  'isv.DAY_LIMIT_CONTROL': 'quota', // 触发日发送限额 (our own daily cap)
  'isv.BUSINESS_LIMIT_CONTROL': 'transient', // 业务限流: per-number minute/hour rate limit
  'Throttling.User': 'transient',
  'isp.SYSTEM_ERROR': 'transient',
  ServiceUnavailable: 'transient',
  'isv.MOBILE_NUMBER_ILLEGAL': 'permanent', // 非法手机号
  'isv.MOBILE_COUNT_OVER_LIMIT': 'permanent',
  'isv.TEMPLATE_MISSING_PARAMETERS': 'permanent', // 模板缺少变量
  'isv.INVALID_PARAMETERS': 'permanent',
  'isv.SMS_TEMPLATE_ILLEGAL': 'permanent',
  'isv.SMS_SIGNATURE_ILLEGAL': 'permanent',
  'isv.PARAM_LENGTH_LIMIT': 'permanent',
  'isv.BLACK_KEY_CONTROL_LIMIT': 'permanent',
  'isp.RAM_PERMISSION_DENY': 'permanent', // the RAM user may not call SendSms: a configuration error
  SignatureDoesNotMatch: 'permanent',
  'InvalidAccessKeyId.NotFound': 'permanent',
  'InvalidTimeStamp.Expired': 'transient', // our clock vs theirs; the next attempt signs anew
  SignatureNonceUsed: 'transient',
};

export function classifyAliyunCode(code: string, status: number): FailureKind {
  const known = ALIYUN_CODES[code];
  if (known) return known;
  if (status >= 500 || code.startsWith('isp.')) return 'transient';
  return 'permanent';
}

/**
 * Aliyun SMS (Dysmsapi) `SendSms`, RPC style: POST form-encoded to the endpoint with signature v1. The message goes
 * as TemplateParam JSON for the pre-approved template; `OutId` carries our idempotency key (it comes back in the
 * delivery report, linking the receipt to the attempt).
 */
export function createAliyunSmsAdapter(deps: { now?: () => Date } = {}): ChannelAdapter<SmsMessage, AliyunSettings> {
  return {
    channel: 'sms',
    provider: 'aliyun',
    async send(message, config): Promise<SendResult> {
      assertChannel(message, 'sms');
      const startedAt = Date.now();
      const s = config.settings;
      const templateParam: Record<string, string> = {};
      for (const [name, variable] of Object.entries(s.templateParams)) {
        templateParam[name] = message.params[variable] ?? '';
      }
      const params: Record<string, string> = {
        ...aliyunCommonParams(s.accessKeyId, deps.now?.()),
        Action: 'SendSms',
        RegionId: s.regionId,
        // Aliyun takes mainland numbers without +86 and international ones with the country code.
        PhoneNumbers: message.to.replace(/^\+86/, '').replace(/^\+/, ''),
        SignName: s.signName,
        TemplateCode: s.templateCode,
        TemplateParam: JSON.stringify(templateParam),
        OutId: message.idempotencyKey,
      };
      params.Signature = aliyunSignature('POST', params, config.secrets.accessKeySecret ?? '');
      const answer = await httpCall(
        `${s.endpoint.replace(/\/+$/, '')}/`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: new URLSearchParams(params).toString(),
        },
        s.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        startedAt,
      );
      if (isFailure(answer)) return answer;
      const body = answer.json as { Code?: string; Message?: string; BizId?: string; RequestId?: string } | null;
      if (answer.status === 200 && body?.Code === 'OK') {
        return success(startedAt, body, body.BizId);
      }
      const code = body?.Code ?? `http_${answer.status}`;
      const kind = classifyAliyunCode(code, answer.status);
      return failure(
        kind,
        code,
        body?.Message ?? `Aliyun answered HTTP ${answer.status}`,
        startedAt,
        body ?? answer.text,
        code === 'isv.BUSINESS_LIMIT_CONTROL' || code === 'Throttling.User' ? 60 : undefined,
      );
    },
  };
}
