import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permissionsOfRoles } from '../src/common/roles.js';
import type { Access } from '../src/server/http/access.js';
import { createTestApp, loginClient, type TestApp, type TestClient } from './support/app.js';
import { createLoginEmployee, departmentFactory, serviceTypeFactory, workOrderFactory } from './support/factories.js';
import { DEFAULT_TEMPLATE_ANSWERS, defaultTemplateVersionId, invitationFactory } from './support/invitations.js';

/**
 * Resource scope (src/server/modules/access): two departments, each with a supervisor and an engineer; every route
 * that names a work order, invitation or rating is walked as the other department's people (404, never 403, and
 * nothing changed), as the own department's (not 404) and as an admin and an analyst (see both). A new route under
 * /work-orders/:id, /invitations/:id or /ratings/:id fails the walk until it is added to ROUTES below.
 */
let t: TestApp;

type Client = TestClient & { roles: string[] };
interface Side {
  departmentId: string;
  supervisor: Client;
  engineer: Client;
  workOrderId: string;
  invitationId: string;
  ratingId: string;
}
let a: Side;
let b: Side;
let admin: Client;
let analyst: Client;

async function login(username: string, roles: string[]): Promise<Client> {
  return { roles, ...(await loginClient(t.app, username)) };
}

async function side(templateVersionId: string): Promise<Side> {
  const department = await departmentFactory(t.ctx.db);
  const person = async (role: string) => {
    const { employee, username } = await createLoginEmployee(t.ctx.db, {
      roles: [role],
      overrides: { departmentId: department.id },
    });
    return { employee, client: await login(username, [role]) };
  };
  const supervisor = await person('supervisor');
  const engineer = await person('engineer');
  const wo = await workOrderFactory(t.ctx, { departmentId: department.id, engineerIds: [engineer.employee.id] });
  const links = { appSecret: t.ctx.appSecret, publicBaseUrl: t.ctx.config.publicBaseUrl };
  // QR invitations: their links are visible to whoever may read the work order, so the QR routes answer 200.
  const inv = await invitationFactory(t.ctx.db, links, {
    templateVersionId,
    workOrderId: wo.id,
    source: 'qr',
    channels: ['qr'],
    submissionLimit: 5,
  });
  const rated = await t.app.inject({
    method: 'POST',
    url: `${inv.api}/ratings`,
    payload: { answers: DEFAULT_TEMPLATE_ANSWERS },
  });
  if (rated.statusCode !== 201) throw new Error(`rating failed: ${rated.statusCode} ${rated.body}`);
  return {
    departmentId: department.id,
    supervisor: supervisor.client,
    engineer: engineer.client,
    workOrderId: wo.id,
    invitationId: inv.invitation.id,
    ratingId: rated.json().id ?? rated.json().ratingId,
  };
}

beforeAll(async () => {
  // Many requests from one test address: the limits have their own tests (an app built with lower limits).
  t = await createTestApp({ publicRateLimits: { perIpPerMinute: 100_000 } });
  const version = await defaultTemplateVersionId(t.ctx.db);
  a = await side(version);
  b = await side(version);
  admin = Object.assign(await t.loginAs(['admin']), { roles: ['admin'] });
  analyst = Object.assign(await t.loginAs(['analyst']), { roles: ['analyst'] });
});
afterAll(async () => {
  await t?.close();
});

/** One request against a side's resources. */
type Call = (s: Side) => { method: 'GET' | 'POST' | 'PATCH'; url: string; body?: unknown };

