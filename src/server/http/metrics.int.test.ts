import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';

const TOKEN = 'metrics-token-for-tests-0123';

describe('/metrics access', () => {
  let closed: TestApp;
  let guarded: TestApp;
  beforeAll(async () => {
    [closed, guarded] = await Promise.all([
      createTestApp(),
      createTestApp({ env: { METRICS_TOKEN: TOKEN, METRICS_ALLOW: '10.1.0.0/16, 192.0.2.7' } }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([closed?.close(), guarded?.close()]);
  });

  const scrape = (t: TestApp, opts: { token?: string; from?: string; headers?: Record<string, string> } = {}) =>
    t.app.inject({
      method: 'GET',
      url: '/metrics',
      remoteAddress: opts.from ?? '203.0.113.9',
      headers: { ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...opts.headers },
    });

  const expectDenied = (res: Awaited<ReturnType<typeof scrape>>) => {
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).not.toContain('rateloop_http_request_duration_seconds');
    expect(res.body).not.toContain('process_cpu');
  };

  it('is closed to everyone by default, loopback included', async () => {
    expectDenied(await scrape(closed));
    expectDenied(await scrape(closed, { from: '127.0.0.1' }));
    expectDenied(await scrape(closed, { token: TOKEN }));
  });

  it('opens to the bearer token and to allowed addresses only', async () => {
    expectDenied(await scrape(guarded));
    expectDenied(await scrape(guarded, { token: 'metrics-token-for-tests-0124' }));
    expectDenied(await scrape(guarded, { token: TOKEN.slice(0, -1) }));
    expectDenied(await scrape(guarded, { from: '10.2.0.1' }));
    // Without a trusted proxy, X-Forwarded-For does not change the client address.
    expectDenied(await scrape(guarded, { headers: { 'x-forwarded-for': '10.1.2.3' } }));

    const withToken = await scrape(guarded, { token: TOKEN });
    expect(withToken.statusCode).toBe(200);
    expect(withToken.headers['content-type']).toMatch(/^text\/plain/);
    expect(withToken.headers['cache-control']).toBe('no-store');
    expect(withToken.headers['x-content-type-options']).toBe('nosniff');
    expect(withToken.body).toContain('rateloop_http_request_duration_seconds');

    for (const from of ['10.1.2.3', '::ffff:10.1.255.1', '192.0.2.7']) {
      const res = await scrape(guarded, { from });
      expect(res.statusCode, from).toBe(200);
      expect(res.body).toContain('process_cpu');
    }
  });
});
