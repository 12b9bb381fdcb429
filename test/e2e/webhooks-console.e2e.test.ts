import '../support/no-network.js';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstAdminLogin, hasBrowser, launchBrowser, pickAntdOption } from '../support/browser.js';
import { adminHeaders, callApi, qrServiceType } from '../support/console-data.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

const NEW_PASSWORD = 'webhooks-owner-pass-42';
const SHOTS = process.env.SCREENSHOT_DIR ?? 'test-results/webhooks-console';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A local receiver answering 200 to every POST, keeping what it got. */
async function startReceiver(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const srv = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/rateloop/hooks`,
    received,
    close: () => new Promise((resolve) => srv.close(() => resolve())),
  };
}

async function shot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.waitForTimeout(300); // let antd's motion settle
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

/**
 * #14: Settings → Webhooks and Settings → System in the browser. An endpoint pointing at a local receiver (the server
 * allows private targets through WEBHOOKS_ALLOW_PRIVATE_NETWORKS), its secret shown once, a test event verified with
 * that secret, the delivery in the log with its attempt, a replay making a second attempt; then the System page.
 */
describe.skipIf(!hasBrowser)('webhooks console', () => {
  let server: ServerProcess;
  let browser: Browser;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    [server, browser, receiver] = await Promise.all([
      startServerProcess({ env: { WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true' }, timeoutMs: 180_000 }),
      launchBrowser(),
      startReceiver(),
    ]);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await receiver?.close();
  });

  it('create → secret once → test event → delivery → replay → second attempt; System page', {
    timeout: 300_000,
  }, async () => {
    const context = await browser.newContext({ locale: 'en', viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    // CI retries a failed test on the same server and receiver: this attempt's endpoint has its own URL, and counts
    // only what the receiver got after it began.
    const hookUrl = `${receiver.url}/${Date.now().toString(36)}`;
    const before = receiver.received.length;
    try {
      await firstAdminLogin(page, server.url, server.adminPassword, NEW_PASSWORD);

      // The menu leads to the page; it starts empty (unless an earlier attempt made an endpoint).
      await page.getByTestId('main-menu').getByText('Webhooks', { exact: true }).click();
      await page.waitForURL('**/settings/webhooks');
      const table = page.getByTestId('webhooks-table');
      await table.getByText('No webhook endpoints yet.').or(table.locator('tbody tr.ant-table-row')).first().waitFor();

      // The form validates before it sends.
      await page.getByTestId('add-webhook').click();
      await page.getByTestId('webhook-url').fill('not a url');
      await page.getByTestId('webhook-save').click();
      await page.getByText('Enter a full http:// or https:// address').first().waitFor();
      await page.getByTestId('webhook-url').fill(hookUrl);
      await page.getByTestId('webhook-description').fill('Our CRM');
      await shot(page, 'webhooks-form-en-desktop');
      await page.getByTestId('webhook-save').click();

      // The secret, once.
      const secretBox = page.getByTestId('webhook-secret');
      await secretBox.waitFor();
      const secret = (await secretBox.innerText()).trim();
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
      await shot(page, 'webhooks-secret-en-desktop');
      await page.getByTestId('webhook-secret-close').click();
      await secretBox.waitFor({ state: 'hidden' });
      const row = page.getByTestId('webhooks-table').locator('tbody tr.ant-table-row', { hasText: hookUrl });
      await row.waitFor();
      expect(await row.innerText()).toContain('Enabled');
      await expect.poll(() => page.content()).not.toContain(secret);
      await shot(page, 'webhooks-list-en-desktop');

      // The endpoint's page: a test event, verified by the receiver with the secret shown once.
      await row.getByTestId('webhook-link').click();
      await page.getByTestId('webhook-endpoint').waitFor();
      const endpointPath = new URL(page.url()).pathname;
      await page.getByTestId('deliveries-table').getByText('No deliveries yet').waitFor();
      await page.getByTestId('webhook-send-test').click();
      await page.getByText('Test event delivered (HTTP 200).').waitFor();
      expect(receiver.received).toHaveLength(before + 1);
      const first = receiver.received[before]!;
      const verified = new Webhook(secret).verify(first.body, first.headers as Record<string, string>) as {
        type: string;
      };
      expect(verified.type).toBe('webhook.test');

      const delivery = page.getByTestId('deliveries-table').locator('tbody tr.ant-table-row').first();
      await delivery.getByText('Succeeded').waitFor();
      await expect.poll(() => delivery.getByTestId('delivery-attempts').innerText()).toBe('1');
      await delivery.locator('.ant-table-row-expand-icon').click();
      const attempts = page.getByTestId('webhook-attempts');
      await attempts.getByTestId('webhook-attempt').first().waitFor();
      expect(await attempts.getByTestId('webhook-attempt').count()).toBe(1);
      expect(await attempts.innerText()).toContain('webhook-signature');

      // Replay: the same webhook-id again, a second attempt in the log.
      await delivery.getByTestId('delivery-replay').click();
      await expect.poll(() => receiver.received.length).toBe(before + 2);
      expect(receiver.received[before + 1]!.headers['webhook-id']).toBe(first.headers['webhook-id']);
      await expect.poll(() => delivery.getByTestId('delivery-attempts').innerText(), { timeout: 10_000 }).toBe('2');
      await expect.poll(() => attempts.getByTestId('webhook-attempt').count(), { timeout: 10_000 }).toBe(2);
      await shot(page, 'webhooks-endpoint-expanded-en-desktop');

      // The filters live in the URL.
      await pickAntdOption(
        page,
        page.getByTestId('delivery-status'),
        page.locator('.ant-select-item-option', { hasText: 'Failed' }),
      );
      await page.waitForURL(/status=failed/);
      await page
        .getByTestId('deliveries-table')
        .getByText('Nothing matches these filters.')
        .or(page.getByTestId('deliveries-table').getByText('No deliveries yet'))
        .first()
        .waitFor();
      await page.goto(page.url().replace('status=failed', 'status=succeeded'));
      await page.getByTestId('deliveries-table').getByText('Succeeded').waitFor();

      // Settings → System: the processors (webhooks among them), no failures, no repairs.
      await page.goto(`${server.url}/settings/system`);
      await page.getByTestId('processors-table').getByText('webhooks', { exact: true }).waitFor();
      await page.getByTestId('repairs-none').waitFor();
      await shot(page, 'system-en-desktop');

      // Both languages at desktop and phone width.
      const screens: [string, string, string, Record<string, string>][] = [
        ['webhooks-list', '/settings/webhooks', 'webhooks-table', { en: 'Webhooks', 'zh-CN': 'Webhook' }],
        ['webhooks-endpoint', endpointPath, 'deliveries-table', { en: 'Webhook endpoint', 'zh-CN': 'Webhook 端点' }],
        ['system', '/settings/system', 'processors-table', { en: 'System', 'zh-CN': '系统' }],
      ];
      for (const language of ['en', 'zh-CN']) {
        await page.evaluate((lang) => localStorage.setItem('rateloop.lang', lang), language);
        for (const [width, height, device] of [
          [1440, 1000, 'desktop'],
          [390, 844, 'phone'],
        ] as const) {
          await page.setViewportSize({ width, height });
          for (const [name, route, testId, title] of screens) {
            await page.goto(`${server.url}${route}`);
            await page.getByTestId(testId).waitFor();
            await page.getByTestId(testId).locator('tbody tr.ant-table-row').first().waitFor();
            await page.locator('h3', { hasText: new RegExp(`^${title[language]}$`) }).waitFor();
            await shot(page, `${name}-${language}-${device}`);
          }
        }
      }
    } finally {
      await context.close();
    }
  });

  // The console's side of live updates (useLiveEvents), with the stream served by the browser test itself: an event
  // naming a work order makes the open work-order page refetch that work order's queries, without a reload.
  it('a live event refreshes the open work-order page', { timeout: 120_000 }, async () => {
    const context = await browser.newContext({ locale: 'en', viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    let stream = 'retry: 300\n: heartbeat\n\n';
    await context.route('**/api/v1/events', (route) =>
      route.fulfill({ status: 200, headers: { 'content-type': 'text/event-stream' }, body: stream }),
    );
    try {
      await firstAdminLogin(page, server.url, server.adminPassword, NEW_PASSWORD);
      const headers = await adminHeaders(server.url, NEW_PASSWORD);
      const st = await qrServiceType(server.url, headers, 'Live install');
      const wo = await callApi(server.url, headers, 'POST', '/work-orders', {
        subject: 'Live updates',
        serviceTypeId: st.id,
        customer: { name: 'Han Mei', phone: '13800002222', locale: 'en' },
      });
      await page.goto(`${server.url}/work-orders/${wo.id}`);
      await page.getByText('Live updates').first().waitFor();
      await expect.poll(() => page.getByTestId('live-status').getAttribute('data-status')).not.toBe('connecting');

      const refetched: string[] = [];
      page.on('request', (req) => {
        const path = new URL(req.url()).pathname;
        if (path.startsWith(`/api/v1/work-orders/${wo.id}`)) refetched.push(path);
      });
      // Heartbeats and reconnects alone refetch nothing.
      await page.waitForTimeout(2_000);
      expect(refetched).toEqual([]);
      stream = `id: 1-1\ndata: ${JSON.stringify({
        type: 'rating.submitted',
        workOrderId: wo.id,
        subjectType: 'rating',
        subjectId: wo.id,
        at: new Date().toISOString(),
      })}\n\n`;
      await expect
        .poll(() => refetched.includes(`/api/v1/work-orders/${wo.id}/ratings`), { timeout: 10_000 })
        .toBe(true);
      expect(refetched).toContain(`/api/v1/work-orders/${wo.id}`);
      expect(refetched).toContain(`/api/v1/work-orders/${wo.id}/invitations`);
    } finally {
      await context.close();
    }
  });

  // The real stream: a customer rates through the rating page; the open work-order page shows the rating without a
  // reload (event pump → live relay → GET /api/v1/events → useLiveEvents → refetch).
  it('a rating arrives on the open work-order page without a reload', { timeout: 120_000 }, async () => {
    const context = await browser.newContext({ locale: 'en', viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    try {
      await firstAdminLogin(page, server.url, server.adminPassword, NEW_PASSWORD);
      const headers = await adminHeaders(server.url, NEW_PASSWORD);
      const st = await qrServiceType(server.url, headers, 'Live rating');
      const wo = await callApi(server.url, headers, 'POST', '/work-orders', {
        subject: 'Rated live',
        serviceTypeId: st.id,
        customer: { name: 'Li Lei', phone: '13800003333', locale: 'en' },
      });
      for (const status of ['assigned', 'in_service', 'completed']) {
        await callApi(server.url, headers, 'PATCH', `/work-orders/${wo.id}`, { status });
      }
      const invitations = await callApi(server.url, headers, 'GET', `/work-orders/${wo.id}/invitations`);
      const ratingUrl: string = invitations.items[0].url;

      await page.goto(`${server.url}/work-orders/${wo.id}`);
      await page.getByText('Rated live').first().waitFor();
      await expect.poll(() => page.getByTestId('live-status').getAttribute('data-status')).toBe('open');
      expect(await page.getByTestId('rating').count()).toBe(0);

      const customer = await context.newPage();
      await customer.goto(ratingUrl);
      await customer.click('label[for="q-response_speed-4"]');
      await customer.click('label[for="q-technical_ability-3"]');
      await customer.click('label[for="q-attitude-4"]');
      await customer.click('label[for="q-problem_resolved-0"]');
      await customer.click('button[type=submit]');
      await customer.waitForURL('**/thanks**');
      await customer.close();

      await page.getByTestId('rating').first().waitFor({ timeout: 15_000 });
      await shot(page, 'work-order-live-rating-en-desktop');
    } finally {
      await context.close();
    }
  });
});
