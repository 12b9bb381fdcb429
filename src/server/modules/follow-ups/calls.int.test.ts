import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TcccFake } from '../../../../test/fakes/tccc.js';
import { createTestApp, type TestApp, type TestClient } from '../../../../test/support/app.js';
import { serviceTypeFactory, templateFactory, workOrderFactory } from '../../../../test/support/factories.js';
import { DEFAULT_FOLLOW_UP_SETTINGS } from './follow-up-settings.js';
import { followUpsProcessor } from './follow-ups.processor.js';

/**
 * The call button through the call centre (issue 19): `tel:` links by default; Tencent Cloud Contact Center
 * click-to-call against its fake — the call placed from the agent's seat, its record pushed back to our receiver
 * (Basic auth) and shown on the task; refusals as translated 409s; secrets never shown.
 */
const SEAT = 'agent@example.com';
const PUSH = { username: 'rateloop-push', password: 'push-password-42' };
let t: TestApp;
let admin: TestClient;
let agent: TestClient & { employeeId: string };
let fake: TcccFake;
let appUrl: string;

beforeAll(async () => {
  t = await createTestApp({ work: true, processors: [followUpsProcessor] });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  appUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  admin = await t.loginAs(['admin']);
  agent = await t.loginAs(['follow_up_agent']);
  fake = await new TcccFake({
    seats: [{ userId: SEAT, status: 'free', phone: '008613900000001' }],
    callback: { url: `${appUrl}/api/v1/follow-ups/call-records/tccc`, basicAuth: PUSH },
  }).start();
  const settings = await admin.request({
    method: 'PUT',
    url: '/api/v1/follow-ups/settings',
    payload: { ...DEFAULT_FOLLOW_UP_SETTINGS, enabled: true, callingWindows: [{ start: '00:00', end: '24:00' }] },
  });
  expect(settings.statusCode, settings.body).toBe(200);
});
afterAll(async () => {
  await fake?.settled();
  await fake?.close();
  await t?.close();
});

