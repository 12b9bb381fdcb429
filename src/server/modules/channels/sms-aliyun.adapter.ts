import {
  assertChannel,
  type ChannelAdapter,
  DEFAULT_TIMEOUT_MS,
  type FailureKind,
  failure,
  httpCall,
  isFailure,
  type ResolvedChannelConfig,
  type SendResult,
  type SmsMessage,
  success,
} from './adapter.js';
import { ALIYUN_VARIABLE_RULE, aliyunTemplateFor, aliyunValueProblem, URL_VARIABLES } from './aliyun-rules.js';
import { aliyunCommonParams, aliyunSignature } from './aliyun-signature.js';
import type { AliyunSettings } from './providers.js';

/**
 * Dysmsapi `Code`s we act on. Error table: https://help.aliyun.com/document_detail/101346.html (API 错误码);
 * frequency limits: https://help.aliyun.com/document_detail/2881383.html (短信发送流控限制).
 */
const ALIYUN_CODES: Record<string, FailureKind> = {
  'isv.AMOUNT_NOT_ENOUGH': 'quota', // 账户余额不足
  'isv.OUT_OF_SERVICE': 'quota', // 业务停机 (the account is in arrears)
  'isv.DAY_LIMIT_CONTROL': 'quota', // 触发日发送限额 (the account's own daily cap)
  'isv.MONTH_LIMIT_CONTROL': 'quota', // 触发月发送限额 (the account's monthly cap): a quota, not a bad message
  // 业务限流: per number, signature and template. For notification SMS a ROLLING 24-hour limit (default 50 a day,
  // counted from each accepted send) — a retry after 60 s is futile; see ALIYUN_LIMIT_RETRY below.
  'isv.BUSINESS_LIMIT_CONTROL': 'transient',
  'Throttling.User': 'transient',
  'isp.SYSTEM_ERROR': 'transient',
  ServiceUnavailable: 'transient',
  'isv.MOBILE_NUMBER_ILLEGAL': 'permanent', // 非法手机号
  'isv.MOBILE_COUNT_OVER_LIMIT': 'permanent',
  'isv.TEMPLATE_MISSING_PARAMETERS': 'permanent', // 模板缺少变量
  'isv.INVALID_PARAMETERS': 'permanent',
  'isv.SMS_TEMPLATE_ILLEGAL': 'permanent',
  'isv.SMS_SIGNATURE_ILLEGAL': 'permanent',
  'isv.PARAM_LENGTH_LIMIT': 'permanent', // a variable over 35 characters
  'isv.PARAM_NOT_SUPPORT_URL': 'permanent', // 变量中不允许透传URL
  'isv.BLACK_KEY_CONTROL_LIMIT': 'permanent',
  'isp.RAM_PERMISSION_DENY': 'permanent', // the RAM user may not call SendSms: a configuration error
  SignatureDoesNotMatch: 'permanent',
  'InvalidAccessKeyId.NotFound': 'permanent',
  'InvalidTimeStamp.Expired': 'transient', // our clock vs theirs; the next attempt signs anew
  SignatureNonceUsed: 'transient',
};

/**
 * When to come back after `isv.BUSINESS_LIMIT_CONTROL` / `Throttling.User`, from Aliyun's message: 触发分钟级流控 → a
 * minute, 小时级 → an hour; 天级 (the notification limit, a rolling 24 h window whose slot frees when the oldest send
 * of the last 24 h ages out) or no level → 6 hours. https://help.aliyun.com/document_detail/2881383.html
 */
export function aliyunLimitRetrySeconds(code: string, message: string | undefined): number | undefined {
  if (code === 'Throttling.User') return 60;
  if (code !== 'isv.BUSINESS_LIMIT_CONTROL') return undefined;
  if (message?.includes('分钟级')) return 60;
  if (message?.includes('小时级')) return 3600;
  return 6 * 3600;
}

export function classifyAliyunCode(code: string, status: number): FailureKind {
  const known = ALIYUN_CODES[code];
  if (known) return known;
  if (status >= 500 || code.startsWith('isp.')) return 'transient';
  return 'permanent';
}

const phoneOf = (to: string) => to.replace(/^\+86/, '').replace(/^\+/, ''); // mainland without +86, others with CC

async function rpc(
  config: ResolvedChannelConfig<AliyunSettings>,
  action: Record<string, string>,
  startedAt: number,
  now?: Date,
) {
  const s = config.settings;
  const params: Record<string, string> = { ...aliyunCommonParams(s.accessKeyId, now), RegionId: s.regionId, ...action };
  params.Signature = aliyunSignature('POST', params, config.secrets.accessKeySecret ?? '');
  return httpCall(
    `${s.endpoint.replace(/\/+$/, '')}/`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(params).toString(),
    },
    s.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    startedAt,
  );
}