/** Every resource-scoped route (`METHOD url` as registered) and how to call it on one side's resources. */
const ROUTES: Record<string, Call> = {
  'GET /api/v1/work-orders/:id': (s) => ({ method: 'GET', url: `/api/v1/work-orders/${s.workOrderId}` }),
  'PATCH /api/v1/work-orders/:id': (s) => ({
    method: 'PATCH',
    url: `/api/v1/work-orders/${s.workOrderId}`,
    body: { priority: 'high' },
  }),
  'GET /api/v1/work-orders/:id/timeline': (s) => ({
    method: 'GET',
    url: `/api/v1/work-orders/${s.workOrderId}/timeline`,
  }),
  'GET /api/v1/work-orders/:id/invitations': (s) => ({
    method: 'GET',
    url: `/api/v1/work-orders/${s.workOrderId}/invitations`,
  }),
  'GET /api/v1/work-orders/:id/ratings': (s) => ({
    method: 'GET',
    url: `/api/v1/work-orders/${s.workOrderId}/ratings`,
  }),
  // An invitation not of the work order: the own caller gets 409 and stays unlocked, a foreign one 404.
  'POST /api/v1/work-orders/:id/pad': (s) => ({
    method: 'POST',
    url: `/api/v1/work-orders/${s.workOrderId}/pad`,
    body: { invitationId: '00000000-0000-4000-8000-000000000000' },
  }),
  'POST /api/v1/work-orders/:id/invitations': (s) => ({
    method: 'POST',
    url: `/api/v1/work-orders/${s.workOrderId}/invitations`,
    body: {},
  }),
  'POST /api/v1/work-orders/:id/nodes/rating/skip': (s) => ({
    method: 'POST',
    url: `/api/v1/work-orders/${s.workOrderId}/nodes/rating/skip`,
    body: { reason: 'scope walk' },
  }),
  'POST /api/v1/invitations/:id/link': (s) => ({ method: 'POST', url: `/api/v1/invitations/${s.invitationId}/link` }),
  'GET /api/v1/invitations/:id/qr.png': (s) => ({ method: 'GET', url: `/api/v1/invitations/${s.invitationId}/qr.png` }),
  'GET /api/v1/invitations/:id/qr.svg': (s) => ({ method: 'GET', url: `/api/v1/invitations/${s.invitationId}/qr.svg` }),
  'GET /api/v1/invitations/:id/card': (s) => ({ method: 'GET', url: `/api/v1/invitations/${s.invitationId}/card` }),
  'GET /api/v1/ratings/:id': (s) => ({ method: 'GET', url: `/api/v1/ratings/${s.ratingId}` }),
  // Follow-up staff's Outbound button (409 on the own side here: work orders are not call targets by default).
  'POST /api/v1/work-orders/:id/outbound-call': (s) => ({
    method: 'POST',
    url: `/api/v1/work-orders/${s.workOrderId}/outbound-call`,
  }),
  // Routes that name a resource in the body.
  'POST /api/v1/rating-rules/dry-run': (s) => ({
    method: 'POST',
    url: '/api/v1/rating-rules/dry-run',
    body: { workOrderId: s.workOrderId },
  }),
  'POST /api/v1/follow-up-rules/dry-run': (s) => ({
    method: 'POST',
    url: '/api/v1/follow-up-rules/dry-run',
    body: { workOrderId: s.workOrderId },
  }),
};

const RESOURCE_ROUTE = /^\/api\/v1\/(work-orders|invitations|ratings)\/:/;

function ruleOf(key: string): Access {
  const [method, url] = key.split(' ');
  const entry = t.app.accessTable.find((r) => r.method === method && r.url === url);
  if (!entry) throw new Error(`${key} is not registered`);
  return entry.access;
}
const allowedByGate = (rule: Access, roles: string[]) =>
  rule.kind !== 'permission' || permissionsOfRoles(roles).has(rule.permission);

async function call(client: Client, c: ReturnType<Call>) {
  return client.request({
    method: c.method,
    url: c.url,
    ...(c.body === undefined ? {} : { payload: c.body as object }),
  });
}

