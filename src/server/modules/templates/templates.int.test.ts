import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../../test/support/app.js';
import { ruleFactory, serviceTypeFactory, templateFactory } from '../../../../test/support/factories.js';
import { ratingTemplates } from '../../db/schema/templates.js';
import { DEFAULT_TEMPLATE_DIMENSIONS, DEFAULT_TEMPLATE_NAME, ensureDefaultTemplate } from './default-template.js';
import { updateDraftVersion } from './versions.service.js';

let t: TestApp;
let admin: TestClient;
let defaultId: string;
beforeAll(async () => {
  t = await createTestApp();
  defaultId = (await ensureDefaultTemplate(t.ctx.db))!;
  admin = await t.loginAs(['admin']);
});
afterAll(async () => {
  await t?.close();
});

const put = (c: TestClient, url: string, payload: unknown) =>
  c.request({ method: 'PUT', url, payload: payload as object });
const star = (key: string, weight = 1) => ({
  key,
  type: 'star5',
  required: true,
  weight,
  label: { 'zh-CN': key, en: key },
});

describe('default template', () => {
  it('is seeded once, published as v1 with the manual’s dimensions and weights', async () => {
    expect(defaultId).toBeTruthy();
    expect(await ensureDefaultTemplate(t.ctx.db)).toBeNull();
    const defaults = await t.ctx.db.select().from(ratingTemplates).where(eq(ratingTemplates.isDefault, true));
    expect(defaults).toHaveLength(1);

    const res = await admin.get(`/api/v1/rating-templates/${defaultId}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ name: DEFAULT_TEMPLATE_NAME, isDefault: true, status: 'active', draft: null });
    expect(body.published).toMatchObject({ number: 1, status: 'published', weighting: true, layout: 'vertical' });
    expect(body.published.dimensions).toEqual(DEFAULT_TEMPLATE_DIMENSIONS);
    expect(body.published.dimensions.map((d: { key: string; weight: number }) => [d.key, d.weight])).toEqual([
      ['response_speed', 30],
      ['technical_ability', 40],
      ['attitude', 20],
      ['problem_resolved', 10],
      ['would_recommend', 0],
      ['suggestions', 0],
    ]);
    expect(body.published.weights.map((w: { percent: number }) => w.percent)).toEqual([30, 40, 20, 10, 0]);
  });

  it('scores the worked example at 80.0 and 4.2 stars via score-preview', async () => {
    const { published } = (await admin.get(`/api/v1/rating-templates/${defaultId}`)).json();
    const answers = { response_speed: 5, technical_ability: 4, attitude: 3, problem_resolved: true };
    const byTemplate = await admin.post('/api/v1/rating-templates/score-preview', {
      template: { weighting: true, dimensions: published.dimensions },
      answers,
    });
    expect(byTemplate.statusCode).toBe(200);
    const r = byTemplate.json();
    expect(r).toMatchObject({ valid: true, errors: [], roundedStars: 4, class: 'satisfied' });
    expect(r.score).toBeCloseTo(80, 10);
    expect(r.stars).toBeCloseTo(4.2, 10);
    expect(r.tenPoint).toBeCloseTo(8.2, 10);
    expect(r.weights).toEqual([
      { key: 'response_speed', percent: 30 },
      { key: 'technical_ability', percent: 40 },
      { key: 'attitude', percent: 20 },
      { key: 'problem_resolved', percent: 10 },
      { key: 'would_recommend', percent: 0 },
    ]);
    const byVersion = await admin.post('/api/v1/rating-templates/score-preview', { versionId: published.id, answers });
    expect(byVersion.json().score).toBeCloseTo(80, 10);

    const invalid = await admin.post('/api/v1/rating-templates/score-preview', {
      versionId: published.id,
      answers: { response_speed: 6 },
    });
    expect(invalid.json()).toMatchObject({ valid: false, score: null });
    expect(invalid.json().errors.map((e: { path: string }) => e.path)).toContain('answers.response_speed');
  });

  it('cannot be archived or deleted', async () => {
    expect((await admin.post(`/api/v1/rating-templates/${defaultId}/archive`)).statusCode).toBe(409);
    expect((await admin.delete(`/api/v1/rating-templates/${defaultId}`)).statusCode).toBe(409);
  });
});

describe('versioning', () => {
  it('create → publish v1 → edit makes draft v2 while v1 stays byte-for-byte the same → publish v2', async () => {
    const st = await serviceTypeFactory(t.ctx.db);
    const created = await admin.post('/api/v1/rating-templates', { name: 'Inspection', serviceTypeIds: [st.id] });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect(created.json()).toMatchObject({
      serviceTypeIds: [st.id],
      published: null,
      draft: { number: 1, status: 'draft', dimensions: [] },
    });

    const saved = await put(admin, `/api/v1/rating-templates/${id}/draft`, {
      layout: 'horizontal',
      weighting: true,
      dimensions: [star('speed', 3), star('skill', 1)],
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ number: 1, status: 'draft', layout: 'horizontal' });
    const v1 = await admin.post(`/api/v1/rating-templates/${id}/publish`);
    expect(v1.statusCode).toBe(200);
    expect(v1.json()).toMatchObject({ number: 1, status: 'published', publishedBy: { name: expect.any(String) } });
    const v1Id = v1.json().id;
    const before = (await admin.get(`/api/v1/rating-template-versions/${v1Id}`)).body;

    expect((await admin.post(`/api/v1/rating-templates/${id}/publish`)).statusCode).toBe(409); // no draft
    const edited = await put(admin, `/api/v1/rating-templates/${id}/draft`, {
      layout: 'vertical',
      weighting: true,
      dimensions: [star('speed', 1)],
    });
    expect(edited.json()).toMatchObject({ number: 2, status: 'draft' });
    expect(edited.json().id).not.toBe(v1Id);
    const again = await put(admin, `/api/v1/rating-templates/${id}/draft`, {
      weighting: false,
      dimensions: [star('speed'), star('tidiness')],
    });
    expect(again.json()).toMatchObject({ id: edited.json().id, number: 2 }); // still the one draft
    expect((await admin.get(`/api/v1/rating-template-versions/${v1Id}`)).body).toBe(before);

    const detail = (await admin.get(`/api/v1/rating-templates/${id}`)).json();
    expect(detail.draft.number).toBe(2);
    expect(detail.published.id).toBe(v1Id);
    const list = (await admin.get(`/api/v1/rating-templates?serviceTypeId=${st.id}`)).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({
      id,
      hasDraft: true,
      publishedVersionNumber: 1,
      latestVersion: { number: 2, status: 'draft', dimensionCount: 2 },
    });

    const v2 = await admin.post(`/api/v1/rating-templates/${id}/publish`);
    expect(v2.json()).toMatchObject({ number: 2, status: 'published' });
    expect((await admin.get(`/api/v1/rating-template-versions/${v1Id}`)).body).toBe(before);
    const versions = (await admin.get(`/api/v1/rating-templates/${id}/versions`)).json();
    expect(versions.items.map((v: { number: number; status: string }) => [v.number, v.status])).toEqual([
      [2, 'published'],
      [1, 'published'],
    ]);

    // Discarding a draft leaves the published version in place.
    await put(admin, `/api/v1/rating-templates/${id}/draft`, { dimensions: [] });
    expect((await admin.delete(`/api/v1/rating-templates/${id}/draft`)).statusCode).toBe(204);
    expect((await admin.delete(`/api/v1/rating-templates/${id}/draft`)).statusCode).toBe(409);
    expect((await admin.get(`/api/v1/rating-templates/${id}`)).json()).toMatchObject({
      draft: null,
      published: { number: 2 },
    });

    const audit = (await admin.get(`/api/v1/audit-events?entityId=${id}`)).json();
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining([
        'rating_template.created',
        'rating_template.draft_saved',
        'rating_template.published',
        'rating_template.draft_discarded',
      ]),
    );
  });

  it('refuses to modify a published version, in the service and in the database', async () => {
    const tpl = await templateFactory(t.ctx.db);
    const versionId = tpl.publishedVersionId!;
    await expect(
      updateDraftVersion(t.ctx.db, versionId, { layout: 'vertical', weighting: false, dimensions: [] }),
    ).rejects.toMatchObject({ status: 409 });
    await expect(
      t.ctx.db.execute(sql`update rating_template_versions set weighting = true where id = ${versionId}`),
    ).rejects.toThrow();
    await expect(t.ctx.db.execute(sql`delete from rating_template_versions where id = ${versionId}`)).rejects.toThrow();
    const v = (await admin.get(`/api/v1/rating-template-versions/${versionId}`)).json();
    expect(v).toMatchObject({ status: 'published', weighting: false, dimensionCount: 2 });
  });
});

describe('archive, delete, default', () => {
  it('deletes a never-published template, archives a published one, refuses archiving one in use', async () => {
    const draftOnly = (await admin.post('/api/v1/rating-templates', { name: 'Scratch' })).json().id;
    expect((await admin.delete(`/api/v1/rating-templates/${draftOnly}`)).statusCode).toBe(204);
    expect((await admin.get(`/api/v1/rating-templates/${draftOnly}`)).statusCode).toBe(404);

    const used = await templateFactory(t.ctx.db);
    const del = await admin.delete(`/api/v1/rating-templates/${used.id}`);
    expect(del.statusCode).toBe(409);
    expect(del.json().detail).toMatch(/archive/);
    const rule = await ruleFactory(t.ctx.db, used.id, { name: 'Uses it' });
    const inUse = await admin.post(`/api/v1/rating-templates/${used.id}/archive`);
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().detail).toContain('Uses it');
    await admin.delete(`/api/v1/rating-rules/${rule.id}`);

    const archived = await admin.post(`/api/v1/rating-templates/${used.id}/archive`);
    expect(archived.json().status).toBe('archived');
    expect((await put(admin, `/api/v1/rating-templates/${used.id}/draft`, { dimensions: [] })).statusCode).toBe(409);
    expect((await admin.post(`/api/v1/rating-templates/${used.id}/set-default`)).statusCode).toBe(409);
    expect(
      (await admin.get('/api/v1/rating-templates?status=archived')).json().items.map((i: { id: string }) => i.id),
    ).toEqual([used.id]);
    expect((await admin.post(`/api/v1/rating-templates/${used.id}/unarchive`)).json().status).toBe('active');
  });

  it('moves the organisation default', async () => {
    const other = await templateFactory(t.ctx.db);
    expect((await admin.post(`/api/v1/rating-templates/${other.id}/set-default`)).json().isDefault).toBe(true);
    expect((await admin.get(`/api/v1/rating-templates/${defaultId}`)).json().isDefault).toBe(false);
    expect((await admin.post(`/api/v1/rating-templates/${defaultId}/set-default`)).statusCode).toBe(200);
    const unpublished = await templateFactory(t.ctx.db, { publish: false });
    expect((await admin.post(`/api/v1/rating-templates/${unpublished.id}/set-default`)).statusCode).toBe(409);
  });

  it('updates metadata and rejects unknown service types by path', async () => {
    const tpl = await templateFactory(t.ctx.db);
    const st = await serviceTypeFactory(t.ctx.db);
    const ok = await admin.patch(`/api/v1/rating-templates/${tpl.id}`, {
      name: 'Renamed',
      serviceTypeIds: [st.id],
      recordTypes: ['repair'],
    });
    expect(ok.json()).toMatchObject({ name: 'Renamed', serviceTypeIds: [st.id], recordTypes: ['repair'] });
    const bad = await admin.patch(`/api/v1/rating-templates/${tpl.id}`, {
      serviceTypeIds: [st.id, '00000000-0000-4000-8000-000000000000'],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([
      { path: 'serviceTypeIds.1', message: 'is not a service type', code: 'not_found' },
    ]);
  });
});

describe('access', () => {
  it('lets an analyst and an engineer read but not write; API keys follow their scopes', async () => {
    for (const role of ['analyst', 'engineer']) {
      const user = await t.loginAs([role]);
      expect((await user.get('/api/v1/rating-templates')).statusCode).toBe(200);
      expect((await user.post('/api/v1/rating-templates', { name: 'x' })).statusCode).toBe(403);
    }
    const readKey = (await admin.post('/api/v1/api-keys', { name: 'reader', scopes: ['templates:read'] })).json().key;
    const writeKey = (await admin.post('/api/v1/api-keys', { name: 'writer', scopes: ['templates:write'] })).json().key;
    expect((await t.withApiKey(readKey).get('/api/v1/rating-templates')).statusCode).toBe(200);
    expect((await t.withApiKey(readKey).post('/api/v1/rating-templates', { name: 'x' })).statusCode).toBe(403);
    const created = await t.withApiKey(writeKey).post('/api/v1/rating-templates', { name: 'From ERP' });
    expect(created.statusCode).toBe(201);
    expect((await t.anon.get('/api/v1/rating-templates')).statusCode).toBe(401);
  });

  it('documents the routes in OpenAPI', async () => {
    const doc = (await t.anon.get('/api/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/rating-templates/{id}/draft', '/api/v1/rating-rules/dry-run']),
    );
  });
});
