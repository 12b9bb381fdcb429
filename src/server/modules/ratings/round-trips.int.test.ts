import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../../test/support/app.js';
import {
  ruleFactory,
  serviceTypeFactory,
  templateFactory,
  workOrderFactory,
} from '../../../../test/support/factories.js';
import { countRoundTrips } from '../../../../test/support/round-trips.js';
import { workOrderNodes } from '../../db/schema/workflows.js';
import { invitationToken } from '../invitations/token.js';

/**
 * The hot paths' cost on the wire (issue #15), asserted so that a regression fails CI: a customer's JSON submission
 * is ONE statement (plus one for the shared rate-limit counters on PostgreSQL), the rating page's first opening one
 * read, and the no-JS POST → thank-you pair two. Every submission here answers a real workflow rating node, which
 * the same statement completes.
 */
let t: TestApp;
let admin: TestClient;
let serviceTypeId: string;
/** The shared rate-limit counters: one statement per public request on PostgreSQL, in memory on PGlite. */
let limiter: number;
beforeAll(async () => {
  t = await createTestApp();
  limiter = t.database.kind === 'postgres' ? 1 : 0;
  admin = await t.loginAs(['admin']);
  const template = await templateFactory(t.ctx.db);
  await ruleFactory(t.ctx.db, template.id, { channels: ['email'] });
  const st = await serviceTypeFactory(t.ctx.db);
  const res = await admin.request({
    method: 'PUT',
    url: `/api/v1/service-types/${st.id}/workflow`,
    payload: { nodes: [{ type: 'rating', mode: 'rule' }] },
  });
  expect(res.statusCode, res.body).toBe(200);
  serviceTypeId = st.id;
});
afterAll(async () => {
  await t?.close();
});

/** The factory template's two required star questions. */
const ANSWERS = { speed: 5, quality: 4 };

let ip = 0;
const from = () => {
  ip += 1;
  return { 'x-forwarded-for': `10.9.${ip >> 8}.${ip & 255}` };
};

/** A completed work order whose rating node is active with its invitation: the token of that invitation. */
async function ratedWorkOrder() {
  const wo = await workOrderFactory(t.ctx, { serviceTypeId, status: 'in_service' });
  const res = await admin.patch(`/api/v1/work-orders/${wo.id}`, { status: 'completed' });
  expect(res.statusCode, res.body).toBe(200);
  const [inv] = (await admin.get(`/api/v1/work-orders/${wo.id}/invitations`)).json().items;
  return { token: invitationToken(t.ctx.appSecret, inv.id), workOrderId: wo.id as string };
}

/**
 * The per-process caches' refills (the organisation profile every 5 s, a template version once) are amortised over
 * every request of the process: they are not part of a request's cost, whichever request happens to pay one.
 */
const CACHE_REFILL = /from "(settings|rating_template_versions)"/;
const counted = async <T>(fn: () => Promise<T>) => {
  const r = await countRoundTrips(t.database, fn);
  const statements = r.statements.filter((s) => !CACHE_REFILL.test(s));
  return { result: r.result, roundTrips: statements.length, statements };
};

const nodeOf = async (workOrderId: string) =>
  (await t.ctx.db.select().from(workOrderNodes).where(eq(workOrderNodes.workOrderId, workOrderId)))[0]!;

const submitJson = (token: string) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/public/invitations/${token}/ratings`,
    payload: { answers: ANSWERS },
    headers: { ...from(), 'idempotency-key': `k-${token}` },
  });

describe('round trips per request', () => {
  it('a JSON submission after the app read the invitation: one statement (+ the rate-limit counters)', async () => {
    const { token, workOrderId } = await ratedWorkOrder();
    expect((await t.app.inject({ url: `/api/v1/public/invitations/${token}`, headers: from() })).statusCode).toBe(200);
    const { result: res, roundTrips, statements } = await counted(() => submitJson(token));
    expect(res.statusCode, res.body).toBe(201);
    expect(roundTrips, statements.join('\n')).toBe(1 + limiter);
    expect(await nodeOf(workOrderId)).toMatchObject({ status: 'completed', reason: 'rated' });

    // The same key again: answered from the same one statement (the stored twin), 200.
    const again = await counted(() => submitJson(token));
    expect(again.result.statusCode).toBe(200);
    expect(again.result.json().id).toBe(res.json().id);
    expect(again.roundTrips, again.statements.join('\n')).toBe(1 + limiter);
  });

  it('a JSON submission this process has not seen the invitation of: one read more', async () => {
    const { token } = await ratedWorkOrder();
    const { result: res, roundTrips, statements } = await counted(() => submitJson(token));
    expect(res.statusCode, res.body).toBe(201);
    expect(roundTrips, statements.join('\n')).toBeLessThanOrEqual(2 + limiter);
  });

  it('the rating page, first opening: one statement reads the page and records "opened"', async () => {
    const { token } = await ratedWorkOrder();
    const {
      result: res,
      roundTrips,
      statements,
    } = await counted(() => t.app.inject({ url: `/r/${token}`, headers: from() }));
    expect(res.statusCode).toBe(200);
    expect(roundTrips, statements.join('\n')).toBe(1 + limiter);
  });

  it('no-JS: the form POST and the thank-you page cost two statements together', async () => {
    const { token, workOrderId } = await ratedWorkOrder();
    const page = await t.app.inject({ url: `/r/${token}`, headers: from() });
    const formToken = /name="_form_token" value="([^"]+)"/.exec(page.body)![1]!;
    const { result, roundTrips, statements } = await counted(async () => {
      const posted = await t.app.inject({
        method: 'POST',
        url: `/r/${token}`,
        payload: `speed=5&quality=4&_form_token=${encodeURIComponent(formToken)}`,
        headers: { ...from(), 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(posted.statusCode, posted.body).toBe(303);
      return t.app.inject({ url: posted.headers.location as string, headers: from() });
    });
    expect(result.statusCode).toBe(200);
    expect(result.body).toMatch(/thank|谢谢|感谢/i);
    expect(roundTrips, statements.join('\n')).toBe(2 + 2 * limiter);
    expect(await nodeOf(workOrderId)).toMatchObject({ status: 'completed' });
  });
});