describe('resource scope', () => {
  it('covers every route that takes a work order, invitation or rating id', () => {
    const registered = t.app.accessTable.filter((r) => RESOURCE_ROUTE.test(r.url)).map((r) => `${r.method} ${r.url}`);
    expect(registered.length).toBeGreaterThan(5);
    const unchecked = registered.filter((key) => !(key in ROUTES));
    expect(unchecked, 'add each new resource route to ROUTES').toEqual([]);
    for (const key of Object.keys(ROUTES)) ruleOf(key);
  });

  it('answers 404 to the other department on every resource route, and not 404 to the own', async () => {
    const failures: string[] = [];
    for (const [key, build] of Object.entries(ROUTES)) {
      const rule = ruleOf(key);
      for (const [own, other] of [
        [a, b],
        [b, a],
      ] as const) {
        for (const who of ['supervisor', 'engineer'] as const) {
          const client = own[who];
          const gate = allowedByGate(rule, client.roles);
          const foreign = await call(client, build(other));
          const wantForeign = gate ? 404 : 403;
          if (foreign.statusCode !== wantForeign)
            failures.push(`${key} as the other ${who}: ${foreign.statusCode} (want ${wantForeign}) ${foreign.body}`);
          const mine = await call(client, build(own));
          if (mine.statusCode === 404 || (gate && mine.statusCode === 403) || mine.statusCode >= 500)
            failures.push(`${key} as the own ${who}: ${mine.statusCode} ${mine.body}`);
        }
      }
      for (const client of [admin, analyst]) {
        if (!allowedByGate(rule, client.roles)) continue;
        for (const s of [a, b]) {
          const res = await call(client, build(s));
          if (res.statusCode === 404 || res.statusCode === 403 || res.statusCode >= 500)
            failures.push(`${key} as ${client.roles[0]}: ${res.statusCode} ${res.body}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('leaves a foreign work order unchanged by a refused write', async () => {
    await b.supervisor.patch(`/api/v1/work-orders/${a.workOrderId}`, { subject: 'taken over' });
    const res = await admin.get(`/api/v1/work-orders/${a.workOrderId}`);
    expect(res.json().subject).not.toBe('taken over');
  });

  it('filters the lists to the caller’s scope; admins and analysts see both departments', async () => {
    const lists: [string, (s: Side) => string][] = [
      ['/api/v1/work-orders?limit=100', (s) => s.workOrderId],
      ['/api/v1/invitations?limit=100', (s) => s.invitationId],
      ['/api/v1/ratings?limit=100', (s) => s.ratingId],
    ];
    for (const [url, idOf] of lists) {
      for (const [own, other] of [
        [a, b],
        [b, a],
      ] as const) {
        for (const client of [own.supervisor, own.engineer]) {
          const res = await client.get(url);
          if (res.statusCode === 403) continue; // engineers do not hold ratings.read
          expect(res.statusCode, url).toBe(200);
          const ids = res.json().items.map((i: { id: string }) => i.id);
          expect(ids, `${url} own`).toContain(idOf(own));
          expect(ids, `${url} foreign`).not.toContain(idOf(other));
        }
      }
      for (const client of [admin, analyst]) {
        const ids = (await client.get(url)).json().items.map((i: { id: string }) => i.id);
        expect(ids, url).toEqual(expect.arrayContaining([idOf(a), idOf(b)]));
      }
    }
    // A filter naming the foreign work order finds nothing rather than telling it exists.
    const filtered = await a.supervisor.get(`/api/v1/ratings?workOrderId=${b.workOrderId}`);
    expect(filtered.json().items).toEqual([]);
  });

  it('answers each foreign id of a bulk send as missing', async () => {
    const res = await a.supervisor.post('/api/v1/work-orders/bulk/send-invitations', {
      ids: [a.workOrderId, b.workOrderId],
    });
    expect(res.statusCode).toBe(200);
    const results = res.json().results as { id: string; error: { status: number } | null }[];
    expect(results.find((r) => r.id === b.workOrderId)?.error?.status).toBe(404);
    // The own work order is not completed: refused for that reason, not as missing.
    expect(results.find((r) => r.id === a.workOrderId)?.error?.status).toBe(409);
  });

  it('neither updates a foreign work order through its externalId nor files one into a foreign department', async () => {
    const serviceType = await serviceTypeFactory(t.ctx.db);
    const external = `EXT-${Date.now()}`;
    const created = await a.supervisor.post('/api/v1/work-orders', {
      subject: 'mine',
      serviceTypeId: serviceType.id,
      departmentId: a.departmentId,
      externalId: external,
    });
    expect(created.statusCode).toBe(201);
    const hijack = await b.supervisor.post('/api/v1/work-orders', {
      subject: 'hijacked',
      serviceTypeId: serviceType.id,
      externalId: external,
    });
    expect(hijack.statusCode).toBe(404);
    expect((await admin.get(`/api/v1/work-orders/${created.json().id}`)).json().subject).toBe('mine');

    const planted = await b.engineer.post('/api/v1/work-orders', {
      subject: 'elsewhere',
      serviceTypeId: serviceType.id,
      departmentId: a.departmentId,
    });
    expect(planted.statusCode).toBe(400);
    expect(planted.json().errors[0]).toMatchObject({ path: 'departmentId' });
    const moved = await a.supervisor.patch(`/api/v1/work-orders/${created.json().id}`, {
      departmentId: b.departmentId,
    });
    expect(moved.statusCode).toBe(400);
  });
});
