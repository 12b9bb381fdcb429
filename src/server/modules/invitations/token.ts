import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Invitation tokens: 16 bytes of the invitation id + 16 bytes of HMAC-SHA256(secret, id), base64url (43 chars,
 * 128 bits that cannot be guessed). Nothing of the token is stored, so a leaked database cannot be used to rate,
 * and the console can still show a work order's links (the token is re-derived).
 */
const uuidToBytes = (id: string) => Buffer.from(id.replaceAll('-', ''), 'hex');
const bytesToUuid = (b: Buffer) => {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};
const mac = (secret: string, idBytes: Buffer) => createHmac('sha256', secret).update(idBytes).digest().subarray(0, 16);

export function invitationToken(secret: string, invitationId: string): string {
  const id = uuidToBytes(invitationId);
  return Buffer.concat([id, mac(secret, id)]).toString('base64url');
}

/** The invitation id a token stands for, or null for anything forged, truncated or malformed. */
export function invitationIdFromToken(secret: string, token: string): string | null {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const raw = Buffer.from(token, 'base64url');
  // The last character carries 2 unused bits: only the canonical spelling of a token is accepted.
  if (raw.length !== 32 || raw.toString('base64url') !== token) return null;
  const id = raw.subarray(0, 16);
  return timingSafeEqual(raw.subarray(16), mac(secret, id)) ? bytesToUuid(id) : null;
}
