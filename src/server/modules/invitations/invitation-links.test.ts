import { describe, expect, it } from 'vitest';
import { isQrInvitation, linkFieldsFor, linkViewer, maskToken, scrubToken } from './invitation-links.js';
import { invitationToken } from './token.js';

const SECRET = 'unit-test-secret';
const ID = '3f2b1c9e-8d7a-4b6c-9e5f-0a1b2c3d4e5f';
const links = { appSecret: SECRET, publicBaseUrl: 'https://rate.example.com' };
const token = invitationToken(SECRET, ID);

describe('invitation links', () => {
  it('a QR invitation is one whose every channel is qr', () => {
    expect(isQrInvitation({ channels: ['qr'] })).toBe(true);
    expect(isQrInvitation({ channels: ['sms', 'qr'] })).toBe(false);
    expect(isQrInvitation({ channels: ['email'] })).toBe(false);
    expect(isQrInvitation({ channels: [] })).toBe(false);
  });

  it('masks all but 4 + 4 characters', () => {
    expect(maskToken(token)).toBe(`${token.slice(0, 4)}…${token.slice(-4)}`);
    expect(maskToken(token)).not.toContain(token.slice(4, 39));
  });

  it('hides a sent link from a viewer without the permission and notes what a revealer saw', () => {
    const masked = linkFieldsFor({ id: ID, channels: ['sms'] }, links, linkViewer(null));
    expect(masked).toEqual({
      token: null,
      url: null,
      maskedUrl: `https://rate.example.com/r/${maskToken(token)}`,
      qr: false,
    });
    const viewer = { canReveal: true, revealed: [] as string[] };
    expect(linkFieldsFor({ id: ID, channels: ['sms'] }, links, viewer).url).toBe(`https://rate.example.com/r/${token}`);
    linkFieldsFor({ id: ID, channels: ['sms'] }, links, viewer);
    expect(viewer.revealed).toEqual([ID]);
    const qrViewer = { canReveal: false, revealed: [] as string[] };
    expect(linkFieldsFor({ id: ID, channels: ['qr'] }, links, qrViewer).token).toBe(token);
    expect(qrViewer.revealed).toEqual([]);
  });

  it('scrubs a token, whole or truncated, from nested stored text', () => {
    const stored = {
      body: `Rate us: https://rate.example.com/r/${token}`,
      list: [`${token.slice(0, 30)}…`, 42, null],
      nested: { text: token },
    };
    const out = JSON.stringify(scrubToken(stored, token));
    expect(out).not.toContain(token.slice(0, 22));
    expect(out).toContain(maskToken(token));
    expect(scrubToken(stored, token).list[1]).toBe(42);
  });
});
