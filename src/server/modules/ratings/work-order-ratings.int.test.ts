import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { departmentFactory, workOrderFactory } from '../../../../test/support/factories.js';
import {
  DEFAULT_TEMPLATE_ANSWERS,
  defaultTemplateVersionId,
  type InvitationOptions,
  invitationFactory,
} from '../../../../test/support/invitations.js';

let t: TestApp;
let version: string;
beforeAll(async () => {
  t = await createTestApp({ publicRateLimits: { perIpPerMinute: 100_000 } });
  version = await defaultTemplateVersionId(t.ctx.db);
});
afterAll(async () => {
  await t?.close();
});

async function rate(workOrderId: string, answers: Record<string, unknown>, opts: Partial<InvitationOptions> = {}) {
  const inv = await invitationFactory(
    t.ctx.db,
    { appSecret: t.ctx.appSecret, publicBaseUrl: t.ctx.config.publicBaseUrl },
    { templateVersionId: version, workOrderId, ...opts },
  );
  const res = await t.anon.post(`${inv.api}/ratings`, { answers });
  expect(res.statusCode).toBe(201);
  return res.json().id as string;
}

const NEGATIVE = { response_speed: 1, technical_ability: 1, attitude: 2, problem_resolved: false };

describe('GET /api/v1/work-orders/{id}/ratings', () => {
  it("shows each rating with S, stars, class, origin, channel and every answer in the version's words", async () => {
    const wo = await workOrderFactory(t.ctx);
    const qr = await rate(
      wo.id,
      { ...DEFAULT_TEMPLATE_ANSWERS, would_recommend: 'not_sure', suggestions: 'Quick and tidy' },
      { source: 'qr', channels: ['qr'], locale: 'en' },
    );
    const link = await rate(wo.id, NEGATIVE, { source: 'rule', channels: ['sms'], locale: 'zh-CN' });
    const admin = await t.loginAs(['admin']);

    const res = await admin.get(`/api/v1/work-orders/${wo.id}/ratings`);
    expect(res.statusCode).toBe(200);
    const { items } = res.json();
    expect(items.map((r: { id: string }) => r.id)).toEqual([link, qr]); // newest first
    const [negative, positive] = items;
    expect(positive).toMatchObject({
      origin: 'qr',
      channel: 'qr',
      score: 80,
      stars: 4.2,
      roundedStars: 4,
      class: 'satisfied',
      language: 'en',
      templateName: expect.any(String),
      templateVersion: 1,
    });
    expect(positive.answers.map((a: { label: string; display: string | null }) => `${a.label}: ${a.display}`)).toEqual([
      'Response speed: 5 / 5',
      'Technical ability: 4 / 5',
      'Service attitude: 3 / 5',
      'Problem resolved: Yes',
      'Would you recommend us?: Not sure',
      'Your suggestions: Quick and tidy',
    ]);
    expect(positive.answers[0]).toMatchObject({
      key: 'response_speed',
      type: 'star5',
      value: 5,
      max: 5,
      normalised: 100,
    });
    expect(negative).toMatchObject({ origin: 'link', channel: 'sms', class: 'negative', language: 'zh-CN' });
    expect(negative.answers.map((a: { label: string; display: string | null }) => `${a.label}: ${a.display}`)).toEqual([
      '响应速度: 1 / 5',
      '技术能力: 1 / 5',
      '服务态度: 2 / 5',
      '问题是否解决: 否',
      '是否愿意推荐我们: null',
      '您的建议: null',
    ]);
  });

  it('answers an empty list for a work order without ratings, and 404 for an unknown one', async () => {
    const wo = await workOrderFactory(t.ctx);
    const admin = await t.loginAs(['admin']);
    expect((await admin.get(`/api/v1/work-orders/${wo.id}/ratings`)).json()).toEqual({ items: [] });
    const missing = await admin.get('/api/v1/work-orders/00000000-0000-4000-8000-000000000000/ratings');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
  });

  it("lets an engineer see the ratings of their department's work orders only", async () => {
    const mine = await departmentFactory(t.ctx.db);
    const theirs = await departmentFactory(t.ctx.db);
    const engineer = await t.loginAs(['engineer'], { departmentId: mine.id });
    const own = await workOrderFactory(t.ctx, { departmentId: mine.id });
    const foreign = await workOrderFactory(t.ctx, { departmentId: theirs.id });
    await rate(own.id, DEFAULT_TEMPLATE_ANSWERS);
    await rate(foreign.id, DEFAULT_TEMPLATE_ANSWERS);
    const ok = await engineer.get(`/api/v1/work-orders/${own.id}/ratings`);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().items).toHaveLength(1);
    expect((await engineer.get(`/api/v1/work-orders/${foreign.id}/ratings`)).statusCode).toBe(404);
  });
});

describe('GET /api/v1/work-orders: the rating column', () => {
  it("carries each work order's rating count, negatives and the latest rating's stars and class", async () => {
    const department = await departmentFactory(t.ctx.db);
    const rated = await workOrderFactory(t.ctx, { departmentId: department.id });
    const negative = await workOrderFactory(t.ctx, { departmentId: department.id });
    const none = await workOrderFactory(t.ctx, { departmentId: department.id });
    await rate(rated.id, DEFAULT_TEMPLATE_ANSWERS, { source: 'qr', channels: ['qr'], submissionLimit: 3 });
    const latest = await rate(rated.id, { ...DEFAULT_TEMPLATE_ANSWERS, response_speed: 4 });
    await rate(negative.id, NEGATIVE);
    const admin = await t.loginAs(['admin']);

    const res = await admin.get(`/api/v1/work-orders?departmentId=${department.id}`);
    expect(res.statusCode).toBe(200);
    const byId = new Map(res.json().items.map((w: { id: string; ratings: unknown }) => [w.id, w.ratings]));
    expect(byId.get(rated.id)).toEqual({
      count: 2,
      negativeCount: 0,
      latest: {
        id: latest,
        stars: expect.any(Number),
        roundedStars: 4,
        class: 'satisfied',
        submittedAt: expect.any(String),
      },
    });
    expect(byId.get(negative.id)).toMatchObject({
      count: 1,
      negativeCount: 1,
      latest: { class: 'negative', roundedStars: 1 },
    });
    expect(byId.get(none.id)).toBeNull();
  });
});
