import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/app.js';
import { departmentFactory, serviceTypeFactory, templateFactory, workOrderFactory } from './support/factories.js';
import { DEFAULT_TEMPLATE_FORM, defaultTemplateVersionId, invitationFactory } from './support/invitations.js';

/**
 * Input at the boundary (src/server/http/input-guard.ts, body limits, router errors): what PostgreSQL cannot store
 * and what would overflow the stack is refused with a 400 naming the field, and every framework error is a problem
 * document. test/fuzz.int.test.ts throws random input at every route; these are the named cases.
 */
let t: TestApp;
let admin: Awaited<ReturnType<TestApp['loginAs']>>;
const links = () => ({ appSecret: t.ctx.appSecret, publicBaseUrl: t.ctx.config.publicBaseUrl });

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.loginAs(['admin']);
});
afterAll(async () => {
  await t?.close();
});

const json = { 'content-type': 'application/json' };
const form = { 'content-type': 'application/x-www-form-urlencoded' };

function expectProblem(res: LightMyRequestResponse, status: number, errors?: { path: string; message?: string }[]) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  if (errors) expect(res.json().errors).toEqual(errors.map((e) => expect.objectContaining(e)));
}

const NOT_ALLOWED = 'contains a character that is not allowed';

describe('strings PostgreSQL cannot store', () => {
  it('refuses U+0000 in the public rating comment, naming the field', async () => {
    const { api } = await invitationFactory(t.ctx.db, links(), {
      templateVersionId: await defaultTemplateVersionId(t.ctx.db),
    });
    const res = await t.anon.request({
      method: 'POST',
      url: `${api}/ratings`,
      headers: json,
      payload: '{"answers":{"response_speed":5},"comment":"bad\\u0000"}',
    });
    expectProblem(res, 400, [{ path: 'comment', message: NOT_ALLOWED }]);
  });

  it('refuses a lone surrogate in an answer, the login username and a work order subject', async () => {
    const { api } = await invitationFactory(t.ctx.db, links(), {
      templateVersionId: await defaultTemplateVersionId(t.ctx.db),
    });
    const rating = await t.anon.request({
      method: 'POST',
      url: `${api}/ratings`,
      headers: json,
      payload: '{"answers":{"suggestions":"x\\ud800"}}',
    });
    expectProblem(rating, 400, [{ path: 'answers.suggestions', message: NOT_ALLOWED }]);
    const login = await t.anon.request({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: json,
      payload: '{"username":"\\udc00admin","password":"x"}',
    });
    expectProblem(login, 400, [{ path: 'username', message: NOT_ALLOWED }]);
    const serviceType = await serviceTypeFactory(t.ctx.db);
    const workOrder = await admin.request({
      method: 'POST',
      url: '/api/v1/work-orders',
      headers: json,
      payload: `{"subject":"a\\u0000b","serviceTypeId":"${serviceType.id}"}`,
    });
    expectProblem(workOrder, 400, [{ path: 'subject', message: NOT_ALLOWED }]);
  });

  it('checks object keys, query and path parameters', async () => {
    const serviceType = await serviceTypeFactory(t.ctx.db);
    const key = await admin.request({
      method: 'POST',
      url: '/api/v1/work-orders',
      headers: json,
      payload: `{"subject":"s","serviceTypeId":"${serviceType.id}","custom":{"k\\u0000":1}}`,
    });
    expectProblem(key, 400, [{ path: 'custom.k\ufffd', message: NOT_ALLOWED }]);
    expectProblem(await admin.get('/api/v1/work-orders?q=a%00b'), 400, [{ path: 'query.q', message: NOT_ALLOWED }]);
    expectProblem(await admin.get('/api/v1/audit-events?action=%00'), 400, [{ path: 'query.action' }]);
    expectProblem(await t.anon.get('/api/v1/public/invitations/a%00b'), 400, [{ path: 'params.token' }]);
  });

  it('refuses U+0000 in the no-JS form (answers and _form_token) and keeps __proto__ a plain field', async () => {
    const { path } = await invitationFactory(t.ctx.db, links(), {
      templateVersionId: await defaultTemplateVersionId(t.ctx.db),
    });
    for (const [payload, field] of [
      [`${DEFAULT_TEMPLATE_FORM}&suggestions=a%00b`, 'suggestions'],
      [`${DEFAULT_TEMPLATE_FORM}&_form_token=%00`, '_form_token'],
    ] as const) {
      const res = await t.anon.request({ method: 'POST', url: path, headers: form, payload });
      expectProblem(res, 400, [{ path: field, message: NOT_ALLOWED }]);
    }
    const proto = await t.anon.request({
      method: 'POST',
      url: path,
      headers: form,
      payload: `${DEFAULT_TEMPLATE_FORM}&__proto__=x&__proto__=y`,
    });
    expect(proto.statusCode, proto.body).toBeLessThan(500);
    expect({} as Record<string, unknown>).not.toHaveProperty('x');
  });
});

