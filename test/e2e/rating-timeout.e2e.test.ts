import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiLogin, createScratchDatabase } from '../support/http-session.js';
import { startServerProcess, startWorkerProcess } from '../support/server-process.js';

/**
 * The rating node's timeout is a durable pg-boss job per node instance: with two workers racing, each of a work
 * order's two timed nodes is skipped exactly once, and when every process is stopped before the deadline and started
 * again after it, the node is still skipped once.
 */
const baseUrl = process.env.TEST_DATABASE_URL;
let scratch: Awaited<ReturnType<typeof createScratchDatabase>> | undefined;
const stops: (() => Promise<unknown>)[] = [];
const PASSWORD = 'timeout-e2e-password';

beforeEach(async () => {
  if (baseUrl) scratch = await createScratchDatabase(baseUrl, 'rateloop_timeout');
});
afterEach(async () => {
  for (const stop of stops.reverse()) await stop();
  await scratch?.drop();
});

const login = async (url: string, password: string) => (await apiLogin(url, 'admin', password)).headers;

async function call(url: string, headers: Record<string, string>, method: string, path: string, body?: unknown) {
  const res = await fetch(`${url}/api/v1${path}`, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const json = res.status === 204 ? null : await res.json();
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** A service type with `count` mandatory rating nodes timing out after `timeoutHours`, and a completed work order. */
async function completedWorkOrder(url: string, headers: Record<string, string>, timeoutHours: number, count = 1) {
  const code = `t${Date.now()}`;
  const st = await call(url, headers, 'POST', '/service-types', { name: `Timeout ${code}`, code });
  await call(url, headers, 'PUT', `/service-types/${st.id}/workflow`, {
    nodes: Array.from({ length: count }, () => ({ type: 'rating', mode: 'rule', mandatory: true, timeoutHours })),
  });
  const wo = await call(url, headers, 'POST', '/work-orders', {
    subject: '超时测试',
    serviceTypeId: st.id,
    status: 'completed',
  });
  expect(wo.workflow.nodes).toHaveLength(count);
  for (const node of wo.workflow.nodes)
    expect(node).toMatchObject({ type: 'rating', status: 'active', mandatory: true });
  return wo as { id: string; workflow: { nodes: { deadlineAt: string }[] } };
}

/** Waits until no node of the work order is active; answers the nodes. */
async function waitForSkip(url: string, headers: Record<string, string>, id: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const wo = await call(url, headers, 'GET', `/work-orders/${id}`);
    const nodes = wo.workflow.nodes as { id: string; status: string; reason: string | null }[];
    if (nodes.every((n) => n.status !== 'active')) return nodes;
    if (Date.now() > deadline) throw new Error('the rating nodes were not skipped in time');
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function skipEvents(url: string, headers: Record<string, string>, id: string) {
  const { items } = await call(url, headers, 'GET', `/work-orders/${id}/timeline`);
  return (items as { type: string; data: { reason?: string; nodeId?: string } }[]).filter(
    (e) => e.type === 'work_order.rating_skipped',
  );
}

describe.skipIf(!baseUrl)('rating-node timeout across processes', () => {
  it('skips exactly once with two workers, and after a stop before / restart after the deadline', async () => {
    const databaseUrl = scratch!.url;
    const server = await startServerProcess({ env: { DATABASE_URL: databaseUrl, RUN_WORKERS: 'false' } });
    stops.push(() => server.stop());
    const workers = await Promise.all([startWorkerProcess(databaseUrl), startWorkerProcess(databaseUrl)]);
    for (const w of workers) stops.push(() => w.stop());
    let headers = await login(server.url, server.adminPassword);
    await call(server.url, headers, 'POST', '/auth/password', {
      currentPassword: server.adminPassword,
      newPassword: PASSWORD,
    });
    headers = await login(server.url, PASSWORD);

    // 1. Two workers race for the timeout jobs (0.001 h = 3.6 s) of two node instances of one work order.
    const first = await completedWorkOrder(server.url, headers, 0.001, 2);
    const nodes = await waitForSkip(server.url, headers, first.id);
    for (const node of nodes) expect(node).toMatchObject({ status: 'skipped', reason: 'timeout' });
    await new Promise((r) => setTimeout(r, 3000)); // a second, late run would show up here
    const once = await skipEvents(server.url, headers, first.id);
    expect(once).toHaveLength(2);
    expect(once.map((e) => e.data.nodeId).sort()).toEqual(nodes.map((n) => n.id).sort());
    for (const e of once) expect(e.data.reason).toBe('timeout');
    const closed = await fetch(`${server.url}/api/v1/work-orders/${first.id}`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({ status: 'closed' }),
    });
    expect(closed.status).toBe(200);

    // 2. Everything stops before the deadline (0.004 h = 14.4 s) and starts again after it.
    const second = await completedWorkOrder(server.url, headers, 0.004);
    const deadlineAt = Date.parse(second.workflow.nodes[0]!.deadlineAt);
    for (const w of workers) expect(await w.stop()).toBe(0);
    expect(await server.stop()).toBe(0);
    expect(Date.now()).toBeLessThan(deadlineAt);
    await new Promise((r) => setTimeout(r, Math.max(0, deadlineAt - Date.now()) + 1000));

    const restarted = await startServerProcess({ env: { DATABASE_URL: databaseUrl } });
    stops.push(() => restarted.stop());
    const extra = await startWorkerProcess(databaseUrl);
    stops.push(() => extra.stop());
    headers = await login(restarted.url, PASSWORD);
    expect(await waitForSkip(restarted.url, headers, second.id)).toMatchObject([
      { status: 'skipped', reason: 'timeout' },
    ]);
    await new Promise((r) => setTimeout(r, 3000));
    const afterRestart = await skipEvents(restarted.url, headers, second.id);
    expect(afterRestart).toHaveLength(1);
    expect(afterRestart[0]!.data.reason).toBe('timeout');
    expect(await skipEvents(restarted.url, headers, first.id)).toHaveLength(2);
  });
});
