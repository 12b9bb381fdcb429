import { createHash, createHmac } from 'node:crypto';

/**
 * TencentCloud API 3.0 signature v3, TC3-HMAC-SHA256, as CCC documents it (https://tencentcloud.com/document/product/1229/59743,
 * common headers https://tencentcloud.com/document/product/1229/59742):
 *
 *   CanonicalRequest = POST \n / \n "" \n content-type:…\nhost:…\n \n content-type;host \n hex(sha256(payload))
 *   StringToSign     = TC3-HMAC-SHA256 \n <timestamp> \n <UTC date>/<service>/tc3_request \n hex(sha256(CanonicalRequest))
 *   SecretDate = HMAC("TC3" + SecretKey, date); SecretService = HMAC(SecretDate, service);
 *   SecretSigning = HMAC(SecretService, "tc3_request"); Signature = hex(HMAC(SecretSigning, StringToSign))
 *   Authorization = TC3-HMAC-SHA256 Credential=<SecretId>/<scope>, SignedHeaders=content-type;host, Signature=<hex>
 *
 * The date is the UTC date of the timestamp (a UTC+8 date fails after midnight in China), and Tencent refuses a
 * timestamp more than five minutes off (AuthFailure.SignatureExpire). We sign the two headers the document requires
 * (content-type, host), the example its test vector uses (tccc.adapter.test.ts reproduces its signature).
 */
export const TC3_ALGORITHM = 'TC3-HMAC-SHA256';
/** Sent and signed byte for byte: a client that appends its own charset would break the signature. */
export const TC3_CONTENT_TYPE = 'application/json; charset=utf-8';

export interface Tc3Request {
  secretId: string;
  secretKey: string;
  /** The product, e.g. `ccc`; must match the host's first label. */
  service: string;
  /** Host as sent (with the port when not the default), e.g. `ccc.tencentcloudapi.com`. */
  host: string;
  action: string;
  version: string;
  region?: string;
  /** UNIX seconds. */
  timestamp: number;
  /** The exact JSON body that will be sent. */
  payload: string;
}

const sha256Hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const hmac = (key: Buffer | string, s: string) => createHmac('sha256', key).update(s, 'utf8').digest();

/**
 * The request headers for a signed POST (Authorization, Content-Type, X-TC-*). `Host` is signed but not returned:
 * fetch derives it from the URL, which must therefore have exactly `host`.
 */
export function signTc3(r: Tc3Request): Record<string, string> {
  const date = new Date(r.timestamp * 1000).toISOString().slice(0, 10);
  const scope = `${date}/${r.service}/tc3_request`;
  const signedHeaders = 'content-type;host';
  const canonicalRequest = [
    'POST',
    '/',
    '',
    `content-type:${TC3_CONTENT_TYPE}\nhost:${r.host.toLowerCase()}\n`,
    signedHeaders,
    sha256Hex(r.payload),
  ].join('\n');
  const stringToSign = [TC3_ALGORITHM, String(r.timestamp), scope, sha256Hex(canonicalRequest)].join('\n');
  const secretSigning = hmac(hmac(hmac(`TC3${r.secretKey}`, date), r.service), 'tc3_request');
  const signature = createHmac('sha256', secretSigning).update(stringToSign, 'utf8').digest('hex');
  return {
    Authorization: `${TC3_ALGORITHM} Credential=${r.secretId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
    'Content-Type': TC3_CONTENT_TYPE,
    'X-TC-Action': r.action,
    'X-TC-Version': r.version,
    'X-TC-Timestamp': String(r.timestamp),
    ...(r.region ? { 'X-TC-Region': r.region } : {}),
  };
}
