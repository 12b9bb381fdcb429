import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiLogin, createScratchDatabase } from '../support/http-session.js';
import { startServerProcess, startWorkerProcess } from '../support/server-process.js';

/**
 * Any number of stateless servers and workers share one PostgreSQL: two HTTP-only servers take requests, two worker
 * processes run the jobs, every job runs exactly once, and rate limits count across both servers.
 */
const baseUrl = process.env.TEST_DATABASE_URL;
let scratch: Awaited<ReturnType<typeof createScratchDatabase>> | undefined;
const stops: (() => Promise<unknown>)[] = [];

beforeEach(async () => {
  if (baseUrl) scratch = await createScratchDatabase(baseUrl, 'rateloop_mp');
});
afterEach(async () => {
  for (const stop of stops.reverse()) await stop();
  await scratch?.drop();
});

const login = async (url: string, password: string) => (await apiLogin(url, 'admin', password)).headers;

describe.skipIf(!baseUrl)('servers and workers on one PostgreSQL', () => {
  it('serves from two HTTP-only servers and runs every job once on two workers', async () => {
    const databaseUrl = scratch!.url;
    const env = { DATABASE_URL: databaseUrl, RUN_WORKERS: 'false' };
    const [a, b] = await Promise.all([startServerProcess({ env }), startServerProcess({ env })]);
    stops.push(
      () => a!.stop(),
      () => b!.stop(),
    );
    const workers = await Promise.all([startWorkerProcess(databaseUrl), startWorkerProcess(databaseUrl)]);
    for (const w of workers) stops.push(() => w.stop());

    // Both servers raced to create the first admin; exactly one did.
    expect([a!.output(), b!.output()].filter((o) => o.includes('First administrator'))).toHaveLength(1);
    let headers = await login(a!.url, a!.adminPassword);
    const changed = await fetch(`${a!.url}/api/v1/auth/password`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ currentPassword: a!.adminPassword, newPassword: 'multi-process-pass' }),
    });
    expect(changed.status).toBe(204);
    headers = await login(b!.url, 'multi-process-pass');

    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const server = i % 2 === 0 ? a! : b!;
      const h = i % 2 === 0 ? await login(a!.url, 'multi-process-pass') : headers;
      const csv = `employeeNo,name,department,phone,email,roles,active\nMP-${i}-1,Worker ${i}a,,,,engineer,true\nMP-${i}-2,Worker ${i}b,,,,analyst,true\n`;
      const res = await fetch(`${server.url}/api/v1/employee-imports`, {
        method: 'POST',
        headers: h,
        body: JSON.stringify({ csv, mode: 'all_or_nothing' }),
      });
      expect(res.status).toBe(202);
      ids.push((await res.json()).id);
    }
    const deadline = Date.now() + 60_000;
    for (const id of ids) {
      for (;;) {
        const res = await fetch(`${b!.url}/api/v1/employee-imports/${id}`, { headers });
        const body = await res.json();
        if (body.status === 'succeeded') {
          expect(body.imported).toBe(2);
          break;
        }
        expect(body.status).not.toBe('failed');
        if (Date.now() > deadline) throw new Error(`import ${id} still ${body.status}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    const employees = await fetch(`${a!.url}/api/v1/employees?q=MP-&limit=100`, {
      headers: await login(a!.url, 'multi-process-pass'),
    });
    expect((await employees.json()).total).toBe(12);
    const audit = await fetch(`${b!.url}/api/v1/audit-events?action=employee.imported&limit=100`, { headers });
    expect((await audit.json()).items).toHaveLength(6);

    // The login limit (20 a minute per address) counts in PostgreSQL, so it holds across both servers: 6 logins
    // so far (5 on a, 1 on b), then 24 more alternating. Per-process counters would allow all 24 (a: 15, b: 19 left).
    const attempts = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        fetch(`${(i % 2 === 0 ? a! : b!).url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'nobody-here', password: 'wrong-password' }),
        }).then((r) => r.status),
      ),
    );
    expect(attempts.filter((s) => s === 429).length).toBeGreaterThanOrEqual(8);
    expect(attempts.every((s) => s === 401 || s === 429)).toBe(true);
    // Workers finish their running jobs and exit cleanly on SIGTERM.
    for (const w of workers) expect(await w.stop()).toBe(0);
  });
});