/**
 * Aliyun SMS (Dysmsapi) `SendSms`, RPC style: POST form-encoded to the endpoint with signature v1. The message goes
 * as TemplateParam JSON for the purpose's pre-approved template. `OutId` carries our idempotency key (it comes back
 * in receipts and QuerySendDetails) — but Aliyun does NOT dedupe on it: "国内短信…均不支持幂等的能力" and "发生超时失败的
 * 情况时,建议查看回执状态后再判断是否重试" (https://help.aliyun.com/document_detail/55284.html). So a timeout is followed
 * by `queryAliyunSend` before any re-send (delivery/engine.ts).
 */
export function createAliyunSmsAdapter(deps: { now?: () => Date } = {}): ChannelAdapter<SmsMessage, AliyunSettings> {
  return {
    channel: 'sms',
    provider: 'aliyun',
    async send(message, config): Promise<SendResult> {
      assertChannel(message, 'sms');
      const startedAt = Date.now();
      const s = config.settings;
      const purpose = message.purpose ?? 'invitation';
      const template = aliyunTemplateFor(s, purpose);
      if (!template)
        return failure('permanent', 'no_template', `Aliyun: no approved template configured for ${purpose}`, startedAt);
      const templateParam: Record<string, string> = {};
      for (const [name, variable] of Object.entries(template.templateParams)) {
        const value = message.params[variable] ?? '';
        // Refused here, before Aliyun is called: the provider would refuse it too (PARAM_NOT_SUPPORT_URL /
        // PARAM_LENGTH_LIMIT), and a refusal is the same on every retry.
        const problem = URL_VARIABLES.includes(variable) ? 'is a link' : aliyunValueProblem(value);
        if (problem)
          return failure(
            'permanent',
            'aliyun_variable',
            `${ALIYUN_VARIABLE_RULE}: \${${name}} (#${variable}#) ${problem}`,
            startedAt,
            { name, variable, length: [...value].length },
          );
        templateParam[name] = value;
      }
      const answer = await rpc(
        config,
        {
          Action: 'SendSms',
          PhoneNumbers: phoneOf(message.to),
          SignName: s.signName,
          TemplateCode: template.templateCode,
          TemplateParam: JSON.stringify(templateParam),
          OutId: message.idempotencyKey,
        },
        startedAt,
        deps.now?.(),
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
        aliyunLimitRetrySeconds(code, body?.Message),
      );
    },
  };
}

export type SendLookup =
  | { status: 'accepted'; providerMessageId: string | null; detail: unknown }
  | { status: 'not_found' }
  | { status: 'unknown'; detail: string };

/** yyyyMMdd in China Standard Time, as QuerySendDetails' SendDate. */
const chinaDate = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');

interface SendDetail {
  PhoneNum?: string;
  SendStatus?: number;
  ErrCode?: string;
  OutId?: string;
  SendDate?: string;
  ReceiveDate?: string;
  TemplateCode?: string;
}

/**
 * Did Aliyun accept the message sent with `outId` (our idempotency key) to `to` around `sentAt`? QuerySendDetails
 * (https://help.aliyun.com/document_detail/102352.html): PhoneNumber + SendDate (yyyyMMdd, China time, last 30 days)
 * + paging, optional BizId; answers SmsSendDetailDTOs.SmsSendDetailDTO[] with OutId and SendStatus (1 waiting for
 * the receipt, 2 failed, 3 delivered). Found with status 1 or 3 → accepted (do not send again); status 2 (the
 * carrier refused it) or not found → not accepted; the query failing → unknown.
 */
export async function queryAliyunSend(
  config: ResolvedChannelConfig<AliyunSettings>,
  q: { to: string; outId: string; sentAt: Date },
  now?: Date,
): Promise<SendLookup> {
  const startedAt = Date.now();
  const dates = [...new Set([chinaDate(q.sentAt), chinaDate(new Date(q.sentAt.getTime() + 120_000))])];
  for (const date of dates) {
    for (let page = 1; page <= 4; page++) {
      const answer = await rpc(
        config,
        {
          Action: 'QuerySendDetails',
          PhoneNumber: phoneOf(q.to),
          SendDate: date,
          PageSize: '50',
          CurrentPage: String(page),
        },
        startedAt,
        now,
      );
      if (isFailure(answer)) return { status: 'unknown', detail: `${answer.code}: ${answer.detail}` };
      const body = answer.json as {
        Code?: string;
        Message?: string;
        TotalCount?: number;
        SmsSendDetailDTOs?: { SmsSendDetailDTO?: SendDetail[] };
      } | null;
      if (answer.status !== 200 || body?.Code !== 'OK')
        return { status: 'unknown', detail: `${body?.Code ?? answer.status}: ${body?.Message ?? answer.text}` };
      const list = body.SmsSendDetailDTOs?.SmsSendDetailDTO ?? [];
      const mine = list.find((d) => d.OutId === q.outId && d.SendStatus !== 2);
      if (mine) return { status: 'accepted', providerMessageId: null, detail: mine };
      if (list.length < 50 || page * 50 >= (body.TotalCount ?? 0)) break;
    }
  }
  return { status: 'not_found' };
}
