import { createHmac, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { invitations } from '../../db/schema/invitations.js';

/**
 * Short invitation links (`/s/<code>`, issue #11): SMS providers limit a template variable (Aliyun: 35 characters,
 * no URL), so a link must fit in a short code that an approved template completes with its fixed domain.
 *
 * code = handle + 8 base62 characters of HMAC-SHA256(app secret, handle + invitation id) = 20 letters and digits.
 * The handle (12 characters, ≈ 68 random bits from the database's strong generator: a column default, which the
 * migration applied to existing rows) is stored with a unique index; the MAC part is never stored — like the full
 * token, a copy of the database alone gives no working link. Guessing a code means guessing ≈ 68 + 47 bits (≈ 47
 * even with the database), under the public rate limit.
 */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const MAC_CHARS = 8;
export const SHORT_CODE_PATTERN = /^[0-9A-Za-z]{20}$/;

function macPart(secret: string, handle: string, invitationId: string): string {
  const digest = createHmac('sha256', secret).update(`short-link:${handle}:${invitationId}`).digest();
  let n = digest.readUIntBE(0, 6); // 48 bits → 8 base62 characters (62⁸ ≈ 2^47.6)
  let s = '';
  for (let i = 0; i < MAC_CHARS; i++) {
    s = ALPHABET[n % 62] + s;
    n = Math.floor(n / 62);
  }
  return s;
}

/** The invitation's short code (handle + MAC). */
export const shortCode = (secret: string, row: { id: string; shortHandle: string }) =>
  row.shortHandle + macPart(secret, row.shortHandle, row.id);

export const shortUrl = (
  links: { appSecret: string; publicBaseUrl: string },
  row: { id: string; shortHandle: string },
) => `${links.publicBaseUrl}/s/${shortCode(links.appSecret, row)}`;

/** The invitation id a short code stands for, or null for an unknown, forged or malformed code. */
export async function invitationIdFromShortCode(db: DbOrTx, secret: string, code: string): Promise<string | null> {
  if (!SHORT_CODE_PATTERN.test(code)) return null;
  const handle = code.slice(0, -MAC_CHARS);
  const [row] = await db
    .select({ id: invitations.id })
    .from(invitations)
    .where(eq(invitations.shortHandle, handle))
    .limit(1);
  if (!row) return null;
  const expected = Buffer.from(macPart(secret, handle, row.id));
  const given = Buffer.from(code.slice(-MAC_CHARS));
  return expected.length === given.length && timingSafeEqual(expected, given) ? row.id : null;
}