async function newTask(): Promise<string> {
  const template = await templateFactory(t.ctx.db);
  const st = await serviceTypeFactory(t.ctx.db);
  const flow = await admin.request({
    method: 'PUT',
    url: `/api/v1/service-types/${st.id}/workflow`,
    payload: {
      nodes: [
        {
          type: 'follow_up',
          stage: 'completed',
          mode: 'standard',
          standard: { agentId: agent.employeeId, templateId: template.id },
        },
      ],
    },
  });
  expect(flow.statusCode, flow.body).toBe(200);
  const wo = await workOrderFactory(t.ctx, { serviceTypeId: st.id, status: 'completed' });
  for (let i = 0; i < 50; i++) {
    const items = (await agent.get('/api/v1/follow-ups/tasks')).json().items as { id: string; workOrderId: string }[];
    const task = items.find((x) => x.workOrderId === wo.id);
    if (task) return task.id;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('no task');
}

const useTccc = (pushPassword = PUSH.password) =>
  admin.request({
    method: 'PUT',
    url: '/api/v1/follow-ups/call-centre',
    payload: {
      provider: 'tccc',
      tccc: {
        secretId: fake.secretId,
        secretKey: fake.secretKey,
        sdkAppId: String(fake.sdkAppId),
        endpoint: fake.url,
        pushUsername: PUSH.username,
        pushPassword,
      },
    },
  });

describe('follow-up calls', () => {
  it('gives a tel: link while no call centre is configured', async () => {
    const taskId = await newTask();
    const res = await agent.post(`/api/v1/follow-ups/tasks/${taskId}/call`, {});
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ kind: 'link', href: 'tel:+8613800000000' });
  });

  it('places a click-to-call from the agent’s seat and shows the record TCCC pushes back', async () => {
    const saved = await useTccc();
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().tccc).toMatchObject({ secretKeySet: true, pushPasswordSet: true });
    expect(saved.body).not.toContain(fake.secretKey);
    expect(saved.body).not.toContain(PUSH.password);

    const taskId = await newTask();
    // Without a seat TCCC cannot ring the agent: refused before it is asked, in words the console translates.
    const noSeat = await agent.post(`/api/v1/follow-ups/tasks/${taskId}/call`, {});
    expect(noSeat.statusCode).toBe(409);
    expect(noSeat.json()).toMatchObject({ errors: [{ code: 'seat_unavailable' }] });
    expect(noSeat.json().type).toContain('call-failed');

    const seat = await admin.request({
      method: 'PUT',
      url: `/api/v1/follow-ups/agents/${agent.employeeId}`,
      payload: { capacity: null, seat: SEAT },
    });
    expect(seat.statusCode, seat.body).toBe(200);
    const placed = await agent.post(`/api/v1/follow-ups/tasks/${taskId}/call`, {});
    expect(placed.statusCode, placed.body).toBe(200);
    const { callId } = placed.json();
    expect(placed.json().kind).toBe('placed');
    expect(fake.calls.at(-1)).toMatchObject({ sessionId: callId, uui: taskId, callee: '008613800000000' });

    await fake.settled();
    expect(fake.pushes.every((p) => p.status === 200)).toBe(true);
    const detail = (await agent.get(`/api/v1/follow-ups/tasks/${taskId}`)).json();
    expect(detail.callRecords).toEqual([
      expect.objectContaining({ callId, status: 'ended', outcome: 'answered', durationSeconds: 42 }),
    ]);
    expect(detail.callRecords[0].recordingUrl).toMatch(/^https?:\/\//);
  });

  it('offers the Outbound button on a work order only when work orders are outbound call targets', async () => {
    const taskId = await newTask();
    const { workOrderId } = (await agent.get(`/api/v1/follow-ups/tasks/${taskId}`)).json();
    const off = await agent.post(`/api/v1/work-orders/${workOrderId}/outbound-call`, {});
    expect(off.statusCode).toBe(409);
    const on = await admin.request({
      method: 'PUT',
      url: '/api/v1/follow-ups/call-centre',
      payload: {
        provider: 'tccc',
        workOrderOutbound: true,
        tccc: {
          secretId: fake.secretId,
          sdkAppId: String(fake.sdkAppId),
          endpoint: fake.url,
          pushUsername: PUSH.username,
        },
      },
    });
    // The secrets stored before are kept when not sent again.
    expect(on.statusCode, on.body).toBe(200);
    expect(on.json()).toMatchObject({ workOrderOutbound: true, tccc: { secretKeySet: true } });
    const placed = await agent.post(`/api/v1/work-orders/${workOrderId}/outbound-call`, {});
    expect(placed.statusCode, placed.body).toBe(200);
    // Linked to the work order's open task.
    expect(fake.calls.at(-1)).toMatchObject({ sessionId: placed.json().callId, uui: taskId });
    await fake.settled();
    expect((await agent.get(`/api/v1/follow-ups/tasks/${taskId}`)).json().callRecords).toHaveLength(1);
    // An engineer has no call button.
    const engineer = await t.loginAs(['engineer']);
    expect((await engineer.post(`/api/v1/work-orders/${workOrderId}/outbound-call`, {})).statusCode).toBe(403);
  });

  it('refuses a push without the configured credentials, and a malformed record', async () => {
    await useTccc();
    const wrong = await t.anon.request({
      method: 'POST',
      url: '/api/v1/follow-ups/call-records/tccc?action=cdr&version=1',
      headers: { authorization: `Basic ${Buffer.from(`${PUSH.username}:nope`).toString('base64')}` },
      payload: {},
    });
    expect(wrong.statusCode).toBe(401);
    const malformed = await t.anon.request({
      method: 'POST',
      url: '/api/v1/follow-ups/call-records/tccc?action=cdr&version=1',
      headers: { authorization: `Basic ${Buffer.from(`${PUSH.username}:${PUSH.password}`).toString('base64')}` },
      payload: { SessionId: 'x' },
    });
    expect(malformed.statusCode).toBe(400);
  });
});
