import '../support/no-network.js';
import type { Browser } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstAdminLogin, hasBrowser, launchBrowser } from '../support/browser.js';
import { smsRuleServiceType } from '../support/console-data.js';
import { apiLogin } from '../support/http-session.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

const NEW_PASSWORD = 'sandbox-owner-pass-42';
const SHOTS = process.env.SCREENSHOT_DIR;
const PHONE = '+8613800138123';

async function call(url: string, headers: Record<string, string>, method: string, path: string, body?: unknown) {
  const res = await fetch(`${url}/api/v1${path}`, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const json = res.status === 204 ? null : await res.json();
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/**
 * #12: the whole loop on one machine. A rule delivers through the sandbox SMS channel; completing a work order puts
 * the SMS in the console's sandbox inbox; its link opens the customer page; the rating is stored once.
 * (The server process runs with NODE_ENV=production, where the sandbox needs SANDBOX_CHANNEL_ENABLED=true.)
 */
describe.skipIf(!hasBrowser)('sandbox channel end to end', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeEach(async () => {
    [server, browser] = await Promise.all([
      startServerProcess({ env: { SANDBOX_CHANNEL_ENABLED: 'true' }, timeoutMs: 180_000 }),
      launchBrowser(),
    ]);
  }, 240_000);
  afterEach(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('complete → SMS in the sandbox inbox → its link → rate → one rating', { timeout: 300_000 }, async () => {
    const context = await browser.newContext({ locale: 'en', viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    try {
      await firstAdminLogin(page, server.url, server.adminPassword, NEW_PASSWORD);
      const { headers } = await apiLogin(server.url, 'admin', NEW_PASSWORD);

      // Set-up: a sandbox SMS channel, a rule sending by SMS, a service type whose workflow asks the rules.
      const st = await smsRuleServiceType(server.url, headers, { name: 'Repair', code: 'repair-e2e' });
      const wo = await call(server.url, headers, 'POST', '/work-orders', {
        subject: 'Air conditioner not cooling',
        serviceTypeId: st.id,
        customer: { name: 'Li Lei', phone: PHONE, locale: 'en' },
        status: 'in_service',
      });
      await call(server.url, headers, 'PATCH', `/work-orders/${wo.id}`, { status: 'completed' });
      // The delivery job runs in the server's workers: wait until the invitation is delivered (or say why not).
      const deadline = Date.now() + 120_000;
      for (;;) {
        const { items } = await call(server.url, headers, 'GET', `/work-orders/${wo.id}/invitations`);
        if (items[0]?.status === 'delivered') break;
        if (Date.now() > deadline || items[0]?.status === 'failed')
          throw new Error(`not delivered: ${JSON.stringify(items)}\n${server.output().slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 1000));
      }

      // The inbox refreshes by itself: the SMS appears without a reload.
      await page.goto(`${server.url}/settings/sandbox`);
      await page.getByTestId('sandbox-table').waitFor();
      const row = page.getByTestId('sandbox-table').locator('tbody tr.ant-table-row', { hasText: PHONE });
      await row.waitFor({ timeout: 30_000 });
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/sandbox-en-desktop.png` });

      const [customer] = await Promise.all([context.waitForEvent('page'), row.getByTestId('sandbox-link').click()]);
      await customer.waitForLoadState();
      await customer.click('label[for="q-response_speed-4"]');
      await customer.click('label[for="q-technical_ability-3"]');
      await customer.click('label[for="q-attitude-4"]');
      await customer.click('label[for="q-problem_resolved-0"]');
      await customer.click('button[type=submit]');
      await customer.waitForURL('**/thanks**');

      const ratings = await call(server.url, headers, 'GET', `/ratings?workOrderId=${wo.id}`);
      expect(ratings.items).toHaveLength(1);
      expect(ratings.items[0]).toMatchObject({ workOrderId: wo.id });

      // zh-CN and a phone: the inbox in the other language.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.evaluate(() => localStorage.setItem('rateloop.lang', 'zh-CN'));
      await page.reload();
      await page.getByText('沙盒收件箱').first().waitFor();
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/sandbox-zh-phone.png` });
    } finally {
      await context.close();
    }
  });
});
