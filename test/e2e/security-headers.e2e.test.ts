import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstAdminLogin, hasBrowser, launchBrowser } from '../support/browser.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

const NEW_PASSWORD = 'velvet-harbor-lantern-93';
const CSP_MESSAGE = /Content Security Policy|Content-Security-Policy|CSP violation|Refused to/i;

/** Every console message and CSP violation of the page and its frames (srcdoc previews included). */
function recordConsole(page: Page): string[] {
  const messages: string[] = [];
  page.on('console', (msg) => messages.push(`${msg.type()}: ${msg.text()}`));
  page.on('pageerror', (err) => messages.push(`pageerror: ${err.message}`));
  return messages;
}

/** A page of another site (localhost vs the server's 127.0.0.1), serving whatever HTML a test gives it. */
async function startForeignSite(): Promise<{ url: string; serve(html: string): void; close(): Promise<void> }> {
  let body = '';
  const srv = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body);
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://localhost:${(srv.address() as AddressInfo).port}/`,
    serve: (html) => {
      body = html;
    },
    close: () => new Promise((resolve) => srv.close(() => resolve())),
  };
}

describe.skipIf(!hasBrowser)('security headers in the browser', () => {
  let server: ServerProcess;
  let browser: Browser;
  let foreign: Awaited<ReturnType<typeof startForeignSite>>;

  beforeAll(async () => {
    [server, browser, foreign] = await Promise.all([startServerProcess(), launchBrowser(), startForeignSite()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await foreign?.close();
  });

  it('the console works under its CSP with no violation: login, pages, template preview, API docs', {
    timeout: 150_000,
  }, async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 1000 } });
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(
          `CSP violation: ${e.violatedDirective} ${e.blockedURI} in ${e.sourceFile}:${e.lineNumber}:${e.columnNumber} on ${location.pathname}`,
        ),
      );
    });
    const page = await context.newPage();
    const messages = recordConsole(page);
    try {
      const first = await page.goto(server.url);
      expect(first?.headers()['content-security-policy']).toContain("script-src 'self'");
      expect(first?.headers()['x-frame-options']).toBe('DENY');
      await firstAdminLogin(page, server.url, server.adminPassword, NEW_PASSWORD);

      const routes = ['/org/departments', '/org/employees', '/work-orders', '/invitations', '/rating/rules'];
      for (const route of [...routes, '/settings/channels', '/settings/message-templates', '/settings/audit']) {
        await page.goto(`${server.url}${route}`);
        await page.getByTestId('main-menu').waitFor();
        await page.waitForTimeout(750); // let the page's queries and lazy chunks land
      }

      // The phone preview runs the customer page's inline script in an <iframe srcdoc> (allowed by its hash).
      await page.goto(`${server.url}/rating/templates`);
      await page.getByTestId('templates-table').getByTestId('template-link').first().click();
      const phone = page.frameLocator('[data-testid=preview-iframe]');
      await phone.locator('fieldset[data-key="problem_resolved"]').waitFor();
      for (const pick of ['response_speed-4', 'technical_ability-3', 'attitude-2', 'problem_resolved-0'])
        await phone.locator(`label[for="q-${pick}"]`).click();
      await expect.poll(() => page.getByTestId('preview-score').textContent()).toBe('80.0');

      const docs = await page.goto(`${server.url}/api/docs`);
      expect(docs?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
      await page.locator('.swagger-ui .opblock').first().waitFor({ timeout: 30_000 });

      expect(messages.filter((m) => CSP_MESSAGE.test(m))).toEqual([]);
    } catch (error) {
      fs.mkdirSync('test-results', { recursive: true });
      await page.screenshot({ path: 'test-results/security-headers-failure.png', fullPage: true }).catch(() => {});
      throw new Error(
        `${(error as Error).message}\n--- browser console ---\n${messages.join('\n')}\n--- server output ---\n${server.output().slice(-4000)}`,
        { cause: error },
      );
    } finally {
      await context.close();
    }
  });

  it('another site can neither frame the console nor post the login form', { timeout: 60_000 }, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const messages = recordConsole(page);
    try {
      foreign.serve(`<!doctype html><iframe id="f" src="${server.url}/login"></iframe>`);
      await page.goto(foreign.url);
      await expect.poll(() => messages.some((m) => /frame-ancestors|Refused to (display|frame)/.test(m))).toBe(true);
      const framed = page.frames().find((f) => f !== page.mainFrame());
      expect(await framed?.locator('[data-testid=login-username]').count()).toBe(0);

      foreign.serve(
        `<!doctype html><form id="f" method="post" action="${server.url}/api/v1/auth/login">` +
          '<input name="username" value="admin"><input name="password" value="whatever"></form>' +
          '<script>document.getElementById("f").submit()</script>',
      );
      const [login] = await Promise.all([
        page.waitForResponse((res) => res.url() === `${server.url}/api/v1/auth/login`),
        page.goto(foreign.url),
      ]);
      expect(login.status()).toBe(403);
      expect((await login.json()).type).toMatch(/\/origin$/);
    } finally {
      await context.close();
    }
  });
});