describe('customer portal forms', () => {
  it('refuse U+0000 in every field with a 400 naming it, and bodies over 16 KB with a 413 — never a 500', async () => {
    for (const [url, body, field] of [
      ['/c/sign-in', 'phone=138%0000000000&lang=en', 'phone'],
      ['/c/sign-in-email', 'email=a%00@example.com&lang=en', 'email'],
      ['/c/code', 'code=12%003456&lang=en', 'code'],
      ['/c/link', 'token=x%00y&lang=en', 'token'],
      ['/c/confirm', 'workOrder=00000000-0000-4000-8000-000000000000&name=a%00b', 'name'],
      ['/c/invitations', 'wanted=%00', 'wanted'],
      ['/c/resend', 'lang=%00', 'lang'],
      ['/c/sign-out', 'lang=%00', 'lang'],
    ] as const) {
      const res = await t.anon.request({ method: 'POST', url, headers: form, payload: body });
      expect(res.statusCode, `${url} ${res.body}`).toBe(400);
      expect(res.body, url).toContain(field);
      const big = await t.anon.request({ method: 'POST', url, headers: form, payload: `a=${'x'.repeat(17 * 1024)}` });
      expect(big.statusCode, url).toBe(413);
    }
    // Odd shapes reach the page as plain (or missing) fields: a repeated field, __proto__, a bare key.
    for (const payload of ['phone=1&phone=2', '__proto__=x&email=y', 'code', '']) {
      for (const url of ['/c/sign-in', '/c/sign-in-email', '/c/code', '/c/link']) {
        const res = await t.anon.request({ method: 'POST', url, headers: form, payload });
        expect(res.statusCode, `${url} ${payload}`).toBeLessThan(500);
      }
    }
    const longPath = await t.anon.request({ method: 'GET', url: `/c/link/${'a'.repeat(5000)}` });
    expect(longPath.statusCode).toBeLessThan(500);
  });
});

describe('nesting', () => {
  const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);

  it('refuses 5,000 levels in rule conditions, dry-run facts and custom fields with a 400', async () => {
    const template = await templateFactory(t.ctx.db);
    const conditions = `${'{"combinator":"and","rules":['.repeat(5000)}${']}'.repeat(5000)}`;
    const rule = await admin.request({
      method: 'POST',
      url: '/api/v1/rating-rules',
      headers: json,
      payload: `{"name":"deep","templateId":"${template.id}","conditions":${conditions}}`,
    });
    expectProblem(rule, 400);
    expect(rule.json().detail).toMatch(/nested more than 32 levels deep/);
    const dryRun = await admin.request({
      method: 'POST',
      url: '/api/v1/rating-rules/dry-run',
      headers: json,
      payload: `{"facts":{"custom":{"x":${deep(5000)}}}}`,
    });
    expectProblem(dryRun, 400);
    expect(dryRun.json().errors[0].path).toMatch(/^facts\.custom\.x(\.0)+$/);
  });

  it('bounds rule conditions in the schema too: six nested groups are refused, five are fine', async () => {
    const template = await templateFactory(t.ctx.db);
    const leaf = '{"field":"priority","operator":"=","value":"high"}';
    const groups = (n: number) => `${'{"combinator":"and","rules":['.repeat(n)}${leaf}${']}'.repeat(n)}`;
    const post = (n: number) =>
      admin.request({
        method: 'POST',
        url: '/api/v1/rating-rules',
        headers: json,
        payload: `{"name":"nest ${n}","templateId":"${template.id}","conditions":${groups(n)}}`,
      });
    expect((await post(5)).statusCode).toBe(201);
    expectProblem(await post(6), 400);
  });

  it('answers __proto__ in JSON with a 400 problem document', async () => {
    const res = await admin.request({
      method: 'POST',
      url: '/api/v1/departments',
      headers: json,
      payload: '{"name":"x","code":"x","kind":"department","__proto__":{"admin":true}}',
    });
    expectProblem(res, 400);
  });
});

