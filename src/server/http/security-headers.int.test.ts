import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { defaultTemplateVersionId, invitationFactory } from '../../../test/support/invitations.js';
import { ratingPageCsp } from '../../common/rating-page/csp.js';
import { API_CSP, CONSOLE_CSP } from './security-headers.js';

let t: TestApp;
let dist: string;
beforeAll(async () => {
  // A stand-in for the built console (createTestApp serves none by default).
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'rateloop-dist-'));
  fs.mkdirSync(path.join(dist, 'assets'));
  fs.writeFileSync(
    path.join(dist, 'index.html'),
    '<!doctype html><title>Rateloop</title><div id="root"></div><script type="module" src="/assets/x.js"></script>',
  );
  fs.writeFileSync(path.join(dist, 'assets', 'x.js'), 'console.log("console");');
  t = await createTestApp({ env: { WEB_DIST_DIR: dist } });
});
afterAll(async () => {
  await t?.close();
  if (dist) fs.rmSync(dist, { recursive: true, force: true });
});

const html = (url: string) => t.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });

/** On every response, whoever answered. */
function expectCommonHeaders(headers: Record<string, unknown>) {
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['cross-origin-opener-policy']).toBe('same-origin');
  expect(headers['referrer-policy']).toMatch(/^(same-origin|no-referrer)$/);
}

function directives(csp: unknown): Map<string, string> {
  return new Map(
    String(csp)
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => [d.split(/\s+/)[0]!, d.slice(d.indexOf(' ') + 1)]),
  );
}

describe('security headers', () => {
  it('the console (/ and SPA routes): CSP without inline scripts, never framed', async () => {
    for (const url of ['/', '/work-orders/00000000-0000-4000-8000-000000000000', '/login?next=%2F']) {
      const res = await html(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expectCommonHeaders(res.headers);
      expect(res.headers['content-security-policy']).toBe(CONSOLE_CSP);
      expect(res.headers['cache-control']).toBe('no-cache');
    }
    const csp = directives(CONSOLE_CSP);
    expect(csp.get('script-src')).toMatch(/^'self'( 'sha256-[A-Za-z0-9+/=]+')?$/);
    expect(csp.get('script-src')).not.toContain('unsafe');
    expect(csp.get('style-src')).toBe("'self' 'unsafe-inline'");
    expect(csp.get('connect-src')).toBe("'self'");
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(csp.get('base-uri')).toBe("'none'");
    expect(csp.get('form-action')).toBe("'self'");
    expect(csp.get('object-src')).toBe("'none'");

    const asset = await t.app.inject({ method: 'GET', url: '/assets/x.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['x-content-type-options']).toBe('nosniff');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('/api/docs: swagger-ui under its own CSP, no inline script, never framed', async () => {
    const res = await html('/api/docs/');
    expect(res.statusCode).toBe(200);
    expectCommonHeaders(res.headers);
    const csp = directives(res.headers['content-security-policy']);
    expect(csp.get('script-src')).toBe("'self'");
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(csp.get('object-src')).toBe("'none'");
    expect(res.body).not.toMatch(/<script>(?!\s*<\/script>)|<script(?![^>]*\ssrc=)[^>]*>/);
    const bare = await html('/api/docs');
    expect([200, 302]).toContain(bare.statusCode);
    expect(directives(bare.headers['content-security-policy']).get('frame-ancestors')).toBe("'none'");
    const initializer = await t.app.inject({ method: 'GET', url: '/api/docs/static/swagger-initializer.js' });
    expect(initializer.statusCode).toBe(200);
  });

  it('API answers: nosniff, no-store, nothing to load, never framed — problems included', async () => {
    const admin = await t.loginAs(['admin']);
    const answers = [
      [await admin.get('/api/v1/auth/session'), 200],
      [await t.anon.get('/api/v1/audit-events'), 401],
      [await t.anon.get('/api/v1/no-such-route'), 404],
      [await admin.post('/api/v1/service-types', { name: '' }), 400],
      [await t.anon.get('/healthz'), 200],
      [await t.anon.get('/readyz'), 200],
      [await t.anon.get('/api/openapi.json'), 200],
    ] as const;
    for (const [res, status] of answers) {
      expect(res.statusCode).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/(problem\+)?json/);
      expectCommonHeaders(res.headers);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['content-security-policy']).toBe(API_CSP);
    }
    // A problem for a non-API path (no HTML wanted) is JSON too.
    const notFound = await t.anon.get('/no-such-file.txt');
    expect(notFound.statusCode).toBe(404);
    expect(notFound.headers['cache-control']).toBe('no-store');
    expect(notFound.headers['content-security-policy']).toBe(API_CSP);
  });

  it('/r/<token> keeps its own hashed CSP and headers', async () => {
    const links = { appSecret: t.ctx.appSecret, publicBaseUrl: t.ctx.config.publicBaseUrl };
    const inv = await invitationFactory(t.ctx.db, links, {
      templateVersionId: await defaultTemplateVersionId(t.ctx.db),
    });
    const res = await html(inv.path);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toBe(ratingPageCsp({ logoOrigin: null }));
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
    expectCommonHeaders(res.headers);
  });

  it('/u/<token> (no policy of its own) gets a strict page policy, not the console one', async () => {
    const res = await html('/u/not-a-token');
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expectCommonHeaders(res.headers);
    const csp = directives(res.headers['content-security-policy']);
    expect(csp.get('default-src')).toBe("'none'");
    expect(csp.has('script-src')).toBe(false);
    expect(csp.get('frame-ancestors')).toBe("'none'");
  });
});
