import '../../../../test/support/no-network.js';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GenericSmsFake } from '../../../../test/fakes/generic-sms.js';
import { SmtpFake } from '../../../../test/fakes/smtp.js';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { disableAllConfigs, genericSmsConfig, newInvitation, smtpConfig } from '../../../../test/support/delivery.js';
import { workOrderFactory } from '../../../../test/support/factories.js';
import { invitations } from '../../db/schema/invitations.js';
import { deliverInvitationJob } from './delivery.jobs.js';
import { DEFAULT_DELIVERY_SETTINGS } from './delivery-settings.js';

let t: TestApp;
let afterProviderAnswer: (() => void) | undefined;
let admin: Awaited<ReturnType<TestApp['loginAs']>>;
const smtp = new SmtpFake();
const gw = new GenericSmsFake();

beforeAll(async () => {
  // The workers' crash point: set by a test, read through the queue's hooks.
  t = await createTestApp({ work: true, jobHooks: { afterProviderAnswer: () => afterProviderAnswer?.() } });
  admin = await t.loginAs(['admin']);
  await Promise.all([smtp.start(), gw.start()]);
  const res = await admin.request({
    method: 'PUT',
    url: '/api/v1/delivery-settings',
    payload: { ...DEFAULT_DELIVERY_SETTINGS, retry: { maxRetries: 10, baseSeconds: 0.5 } },
  });
  expect(res.statusCode).toBe(200);
});
afterAll(async () => {
  afterProviderAnswer = undefined;
  await t?.close();
  await Promise.all([smtp.stop(), gw.close()]);
});

async function waitFor(check: () => Promise<boolean>, ms: number) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('timed out');
}

const statuses = async (ids: string[]) =>
  (await t.ctx.db.select().from(invitations).where(inArray(invitations.id, ids))).map((r) => r.status);

describe('delivery through pg-boss workers', () => {
  it('SMTP down during a batch → every invitation delivered after it returns, none twice', async () => {
    await disableAllConfigs(t);
    await smtpConfig(admin, smtp, 1000);
    await smtp.stop();
    const invs: Awaited<ReturnType<typeof newInvitation>>[] = [];
    for (let i = 0; i < 20; i++)
      invs.push(
        await newInvitation(t, {
          channels: ['email'],
          contact: { name: `C${i}`, email: `outage-${i}@example.com`, locale: i % 2 ? 'en' : 'zh-CN' },
        }),
      );
    for (const inv of invs) await t.ctx.jobs.send(deliverInvitationJob, { invitationId: inv.id }, { key: inv.id });
    await new Promise((r) => setTimeout(r, 4000)); // the outage
    expect((await statuses(invs.map((i) => i.id))).every((s) => s === 'sending' || s === 'pending')).toBe(true);
    await smtp.start();
    await waitFor(async () => (await statuses(invs.map((i) => i.id))).every((s) => s === 'delivered'), 40_000);
    for (let i = 0; i < 20; i++) {
      expect(smtp.mails.filter((m) => m.envelope.to.includes(`outage-${i}@example.com`))).toHaveLength(1);
    }
  }, 60_000);

  it('a job that dies after the provider accepted is retried by pg-boss without a second message', async () => {
    await disableAllConfigs(t);
    await genericSmsConfig(admin, gw.url, gw.token);
    const wo = await workOrderFactory(t.ctx, { customer: { name: 'Wang', phone: '+8613900000001', locale: 'zh-CN' } });
    const inv = await newInvitation(t, {
      channels: ['sms'],
      workOrderId: wo.id,
      contact: { name: 'Wang', phone: '+8613900000001', locale: 'zh-CN' },
    });
    let crashes = 0;
    afterProviderAnswer = () => {
      if (crashes++ === 0) throw new Error('worker killed');
    };
    await t.ctx.jobs.send(deliverInvitationJob, { invitationId: inv.id }, { key: inv.id });
    await waitFor(async () => (await statuses([inv.id]))[0] === 'delivered', 30_000);
    afterProviderAnswer = undefined;
    expect(crashes).toBe(2);
    expect(gw.messages.filter((m) => m.to === '+8613900000001')).toHaveLength(1);
    expect(gw.messages.at(-1)!.text).toContain('/r/');

    const res = await admin.get(`/api/v1/work-orders/${wo.id}/invitations`);
    expect(res.statusCode).toBe(200);
    const item = res.json().items.find((i: { id: string }) => i.id === inv.id);
    expect(item.attempts).toEqual([
      expect.objectContaining({ channel: 'sms', attemptNo: 1, status: 'succeeded', provider: 'generic_http' }),
    ]);
    const [row] = await t.ctx.db.select().from(invitations).where(eq(invitations.id, inv.id));
    expect(row!.deliveredAt).not.toBeNull();
  }, 60_000);
});
