import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { InvitationContact } from '../../../common/invitations.js';
import type { DbOrTx } from '../../db/client.js';
import { contactOptOuts } from '../../db/schema/delivery.js';

export const OPT_OUT_CHANNELS = ['email', 'sms', 'wechat'] as const;
export type OptOutChannel = (typeof OPT_OUT_CHANNELS)[number];

/** Digits only, a Chinese mobile without country code gets +86: `138 0000 0000` and `+8613800000000` are one. */
export function normalisePhone(phone: string): string {
  const trimmed = phone.trim();
  const digits = trimmed.replace(/\D/g, '');
  if (trimmed.startsWith('+')) return `+${digits}`;
  if (trimmed.startsWith('00')) return `+${digits.slice(2)}`;
  if (/^1[3-9]\d{9}$/.test(digits)) return `+86${digits}`;
  return `+${digits}`;
}

/** The normalised address a channel reaches the contact by, or null when the contact has none. */
export function contactKeyOf(contact: InvitationContact, channel: string): string | null {
  if (channel === 'email') return contact.email?.trim() ? `email:${contact.email.trim().toLowerCase()}` : null;
  if (channel === 'sms') return contact.phone?.trim() ? `phone:${normalisePhone(contact.phone)}` : null;
  if (channel === 'wechat') return contact.wechatOpenId?.trim() ? `wechat:${contact.wechatOpenId.trim()}` : null;
  return null;
}

/**
 * An opt-out kept after its contact was erased or its retention ended (issue 21): the SHA-256 of the contact key,
 * so the person is still not contacted again while the address itself is no longer stored.
 */
export const hashedContactKey = (contactKey: string) =>
  `sha256:${createHash('sha256').update(contactKey).digest('hex')}`;

/** True when the contact opted out of `channel` or of everything. */
export async function isOptedOut(db: DbOrTx, contactKey: string, channel: string): Promise<boolean> {
  return (await optedOutKeys(db, [contactKey], channel)).size > 0;
}

/** `isOptedOut` for many contact keys in one query: the keys opted out of `channel` or of everything. */
export async function optedOutKeys(db: DbOrTx, contactKeys: string[], channel: string): Promise<Set<string>> {
  if (!contactKeys.length) return new Set();
  const keyOf = new Map<string, string>();
  for (const key of contactKeys) {
    keyOf.set(key, key);
    keyOf.set(hashedContactKey(key), key);
  }
  const rows = await db
    .select({ key: contactOptOuts.contactKey })
    .from(contactOptOuts)
    .where(
      and(inArray(contactOptOuts.contactKey, [...keyOf.keys()]), inArray(contactOptOuts.channel, [channel, 'all'])),
    );
  return new Set(rows.map((r) => keyOf.get(r.key)!));
}

export async function recordOptOut(
  db: DbOrTx,
  input: { contactKey: string; channel: string; source: string; invitationId?: string | null },
): Promise<void> {
  await db
    .insert(contactOptOuts)
    .values({ ...input, invitationId: input.invitationId ?? null })
    .onConflictDoNothing();
}

/** Takes back an opt-out (the customer, signed in to the portal with that address, asks for invitations again). */
export async function withdrawOptOut(db: DbOrTx, contactKey: string, channel: string): Promise<void> {
  await db
    .delete(contactOptOuts)
    .where(
      and(
        inArray(contactOptOuts.contactKey, [contactKey, hashedContactKey(contactKey)]),
        eq(contactOptOuts.channel, channel),
      ),
    );
}

/**
 * Unsubscribe tokens: invitation id (16 bytes) + channel index (1 byte) + 16 bytes of HMAC-SHA256(secret,
 * "unsubscribe" ‖ id ‖ channel), base64url. Derived, never stored, like invitation tokens.
 */
const uuidToBytes = (id: string) => Buffer.from(id.replaceAll('-', ''), 'hex');
const bytesToUuid = (b: Buffer) => {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};
const mac = (secret: string, id: Buffer, channel: number) =>
  createHmac('sha256', secret)
    .update('unsubscribe')
    .update(id)
    .update(Buffer.from([channel]))
    .digest()
    .subarray(0, 16);

export function unsubscribeToken(secret: string, invitationId: string, channel: OptOutChannel): string {
  const id = uuidToBytes(invitationId);
  const c = OPT_OUT_CHANNELS.indexOf(channel);
  return Buffer.concat([id, Buffer.from([c]), mac(secret, id, c)]).toString('base64url');
}

export function parseUnsubscribeToken(
  secret: string,
  token: string,
): { invitationId: string; channel: OptOutChannel } | null {
  if (!/^[A-Za-z0-9_-]{44}$/.test(token)) return null;
  const raw = Buffer.from(token, 'base64url');
  if (raw.length !== 33) return null;
  const id = raw.subarray(0, 16);
  const c = raw[16]!;
  const channel = OPT_OUT_CHANNELS[c];
  if (!channel || !timingSafeEqual(raw.subarray(17), mac(secret, id, c))) return null;
  return { invitationId: bytesToUuid(id), channel };
}
