import '../../../../test/support/no-network.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { disableAllConfigs, newInvitation, runToEnd } from '../../../../test/support/delivery.js';
import { SYSTEM_ACTOR } from '../../http/principal.js';
import { findInvitation } from '../invitations/invitations.service.js';
import type { ResolvedChannelConfig } from './adapter.js';
import { createSandboxAdapter, linkInText } from './sandbox.adapter.js';
import { assertSandboxAllowed, createSandboxConfig } from './sandbox.service.js';

let t: TestApp;
let admin: Awaited<ReturnType<TestApp['loginAs']>>;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.loginAs(['admin']);
});
afterAll(async () => {
  await t?.close();
});

interface Inbox {
  items: {
    id: string;
    channel: string;
    recipient: string;
    subject: string | null;
    text: string;
    link: string | null;
  }[];
  nextCursor: string | null;
}

describe('sandbox channel', () => {
  it('keeps a delivered SMS invitation in the inbox with its live link, newest first, for admins only', async () => {
    await disableAllConfigs(t);
    const config = await createSandboxConfig(t.ctx.db, t.ctx.appSecret, SYSTEM_ACTOR, { channel: 'sms' });
    expect(config).toMatchObject({ provider: 'sandbox_sms', channel: 'sms', enabled: true });

    const invitation = await newInvitation(t, {
      channels: ['sms'],
      contact: { name: '王芳', phone: '+8613800138000', locale: 'zh-CN' },
    });
    await runToEnd(t, { invitationId: invitation.id });
    expect((await findInvitation(t.ctx.db, invitation.id))?.status).toBe('delivered');

    const inbox = (await admin.get('/api/v1/sandbox/messages?limit=10')).json() as Inbox;
    const message = inbox.items.find((m) => m.recipient === '+8613800138000')!;
    expect(message).toMatchObject({ channel: 'sms', subject: null });
    expect(message.link).toMatch(/^http:\/\/localhost:\d+\/(r|s)\//);
    expect(message.text).toContain(message.link!);

    // The link opens the customer's page (a short link redirects to it).
    const page = await t.anon.get(new URL(message.link!).pathname);
    expect([200, 302]).toContain(page.statusCode);

    // Admins only: the messages carry live links.
    const supervisor = await t.loginAs(['supervisor']);
    expect((await supervisor.get('/api/v1/sandbox/messages')).statusCode).toBe(403);
  });

  it('keeps a rendered e-mail; pages newest first with a cursor; filters by channel', async () => {
    await disableAllConfigs(t);
    await createSandboxConfig(t.ctx.db, t.ctx.appSecret, SYSTEM_ACTOR, { channel: 'email' });
    for (let i = 0; i < 3; i++) {
      const invitation = await newInvitation(t, {
        channels: ['email'],
        contact: { name: 'Li Lei', email: `sandbox${i}@example.com`, locale: 'en' },
      });
      await runToEnd(t, { invitationId: invitation.id });
    }
    const first = (await admin.get('/api/v1/sandbox/messages?channel=email&limit=2')).json() as Inbox;
    expect(first.items.map((m) => m.recipient)).toEqual(['sandbox2@example.com', 'sandbox1@example.com']);
    expect(first.items[0]!.subject).toBeTruthy();
    expect(first.items[0]!.link).toMatch(/\/(r|s)\//);
    const second = (
      await admin.get(`/api/v1/sandbox/messages?channel=email&limit=2&cursor=${first.nextCursor}`)
    ).json() as Inbox;
    expect(second.items.map((m) => m.recipient)).toEqual(['sandbox0@example.com']);
    expect(second.nextCursor).toBeNull();
    expect((await admin.get('/api/v1/sandbox/messages?cursor=nope')).statusCode).toBe(400);
  });

  it('is refused in production unless SANDBOX_CHANNEL_ENABLED: a problem+json code, and no message kept', async () => {
    expect(() => assertSandboxAllowed('sandbox_sms', false)).toThrowError(
      expect.objectContaining({ status: 403, slug: 'sandbox-disabled' }),
    );
    expect(() => assertSandboxAllowed('twilio', false)).not.toThrow();
    expect(() => assertSandboxAllowed('sandbox_email', true)).not.toThrow();

    const adapter = createSandboxAdapter('sms', { db: t.ctx.db, sandboxAllowed: false });
    const config: ResolvedChannelConfig = {
      id: crypto.randomUUID(),
      provider: 'sandbox_sms',
      channel: 'sms',
      settings: {},
      secrets: {},
    };
    const result = await adapter.send(
      { channel: 'sms', idempotencyKey: 'k:sms:1', to: '+8613800000000', text: 'hi', params: {} },
      config,
    );
    expect(result).toMatchObject({ ok: false, kind: 'permanent', code: 'sandbox_disabled' });

    // Through the API, as a production process without the setting: 403 problem+json with the code.
    vi.stubEnv('NODE_ENV', 'production');
    try {
      const res = await admin.post('/api/v1/channel-configs', { provider: 'sandbox_email', name: 'x', settings: {} });
      expect(res.statusCode).toBe(403);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().type).toMatch(/\/sandbox-disabled$/);
      vi.stubEnv('SANDBOX_CHANNEL_ENABLED', 'true');
      const allowed = await admin.post('/api/v1/channel-configs', {
        provider: 'sandbox_email',
        name: 'y',
        settings: {},
      });
      expect(allowed.statusCode).toBe(201);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('finds the invitation link in a text, not the unsubscribe link', () => {
    expect(linkInText('Unsubscribe: https://x.test/u/abc — rate: https://x.test/r/tok123')).toBe(
      'https://x.test/r/tok123',
    );
    expect(linkInText('no link')).toBeNull();
  });
});
