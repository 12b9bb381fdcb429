import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { invitationIdFromToken, invitationToken } from './token.js';

const SECRET = 'a-test-secret-that-is-long-enough-for-hmac';

describe('invitation tokens', () => {
  it('round-trips an id and is URL-safe, 43 characters', () => {
    const id = randomUUID();
    const token = invitationToken(SECRET, id);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(invitationIdFromToken(SECRET, token)).toBe(id);
  });

  it('rejects a token signed with another secret, tampered, truncated or garbage', () => {
    const id = randomUUID();
    const token = invitationToken(SECRET, id);
    expect(invitationIdFromToken('another-secret-another-secret-xx', token)).toBeNull();
    const flipped = token.slice(0, 30) + (token[30] === 'A' ? 'B' : 'A') + token.slice(31);
    expect(invitationIdFromToken(SECRET, flipped)).toBeNull();
    expect(invitationIdFromToken(SECRET, token.slice(0, 42))).toBeNull();
    expect(invitationIdFromToken(SECRET, '../../etc/passwd')).toBeNull();
    expect(invitationIdFromToken(SECRET, '')).toBeNull();
  });

  it('accepts only the canonical spelling (the last character has unused bits)', () => {
    const id = randomUUID();
    const token = invitationToken(SECRET, id);
    const last = token.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const variants = [...alphabet].filter((c) => c !== last).map((c) => token.slice(0, -1) + c);
    for (const v of variants) expect(invitationIdFromToken(SECRET, v)).toBeNull();
  });

  it('does not reveal one invitation’s token from another’s', () => {
    const a = invitationToken(SECRET, randomUUID());
    const b = invitationToken(SECRET, randomUUID());
    expect(a.slice(22)).not.toBe(b.slice(22));
  });
});
