import '../support/no-network.js';
import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstAdminLogin, firstLogin, hasBrowser, launchBrowser, watchPage } from '../support/browser.js';
import {
  adminHeaders,
  callApi,
  engineerWithLogin,
  qrServiceType,
  smsRuleServiceType,
} from '../support/console-data.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

const ADMIN_PASSWORD = 'tablet-owner-pass-42';
const ENGINEER_PASSWORD = 'site-tech-secret-7731';
const SHOTS = process.env.SCREENSHOT_DIR ?? 'test-results';

/**
 * Pad mode (issue 20): the engineer hands their phone to the customer from the work-order page. The console session
 * is suspended on the server, so the customer — with Back, or the console opened in a new tab of the same browser —
 * reaches nothing but the lock screen; after the rating the page asks to hand the device back, and only the
 * engineer's password brings the console back. The rating counts as `pad` ("On-site pad").
 */
describe.skipIf(!hasBrowser)('pad mode', () => {
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

  /** A QR work order of the engineer, completed by the admin: its QR invitation is open. */
  async function completedQrWorkOrder(
    headers: Record<string, string>,
    serviceTypeId: string,
    engineerId: string,
    locale: 'zh-CN' | 'en',
  ) {
    const wo = await callApi(server.url, headers, 'POST', '/work-orders', {
      subject: '空调不制冷',
      serviceTypeId,
      status: 'in_service',
      engineerIds: [engineerId],
      customer: { name: '李女士', phone: '13800001111', locale },
    });
    await callApi(server.url, headers, 'PATCH', `/work-orders/${wo.id}`, { status: 'completed' });
    return { id: String(wo.id), number: String(wo.number) };
  }

  async function rateOnPage(page: Page) {
    await page.click('label[for="q-response_speed-4"]');
    await page.click('label[for="q-technical_ability-4"]');
    await page.click('label[for="q-attitude-3"]');
    await page.click('label[for="q-problem_resolved-0"]');
    await page.click('button[type=submit]');
    await page.waitForURL('**/thanks**');
  }

  /** An API call with the browser's cookies (the customer page's CSP rightly lets no script fetch anything). */
  const apiStatus = async (page: Page, path: string) =>
    (await page.request.get(`${server.url}/api/v1${path}`, { headers: { accept: 'application/json' } })).status();

  it('engineer → customer rates → hand back → the console, also in a new tab, is locked until the password', {
    timeout: 300_000,
  }, async () => {
    const admin = await browser.newContext({ locale: 'zh-CN' });
    await firstAdminLogin(await admin.newPage(), server.url, server.adminPassword, ADMIN_PASSWORD);
    await admin.close();
    const headers = await adminHeaders(server.url, ADMIN_PASSWORD);
    const st = await qrServiceType(server.url, headers, '上门安装');
    const engineer = await engineerWithLogin(server.url, headers, 'wang.pad');
    const first = await completedQrWorkOrder(headers, st.id, engineer.id, 'zh-CN');
    const second = await completedQrWorkOrder(headers, st.id, engineer.id, 'en');
    fs.mkdirSync(SHOTS, { recursive: true });

    let context: BrowserContext | null = null;
    let page: Page | null = null;
    let state: () => Promise<string> = async () => '';
    let failShot: Page | null = null;
    try {
      // ---- On the engineer's phone, in Chinese.
      context = await browser.newContext({
        locale: 'zh-CN',
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
      });
      page = await context.newPage();
      state = watchPage(page);
      const watchedFirst = state;
      await firstLogin(page, server.url, 'wang.pad', engineer.initialPassword, ENGINEER_PASSWORD);
      await page.goto(`${server.url}/work-orders/${first.id}`);
      const padButton = page.getByTestId('qr-card').getByTestId('pad-mode');
      await padButton.waitFor({ timeout: 15_000 });
      expect(await padButton.textContent()).toContain('在此设备上评价');
      await padButton.click();
      const dialog = page.locator('.ant-modal-confirm');
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain('控制台随即锁定');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.screenshot({ path: `${SHOTS}/pad-confirm-zh-phone.png` });
      await dialog.getByRole('button', { name: '锁定并打开评价页面' }).click();

      // The customer's page, full screen on the engineer's phone.
      await page.waitForURL(/\/r\/[^/]+\?pad=/);
      await page.locator('form.rf').waitFor();
      expect(await page.locator('input[name="_pad"]').count()).toBe(1);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.screenshot({ path: `${SHOTS}/pad-customer-zh-phone.png` });
      // Meanwhile the console answers nothing: the session is suspended on the server.
      expect(await apiStatus(page, `/work-orders/${first.id}`)).toBe(423);
      await rateOnPage(page);
      expect(await page.locator('h1').textContent()).toBe('请将设备交还给工程师');
      await page.screenshot({ path: `${SHOTS}/pad-hand-back-zh-phone.png` });

      // Back: the console's page left behind is the lock screen, nothing of the work order.
      await page.goBack();
      await page.goBack();
      await page.getByTestId('lock-screen').waitFor();
      expect(new URL(page.url()).pathname).toBe('/unlock');

      // A new tab of the same browser: the console is locked there too, and its API answers 423.
      const tab = await context.newPage();
      const tabState = watchPage(tab);
      state = async () => `${await tabState()}\n--- first tab ---\n${await watchedFirst()}`;
      failShot = tab;
      await tab.goto(`${server.url}/work-orders/${first.id}`);
      await tab.waitForURL('**/unlock');
      await tab.getByTestId('lock-screen').waitFor();
      expect(await tab.textContent('body')).toContain('设备已锁定');
      expect(await tab.textContent('body')).not.toContain('空调不制冷');
      expect(await apiStatus(tab, '/work-orders')).toBe(423);
      expect(await apiStatus(tab, '/auth/session')).toBe(200);
      await tab.screenshot({ path: `${SHOTS}/pad-locked-zh-phone.png` });

      // A wrong password stays on the lock screen (and counts); the right one opens the work order again.
      await tab.getByTestId('unlock-password').fill('not-the-password');
      await tab.getByTestId('unlock-submit').click();
      await tab.locator('.ant-form-item-explain-error, .ant-message-error').first().waitFor();
      expect(new URL(tab.url()).pathname).toBe('/unlock');
      expect(await apiStatus(tab, '/work-orders')).toBe(423);
      await tab.getByTestId('unlock-password').fill(ENGINEER_PASSWORD);
      await tab.getByTestId('unlock-submit').click();
      await tab.waitForURL(`**/work-orders/${first.id}`);
      await tab.getByTestId('rating-origin').first().waitFor({ timeout: 15_000 });
      expect(await tab.getByTestId('rating-origin').first().textContent()).toBe('现场平板');
      expect(await apiStatus(tab, '/work-orders')).toBe(200);
      // The first tab works again too (the lock is the session's, on the server).
      await page.reload();
      await page.waitForURL('**/');
      expect(await apiStatus(page, `/work-orders/${first.id}`)).toBe(200);
      await tab.close();
      failShot = null;
      await context.close();

      // ---- The same at a desk in English, from the hand-back page's button.
      context = await browser.newContext({ locale: 'en', viewport: { width: 1280, height: 900 } });
      page = await context.newPage();
      state = watchPage(page);
      await page.goto(server.url);
      await page.waitForURL('**/login');
      await page.fill('[data-testid=login-username]', 'wang.pad');
      await page.fill('[data-testid=login-password]', ENGINEER_PASSWORD);
      await page.click('[data-testid=login-submit]');
      await page.getByTestId('home-card').waitFor();
      await page.goto(`${server.url}/work-orders/${second.id}`);
      await page.getByTestId('pad-mode').click();
      await page.locator('.ant-modal-confirm').waitFor();
      await page.screenshot({ path: `${SHOTS}/pad-confirm-en-desktop.png` });
      await page.getByRole('button', { name: 'Lock and open the rating page' }).click();
      await page.waitForURL(/\/r\/[^/]+\?pad=/);
      await page.locator('form.rf').waitFor();
      await page.screenshot({ path: `${SHOTS}/pad-customer-en-desktop.png` });
      await rateOnPage(page);
      expect(await page.locator('h1').textContent()).toBe('Please hand the device back to the engineer');
      await page.screenshot({ path: `${SHOTS}/pad-hand-back-en-desktop.png` });
      await page.getByRole('link', { name: 'Engineer: unlock' }).click();
      await page.getByTestId('lock-screen').waitFor();
      expect(await page.textContent('body')).toContain('This device is locked');
      await page.screenshot({ path: `${SHOTS}/pad-locked-en-desktop.png` });
      await page.getByTestId('unlock-password').fill(ENGINEER_PASSWORD);
      await page.getByTestId('unlock-submit').click();
      await page.waitForURL(`**/work-orders/${second.id}`);
      await page.getByTestId('rating-origin').first().waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('rating-origin').first().textContent()).toBe('On-site pad');

      // A work order whose invitation was texted to the customer (no QR card): its own engineer still gets
      // "Rate on this device".
      const sms = await smsRuleServiceType(server.url, headers, { name: '上门维修', code: `sms${Date.now()}` });
      const texted = await completedQrWorkOrder(headers, sms.id, engineer.id, 'en');
      await page.goto(`${server.url}/work-orders/${texted.id}`);
      await page.getByTestId('pad-card').waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('pad-card').textContent()).toContain('Rate on this device');
      await page.screenshot({ path: `${SHOTS}/pad-texted-en-desktop.png` });

      // Both ratings count as `pad`, like any other rating.
      for (const wo of [first, second]) {
        const ratings = await callApi(server.url, headers, 'GET', `/work-orders/${wo.id}/ratings`);
        expect(ratings.items.map((r: { origin: string }) => r.origin)).toEqual(['pad']);
      }
    } catch (error) {
      await (failShot ?? page)?.screenshot({ path: `${SHOTS}/pad-failure.png`, fullPage: true }).catch(() => {});
      throw new Error(
        `${(error as Error).message}\n--- page ---\n${await state().catch(() => '')}\n--- server ---\n${server
          .output()
          .slice(-3000)}`,
        { cause: error },
      );
    } finally {
      await context?.close().catch(() => {});
    }
  });
});
