import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { templateFactory } from '../../../../test/support/factories.js';
import {
  DEFAULT_TEMPLATE_ANSWERS,
  defaultTemplateVersionId,
  type InvitationOptions,
  invitationFactory,
} from '../../../../test/support/invitations.js';
import { SYSTEM_ACTOR } from '../../http/principal.js';
import { publishDraft, saveDraft } from '../templates/versions.service.js';

let t: TestApp;
let defaultVersion: string;
beforeAll(async () => {
  // Many requests from one test address: the limits have their own tests (an app built with lower limits).
  t = await createTestApp({ publicRateLimits: { perIpPerMinute: 100_000 } });
  defaultVersion = await defaultTemplateVersionId(t.ctx.db);
});
afterAll(async () => {
  await t?.close();
});

const invite = (opts: Partial<InvitationOptions> = {}) =>
  invitationFactory(
    t.ctx.db,
    { appSecret: t.ctx.appSecret, publicBaseUrl: t.ctx.config.publicBaseUrl },
    { templateVersionId: defaultVersion, ...opts },
  );
async function rate(answers: Record<string, unknown>, opts: Partial<InvitationOptions> = {}) {
  const inv = await invite(opts);
  const res = await t.anon.post(`${inv.api}/ratings`, { answers });
  expect(res.statusCode).toBe(201);
  return { ...inv, ratingId: res.json().id as string };
}
const NEGATIVE = { response_speed: 1, technical_ability: 1, attitude: 1, problem_resolved: false };

describe('GET /api/v1/ratings', () => {
  it('lists ratings newest first with every field, filtered and paged', async () => {
    const good = await rate(DEFAULT_TEMPLATE_ANSWERS);
    const bad = await rate(NEGATIVE);
    const analyst = await t.loginAs(['analyst']);

    const one = (await analyst.get(`/api/v1/ratings/${good.ratingId}`)).json();
    expect(one).toEqual({
      id: good.ratingId,
      workOrderId: good.invitation.workOrderId,
      invitationId: good.invitation.id,
      templateVersionId: defaultVersion,
      source: 'customer',
      agentId: null,
      score: 80,
      stars: 4.2,
      roundedStars: 4,
      class: 'satisfied',
      answers: DEFAULT_TEMPLATE_ANSWERS,
      language: 'zh-CN',
      contactRequested: false,
      submittedAt: expect.any(String),
    });

    const negatives = (await analyst.get('/api/v1/ratings?negative=true&limit=500')).json();
    expect(negatives.items.map((r: { id: string }) => r.id)).toContain(bad.ratingId);
    expect(negatives.items.every((r: { class: string }) => r.class === 'negative')).toBe(true);
    const others = (await analyst.get('/api/v1/ratings?negative=false&limit=500')).json();
    expect(others.items.map((r: { id: string }) => r.id)).toContain(good.ratingId);
    expect(others.items.some((r: { class: string }) => r.class === 'negative')).toBe(false);
    const byClass = (await analyst.get('/api/v1/ratings?class=satisfied&limit=500')).json();
    expect(byClass.items.map((r: { id: string }) => r.id)).toContain(good.ratingId);
    const byWorkOrder = (await analyst.get(`/api/v1/ratings?workOrderId=${bad.invitation.workOrderId}`)).json();
    expect(byWorkOrder.items.map((r: { id: string }) => r.id)).toEqual([bad.ratingId]);
    expect((await analyst.get('/api/v1/ratings?source=follow_up')).json().items).toEqual([]);
    const future = encodeURIComponent(new Date(Date.now() + 60_000).toISOString());
    expect((await analyst.get(`/api/v1/ratings?from=${future}`)).json().items).toEqual([]);
    expect((await analyst.get(`/api/v1/ratings?to=${future}&limit=500`)).json().items.length).toBeGreaterThan(1);
  });

  it('pages with an opaque cursor without gaps or repeats', async () => {
    for (let i = 0; i < 5; i++) await rate(DEFAULT_TEMPLATE_ANSWERS);
    const admin = await t.loginAs(['admin']);
    const all = (await admin.get('/api/v1/ratings?limit=500')).json().items.map((r: { id: string }) => r.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = (
        await admin.get(`/api/v1/ratings?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      seen.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    expect((await admin.get('/api/v1/ratings?cursor=garbage')).statusCode).toBe(400);
  });

  it('needs ratings.read: engineers are refused, API keys need the ratings:read scope', async () => {
    expect((await (await t.loginAs(['engineer'])).get('/api/v1/ratings')).statusCode).toBe(403);
    expect((await (await t.loginAs(['supervisor'])).get('/api/v1/ratings')).statusCode).toBe(200);
    expect((await (await t.loginAs(['follow_up_agent'])).get('/api/v1/ratings')).statusCode).toBe(200);
    const admin = await t.loginAs(['admin']);
    const key = (await admin.post('/api/v1/api-keys', { name: 'bi', scopes: ['ratings:read'] })).json().key;
    expect((await t.withApiKey(key).get('/api/v1/ratings')).statusCode).toBe(200);
    expect((await t.anon.get('/api/v1/ratings')).statusCode).toBe(401);
  });

  it('keeps a rating on the version it answered after the template is edited and republished', async () => {
    const template = await templateFactory(t.ctx.db, { weighting: false });
    const v1 = template.publishedVersionId!;
    const { ratingId } = await rate({ speed: 5, quality: 3 }, { templateVersionId: v1 });
    await saveDraft(t.ctx.db, SYSTEM_ACTOR, template.id, {
      layout: 'horizontal',
      weighting: true,
      dimensions: [
        { key: 'speed', type: 'star5', required: true, weight: 1, label: { 'zh-CN': '速度', en: 'Speed' } },
        { key: 'quality', type: 'star5', required: true, weight: 9, label: { 'zh-CN': '质量', en: 'Quality' } },
      ],
    });
    const v2 = await publishDraft(t.ctx.db, SYSTEM_ACTOR, template.id);
    expect(v2.id).not.toBe(v1);
    const admin = await t.loginAs(['admin']);
    const rating = (await admin.get(`/api/v1/ratings/${ratingId}`)).json();
    expect(rating).toMatchObject({ templateVersionId: v1, score: 75 });
    // A link made before the edit still shows (and scores with) the version it was made with.
    const old = await invite({ templateVersionId: v1 });
    const page = (await t.anon.get(old.api)).json();
    expect(page.template).toMatchObject({ versionId: v1, layout: 'vertical' });
    const again = await t.anon.post(`${old.api}/ratings`, { answers: { speed: 5, quality: 3 } });
    expect(again.json().score).toBe(75);
  });

  it('answers 404 for an unknown rating', async () => {
    const admin = await t.loginAs(['admin']);
    expect((await admin.get('/api/v1/ratings/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });
});
