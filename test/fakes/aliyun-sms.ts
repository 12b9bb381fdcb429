import { createHmac, randomUUID } from 'node:crypto';
import { HttpFake } from './http-fake.js';

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
}

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
 * Dysmsapi SendSms (RPC, 2017-05-25): parameters in the query (GET) or the form body (POST), signature v1 recomputed
 * from the canonical query with the secret and compared (SignatureDoesNotMatch otherwise), nonce replay refused,
 * then the business checks. Answers `{Code, Message, BizId, RequestId}`.
 */
export class AliyunSmsFake extends HttpFake {
  readonly messages: AliyunSms[] = [];
  private nonces = new Set<string>();
  /** Business codes for the next requests (after the signature check, as Aliyun does). */
  private codes: string[] = [];

  constructor(
    readonly accessKeyId = 'LTAI5tFakeAccessKey',
    readonly accessKeySecret = 'fake-access-key-secret-xyz',
    readonly templates: Record<string, string[]> = { SMS_123456789: ['url', 'workOrderNumber', 'subject'] },
  ) {
    super((req) => {
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
      if (params.Action !== 'SendSms' || params.Version !== '2017-05-25') {
        return {
          status: 400,
          body: { Code: 'InvalidAction.NotFound', Message: 'Specified api is not found', RequestId: requestId },
        };
      }
      const scripted = this.codes.shift();
      if (scripted) return { status: 200, body: { Code: scripted, Message: scripted, RequestId: requestId } };
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
      const bizId = `${Date.now()}${String(this.messages.length).padStart(6, '0')}^0`;
      this.messages.push({
        phoneNumbers: params.PhoneNumbers!,
        signName: params.SignName ?? '',
        templateCode: params.TemplateCode!,
        templateParam,
        outId: params.OutId ?? null,
        bizId,
      });
      return { status: 200, body: { Code: 'OK', Message: 'OK', BizId: bizId, RequestId: requestId } };
    });
  }

  /** The next `n` requests with a valid signature are answered with business `code` (e.g. isv.AMOUNT_NOT_ENOUGH). */
  failNext(n: number, code: string): void {
    for (let i = 0; i < n; i++) this.codes.push(code);
  }

  /**
   * Plays Aliyun's SmsReport push: a JSON array POSTed to `callbackUrl`, authenticated (Rateloop's scheme, see
   * channels/receipts.ts) with `X-Rateloop-Signature: sha256=<hex HMAC-SHA256(secret, body)>`.
   */
  async sendReport(
    callbackUrl: string,
    secret: string,
    outcomes: { bizId: string; success: boolean; errCode?: string }[],
  ) {
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
    const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    return fetch(callbackUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-rateloop-signature': signature },
      body,
    });
  }
}
