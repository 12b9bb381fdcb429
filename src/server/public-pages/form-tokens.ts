import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The rating form's single-use token (`_form_token`): `<nonce>.<issued at>.<mac>`, where the MAC is
 * HMAC-SHA256(app secret, invitation id + nonce + issued-at) cut to 16 bytes. Only the server can issue one, and one
 * is good for one invitation. It is stored as the rating's idempotency key, whose unique index (invitation, key)
 * makes a second POST of the same form — double tap, Back + resubmit, a page restored from the back/forward cache,
 * two racing requests — fail in the rating's own statement: one token, one rating.
 */
const DOMAIN = 'rateloop:form-token:v1';
/** A form older than this is refused (re-rendered with a fresh token, answers kept). */
export const FORM_TOKEN_MAX_AGE_SECONDS = 7 * 24 * 3600;
const TOKEN = /^([A-Za-z0-9_-]{16})\.([0-9a-z]{1,10})\.([A-Za-z0-9_-]{22})$/;

const mac = (secret: string, invitationId: string, nonce: string, issuedAt: string) =>
  createHmac('sha256', secret).update(`${DOMAIN}\0${invitationId}\0${nonce}\0${issuedAt}`).digest().subarray(0, 16);

export function issueFormToken(secret: string, invitationId: string, now = new Date()): string {
  const nonce = randomBytes(12).toString('base64url');
  const issuedAt = Math.floor(now.getTime() / 1000).toString(36);
  return `${nonce}.${issuedAt}.${mac(secret, invitationId, nonce, issuedAt).toString('base64url')}`;
}

/** true when `token` was issued by this server for this invitation and is not too old. */
export function isValidFormToken(
  secret: string,
  invitationId: string,
  token: string | null | undefined,
  now = new Date(),
): token is string {
  const m = token ? TOKEN.exec(token) : null;
  if (!m) return false;
  const [, nonce = '', issuedAt = '', given = ''] = m;
  const expected = mac(secret, invitationId, nonce, issuedAt);
  const actual = Buffer.from(given, 'base64url');
  if (actual.length !== expected.length || actual.toString('base64url') !== given) return false;
  if (!timingSafeEqual(actual, expected)) return false;
  const age = now.getTime() / 1000 - Number.parseInt(issuedAt, 36);
  return age >= -300 && age <= FORM_TOKEN_MAX_AGE_SECONDS;
}