describe('framework errors are problem documents', () => {
  it('bad URL encoding and over-long path parameters → 400', async () => {
    expectProblem(await admin.get('/api/v1/work-orders/%FF%FE'), 400);
    expectProblem(await admin.get(`/api/v1/work-orders/${'x'.repeat(500)}`), 400);
    expectProblem(await t.anon.get(`/r/${'x'.repeat(500)}`), 400);
  });

  it('unsupported media type → 415, bad or empty JSON → 400', async () => {
    const url = '/api/v1/departments';
    expectProblem(
      await admin.request({ method: 'POST', url, headers: { 'content-type': 'application/xml' }, payload: '<x/>' }),
      415,
    );
    expectProblem(await admin.request({ method: 'POST', url, headers: json, payload: '{"name":' }), 400);
    expectProblem(await admin.request({ method: 'POST', url, headers: json, payload: '' }), 400);
  });
});

describe('body limits', () => {
  it('anonymous endpoints take at most 16 KB', async () => {
    const { api, path } = await invitationFactory(t.ctx.db, links(), {
      templateVersionId: await defaultTemplateVersionId(t.ctx.db),
    });
    const big = 'x'.repeat(17 * 1024);
    expectProblem(
      await t.anon.request({ method: 'POST', url: `${api}/ratings`, headers: json, payload: `{"comment":"${big}"}` }),
      413,
    );
    // The customer's page answers a page in their language (Back keeps what they wrote), not a problem document.
    for (const [headers, payload] of [
      [form, `a=${big}`],
      [json, `{"a":"${big}"}`],
    ] as const) {
      const page = await t.anon.request({
        method: 'POST',
        url: path,
        headers: { ...headers, 'accept-language': 'zh-CN' },
        payload,
      });
      expect(page.statusCode).toBe(413);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.body).toContain('内容过长');
    }
    expectProblem(
      await t.anon.request({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: json,
        payload: `{"username":"${big}"}`,
      }),
      413,
    );
  });

  it('authenticated JSON routes take 1 MB; CSV imports keep their 12 MB', async () => {
    const big = 'x'.repeat(1024 * 1024);
    expectProblem(
      await admin.request({ method: 'POST', url: '/api/v1/departments', headers: json, payload: `{"name":"${big}"}` }),
      413,
    );
    const csv = `employeeNo,name\n${'E-1,Name\n'.repeat(250_000)}`; // ~2.3 MB
    const imported = await admin.post('/api/v1/employee-imports', { csv, mode: 'valid_rows' });
    expect(imported.statusCode, imported.body.slice(0, 200)).toBe(202);
  });
});

describe('found by the fuzz', () => {
  it('deleting a department a work order refers to is a 409, not a 500 (Drizzle-wrapped 23503)', async () => {
    const department = await departmentFactory(t.ctx.db);
    await workOrderFactory(t.ctx, { departmentId: department.id });
    expectProblem(await admin.delete(`/api/v1/departments/${department.id}`), 409);
  });
});
