import '../../../../test/support/no-network.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AliyunSmsFake } from '../../../../test/fakes/aliyun-sms.js';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { aliyunConfig, disableAllConfigs, newInvitation, runToEnd, step } from '../../../../test/support/delivery.js';
import { workOrderFactory } from '../../../../test/support/factories.js';
import { findInvitation } from '../invitations/invitations.service.js';
import { attemptsOf } from './attempts.js';

/**
 * #11 finding 4: Aliyun SendSms is not idempotent ("国内短信…均不支持幂等的能力"; after a timeout "建议查看回执状态后再判断
 * 是否重试", https://help.aliyun.com/document_detail/55284.html). A timed-out attempt is looked up with
 * QuerySendDetails before anything is sent again. Before the fix, `aliyun` counted as de-duplicating and the retry
 * sent a second message (the fake, like Aliyun, does not dedupe).
 */
let t: TestApp;
let admin: Awaited<ReturnType<TestApp['loginAs']>>;
const aliyun = new AliyunSmsFake();

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.loginAs(['admin']);
  await aliyun.start();
});
afterAll(async () => {
  await t?.close();
  await aliyun.close();
});
beforeEach(async () => {
  await disableAllConfigs(t);
  await aliyunConfig(admin, aliyun, { timeoutMs: 300 });
});

const invite = async (to: string) =>
  newInvitation(t, {
    channels: ['sms'],
    workOrderId: (await workOrderFactory(t.ctx)).id,
    contact: { name: '王', phone: to, locale: 'zh-CN' },
  });
const phone = () => `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
const sendSmsCalls = () => aliyun.requests.filter((r) => new URLSearchParams(r.body).get('Action') === 'SendSms');
const queries = () => aliyun.requests.filter((r) => new URLSearchParams(r.body).get('Action') === 'QuerySendDetails');

describe('Aliyun: timeout → receipt check → no double send', () => {
  it('Aliyun accepted the message but the answer timed out: the lookup finds it, nothing is sent again', async () => {
    const to = phone();
    const inv = await invite(to);
    const sendsBefore = sendSmsCalls().length;
    aliyun.acceptSlowlyNext(1500);
    await runToEnd(t, { invitationId: inv.id });
    expect(aliyun.messages.filter((m) => m.phoneNumbers === to)).toHaveLength(1);
    expect(sendSmsCalls().length - sendsBefore).toBe(1);
    const attempts = await attemptsOf(t.ctx.db, inv.id);
    expect(attempts.map((a) => [a.attemptNo, a.status])).toEqual([[1, 'succeeded']]);
    expect(attempts[0]!.detail).toContain('send lookup after timeout');
    expect((await findInvitation(t.ctx.db, inv.id))!.status).toBe('delivered');
  });

  it('the request was lost before Aliyun took it: the lookup finds nothing, the retry sends once', async () => {
    const to = phone();
    const inv = await invite(to);
    const queriesBefore = queries().length;
    aliyun.answerNext(1, { status: 200, body: { Code: 'OK' }, delayMs: 1500 }); // never reaches the handler
    await runToEnd(t, { invitationId: inv.id });
    expect(queries().length - queriesBefore).toBeGreaterThanOrEqual(1);
    expect(aliyun.messages.filter((m) => m.phoneNumbers === to)).toHaveLength(1);
    const attempts = await attemptsOf(t.ctx.db, inv.id);
    expect(attempts.map((a) => [a.attemptNo, a.status, a.errorCode])).toEqual([
      [1, 'failed', 'timeout'],
      [2, 'succeeded', null],
    ]);
  });

  it('the lookup itself fails: the outcome stays unknown and the channel is not used again', async () => {
    const inv = await invite(phone());
    aliyun.answerNext(1, { status: 200, body: { Code: 'OK' }, delayMs: 1500 }); // the send times out
    const requeued = await step(t, { invitationId: inv.id });
    aliyun.answerNext(1, { status: 503, body: { Code: 'ServiceUnavailable', Message: 'busy' } }); // the lookup fails
    const sendsBefore = sendSmsCalls().length;
    await step(t, requeued[0]!.payload, { now: new Date(requeued[0]!.startAfter.getTime() + 1) });
    expect(sendSmsCalls().length).toBe(sendsBefore);
    const attempts = await attemptsOf(t.ctx.db, inv.id);
    expect(attempts.map((a) => [a.attemptNo, a.status, a.errorKind])).toEqual([[1, 'failed', 'unknown']]);
    expect(attempts[0]!.detail).toContain('could not confirm');
    expect((await findInvitation(t.ctx.db, inv.id))!.status).toBe('failed');
  });
});
