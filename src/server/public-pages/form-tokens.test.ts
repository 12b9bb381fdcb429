import { describe, expect, it } from 'vitest';
import { FORM_TOKEN_MAX_AGE_SECONDS, issueFormToken, isValidFormToken } from './form-tokens.js';

const SECRET = 'unit-secret-0123456789abcdef0123456789';
const A = '0b9f6a52-3f0e-4a53-8f1e-1d2c3b4a5e6f';
const B = '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';

describe('form tokens', () => {
  it('are accepted for the invitation they were issued for, and are all different', () => {
    const tokens = Array.from({ length: 50 }, () => issueFormToken(SECRET, A));
    expect(new Set(tokens).size).toBe(50);
    for (const token of tokens) {
      expect(token).toMatch(/^[\w-]{16}\.[0-9a-z]+\.[\w-]{22}$/);
      expect(isValidFormToken(SECRET, A, token)).toBe(true);
    }
  });

  it('are refused for another invitation, another secret, or when altered', () => {
    const token = issueFormToken(SECRET, A);
    const [nonce, issued, mac] = token.split('.') as [string, string, string];
    expect(isValidFormToken(SECRET, B, token)).toBe(false);
    expect(isValidFormToken(`${SECRET}x`, A, token)).toBe(false);
    const flip = (s: string) => `${s.slice(0, -1)}${s.endsWith('A') ? 'B' : 'A'}`;
    expect(isValidFormToken(SECRET, A, `${flip(nonce)}.${issued}.${mac}`)).toBe(false);
    expect(isValidFormToken(SECRET, A, `${nonce}.${(Number.parseInt(issued, 36) + 1).toString(36)}.${mac}`)).toBe(
      false,
    );
    expect(isValidFormToken(SECRET, A, `${nonce}.${issued}.${flip(mac)}`)).toBe(false);
    for (const bad of [null, undefined, '', 'tok-1', `${token}x`, token.replaceAll('.', '-')]) {
      expect(isValidFormToken(SECRET, A, bad)).toBe(false);
    }
  });

  it('expire after their maximum age', () => {
    const issued = new Date('2026-01-01T00:00:00Z');
    const token = issueFormToken(SECRET, A, issued);
    const later = (s: number) => new Date(issued.getTime() + s * 1000);
    expect(isValidFormToken(SECRET, A, token, later(FORM_TOKEN_MAX_AGE_SECONDS - 1))).toBe(true);
    expect(isValidFormToken(SECRET, A, token, later(FORM_TOKEN_MAX_AGE_SECONDS + 1))).toBe(false);
    expect(isValidFormToken(SECRET, A, token, later(-3600))).toBe(false); // issued in the future
  });
});
