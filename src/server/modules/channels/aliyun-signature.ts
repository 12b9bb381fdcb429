import { createHmac, randomUUID } from 'node:crypto';

/**
 * Alibaba Cloud RPC signature version 1.0 (HMAC-SHA1), as used by Dysmsapi 2017-05-25 SendSms:
 * percent-encode names and values (RFC 3986: only A–Z a–z 0–9 - _ . ~ unescaped, space as %20), sort by name, join
 * with & and =, then StringToSign = METHOD & %2F & percentEncode(canonicalQuery), key = AccessKeySecret + "&".
 */
export function aliyunPercentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function aliyunCanonicalQuery(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((k) => k !== 'Signature')
    .sort()
    .map((k) => `${aliyunPercentEncode(k)}=${aliyunPercentEncode(params[k]!)}`)
    .join('&');
}

export function aliyunStringToSign(method: string, params: Record<string, string>): string {
  return `${method.toUpperCase()}&${aliyunPercentEncode('/')}&${aliyunPercentEncode(aliyunCanonicalQuery(params))}`;
}

export function aliyunSignature(method: string, params: Record<string, string>, accessKeySecret: string): string {
  return createHmac('sha1', `${accessKeySecret}&`).update(aliyunStringToSign(method, params)).digest('base64');
}

/** The common parameters of an RPC call, before `Signature` is added. */
export function aliyunCommonParams(accessKeyId: string, now = new Date()): Record<string, string> {
  return {
    AccessKeyId: accessKeyId,
    Format: 'JSON',
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: randomUUID(),
    SignatureVersion: '1.0',
    // ISO 8601 in UTC without milliseconds, as the API requires: 2017-07-12T02:42:19Z
    Timestamp: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    Version: '2017-05-25',
  };
}
