import { createHmac, randomUUID } from 'node:crypto';
import { type FakeAnswer, HttpFake, type RecordedRequest } from './http-fake.js';

/** RFC 3986 encoding as Aliyun specifies it, written independently of the adapter so the fake checks the adapter. */
const enc = (s: string) =>
  encodeURIComponent(s)
    .replace(/!/g, '%21')
    .replace(/'/g, '%27')
    .replace(/\(/g, '%28')
    .replace(/\)/g, '%29')
    .replace(/\*/g, '%2A');

export interface AliyunSms {
  phoneNumbers: string;
  signName: string;
  templateCode: string;
  templateParam: Record<string, string>;
  outId: string | null;
  bizId: string;
  /** China time yyyyMMdd of the send (QuerySendDetails' SendDate). */
  sendDate: string;
}

/** Aliyun's variable rules (https://developer.aliyun.com/ask/643204, https://help.aliyun.com/document_detail/463270.htm). */
const URL_IN_VALUE = /https?:\/\/|www\.|\b[a-z0-9-]+\.(com|cn|net|org|io)\b/i;
const chinaDate = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');

const REQUIRED = [
  'AccessKeyId',
  'Action',
  'Format',
  'SignatureMethod',
  'SignatureNonce',
  'SignatureVersion',
  'Timestamp',
  'Version',
  'Signature',
];

/**
 * Dysmsapi SendSms and QuerySendDetails (RPC, 2017-05-25): parameters in the query (GET) or the form body (POST),
 * signature v1 recomputed from the canonical query with the secret and compared (SignatureDoesNotMatch otherwise),
 * nonce replay refused, then the business checks as Aliyun documents them: a variable carrying a URL →
 * `isv.PARAM_NOT_SUPPORT_URL`, over 35 characters → `isv.PARAM_LENGTH_LIMIT`. Like Aliyun, NOT idempotent: the same
 * OutId sent twice is two messages. `acceptSlowlyNext` accepts a message but answers late (a client timeout after
 * Aliyun accepted it); `sendReport` plays the unsigned HTTP status push.
 */
export class AliyunSmsFake extends HttpFake {
  readonly messages: AliyunSms[] = [];
  private nonces = new Set<string>();
  /** Business codes for the next requests (after the signature check, as Aliyun does). */
  private codes: { code: string; message?: string }[] = [];
  private slow: number[] = [];
  /** Answers our report pushes got (Aliyun re-pushes unless HTTP 200 `{"code":0}`). */
  readonly reportAnswers: { status: number; body: unknown }[] = [];

  constructor(
    readonly accessKeyId = 'LTAI5tFakeAccessKey',
    readonly accessKeySecret = 'fake-access-key-secret-xyz',
    readonly templates: Record<string, string[]> = {
      SMS_123456789: ['code', 'workOrderNumber'],
      SMS_223456789: ['code', 'workOrderNumber'],
    },
  ) {
    super(async (req) => {
      const answer = this.answer(req);
      const delayMs = (answer.body as { BizId?: string } | undefined)?.BizId ? this.slow.shift() : undefined;
      return delayMs ? { ...answer, delayMs } : answer;
    });
  }

  private answer(req: RecordedRequest): FakeAnswer {
    {
      const requestId = randomUUID().toUpperCase();
      const params = Object.fromEntries(
        (req.method === 'POST' ? new URLSearchParams(req.body) : req.query).entries(),
      ) as Record<string, string>;
      const missing = REQUIRED.find((k) => !params[k]);
      if (missing)
        return {
          status: 400,
          body: { Code: 'MissingParameter', Message: `${missing} is mandatory`, RequestId: requestId },
        };
      if (params.AccessKeyId !== this.accessKeyId) {
        return {
          status: 404,
          body: {
            Code: 'InvalidAccessKeyId.NotFound',
            Message: 'Specified access key is not found.',
            RequestId: requestId,
          },
        };
      }
      const canonical = Object.keys(params)
        .filter((k) => k !== 'Signature')
        .sort()
        .map((k) => `${enc(k)}=${enc(params[k]!)}`)
        .join('&');
      const stringToSign = `${req.method}&${enc('/')}&${enc(canonical)}`;
      const expected = createHmac('sha1', `${this.accessKeySecret}&`).update(stringToSign).digest('base64');
      if (params.Signature !== expected) {
        return {
          status: 400,
          body: {
            Code: 'SignatureDoesNotMatch',
            Message: `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}`,
            RequestId: requestId,
          },
        };
      }
      if (this.nonces.has(params.SignatureNonce!)) {
        return {
          status: 400,
          body: {
            Code: 'SignatureNonceUsed',
            Message: 'Specified signature nonce was used already.',
            RequestId: requestId,
          },
        };
      }
      this.nonces.add(params.SignatureNonce!);
      const skew = Math.abs(Date.parse(params.Timestamp!) - Date.now());
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(params.Timestamp!) || skew > 15 * 60_000) {
        return {
          status: 400,
          body: {
            Code: 'InvalidTimeStamp.Expired',
            Message: 'Specified time stamp or date value is expired.',
            RequestId: requestId,
          },
        };
      }
      if (params.Action === 'QuerySendDetails' && params.Version === '2017-05-25') return this.query(params, requestId);
      if (params.Action !== 'SendSms' || params.Version !== '2017-05-25') {
        return {
          status: 400,
          body: { Code: 'InvalidAction.NotFound', Message: 'Specified api is not found', RequestId: requestId },
        };
      }
      const scripted = this.codes.shift();
      if (scripted)
        return {
          status: 200,
          body: { Code: scripted.code, Message: scripted.message ?? scripted.code, RequestId: requestId },
        };
      if (!/^(1\d{10}|[2-9]\d{7,14})$/.test(params.PhoneNumbers ?? '')) {
        return {
          status: 200,
          body: { Code: 'isv.MOBILE_NUMBER_ILLEGAL', Message: '非法手机号', RequestId: requestId },
        };
      }
      const names = this.templates[params.TemplateCode ?? ''];
      if (!names)
        return {
          status: 200,
          body: { Code: 'isv.SMS_TEMPLATE_ILLEGAL', Message: '该账号下找不到对应模板', RequestId: requestId },
        };
      const templateParam = JSON.parse(params.TemplateParam ?? '{}') as Record<string, string>;
      if (names.some((n) => !templateParam[n])) {
        return {
          status: 200,
          body: { Code: 'isv.TEMPLATE_MISSING_PARAMETERS', Message: '模板变量缺少对应参数值', RequestId: requestId },
        };
      }
      for (const value of Object.values(templateParam)) {
        if (URL_IN_VALUE.test(String(value)))
          return {
            status: 200,
            body: { Code: 'isv.PARAM_NOT_SUPPORT_URL', Message: '变量中不允许透传URL', RequestId: requestId },
          };
        if ([...String(value)].length > 35)
          return {
            status: 200,
            body: { Code: 'isv.PARAM_LENGTH_LIMIT', Message: '参数超出长度限制', RequestId: requestId },
          };
      }
      const bizId = `${Date.now()}${String(this.messages.length).padStart(6, '0')}^0`;
      this.messages.push({
        phoneNumbers: params.PhoneNumbers!,
        signName: params.SignName ?? '',
        templateCode: params.TemplateCode!,
        templateParam,
        outId: params.OutId ?? null,
        bizId,
        sendDate: chinaDate(new Date()),
      });
      return { status: 200, body: { Code: 'OK', Message: 'OK', BizId: bizId, RequestId: requestId } };
    }
  }

  /** QuerySendDetails: the sends to PhoneNumber on SendDate (and BizId), paged, in Aliyun's answer shape. */
  private query(params: Record<string, string>, requestId: string): FakeAnswer {
    if (!params.PhoneNumber || !/^\d{8}$/.test(params.SendDate ?? '') || !params.PageSize || !params.CurrentPage)
      return { status: 400, body: { Code: 'isv.INVALID_PARAMETERS', Message: '参数异常', RequestId: requestId } };
    const size = Math.min(50, Number(params.PageSize));
    const all = this.messages.filter(
      (m) =>
        m.phoneNumbers === params.PhoneNumber &&
        m.sendDate === params.SendDate &&
        (!params.BizId || m.bizId === params.BizId),
    );
    const page = all.slice((Number(params.CurrentPage) - 1) * size, Number(params.CurrentPage) * size);
    return {
      status: 200,
      body: {
        Code: 'OK',
        Message: 'OK',
        RequestId: requestId,
        TotalCount: all.length,
        SmsSendDetailDTOs: {
          SmsSendDetailDTO: page.map((m) => ({
            PhoneNum: m.phoneNumbers,
            SendStatus: 1,
            ErrCode: '',
            TemplateCode: m.templateCode,
            Content: `【${m.signName}】…`,
            SendDate: '2025-03-15 14:30:01',
            ReceiveDate: '',
            OutId: m.outId ?? '',
          })),
        },
      },
    };
  }

  /** The next `n` requests with a valid signature are answered with business `code` (e.g. isv.AMOUNT_NOT_ENOUGH). */
  failNext(n: number, code: string, message?: string): void {
    for (let i = 0; i < n; i++) this.codes.push({ code, ...(message !== undefined && { message }) });
  }

  /** The next accepted SendSms is recorded (sent!) but answered after `delayMs`: the client times out. */
  acceptSlowlyNext(delayMs: number): void {
    this.slow.push(delayMs);
  }

  /**
   * Plays Aliyun's SmsReport HTTP push (https://help.aliyun.com/zh/sms/developer-reference/smsreport-2): a JSON array
   * POSTed to `callbackUrl`, unsigned (Aliyun signs nothing). Records the answer: Aliyun expects HTTP 200 with
   * `{"code":0,"msg":"成功"}`.
   */
  async sendReport(callbackUrl: string, outcomes: { bizId: string; success: boolean; errCode?: string }[]) {
    const body = JSON.stringify(
      outcomes.map((o) => {
        const m = this.messages.find((x) => x.bizId === o.bizId);
        return {
          phone_number: m?.phoneNumbers ?? '',
          send_time: '2025-03-15 14:30:01',
          report_time: '2025-03-15 14:30:05',
          success: o.success,
          err_code: o.success ? 'DELIVERED' : (o.errCode ?? 'MK:0001'),
          err_msg: o.success ? '用户接收成功' : '用户接收失败',
          sms_size: '1',
          biz_id: o.bizId,
          out_id: m?.outId ?? '',
        };
      }),
    );
    const res = await fetch(callbackUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const text = await res.text();
    let json: unknown = text;
    try {
      json = JSON.parse(text);
    } catch {
      // not JSON: kept as text
    }
    this.reportAnswers.push({ status: res.status, body: json });
    return { status: res.status, body: json };
  }
}
