import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstAdminLogin, hasBrowser, launchBrowser } from '../support/browser.js';
import { adminHeaders, callApi, engineerWithLogin, qrServiceType } from '../support/console-data.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

/**
 * The engineer's day on a phone (390 × 844): sign in (first-login password change), open My work orders, open the
 * assigned work order, start and complete it, show the QR code full screen for the customer. Screenshots go to
 * test-results/phone-*.png.
 */
const ADMIN_PASSWORD = 'phone-owner-pass-42';
const ENGINEER_PASSWORD = 'engineer-pass-4242';
const SUBJECT = '壁挂空调上门安装（手机）';

describe.skipIf(!hasBrowser)('the console on a phone', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeEach(async () => {
    [server, browser] = await Promise.all([startServerProcess({ timeoutMs: 180_000 }), launchBrowser()]);
  });

  afterEach(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an engineer completes a work order and shows the QR full screen, one-handed', { timeout: 240_000 }, async () => {
    const admin = await browser.newContext({ locale: 'zh-CN' });
    await firstAdminLogin(await admin.newPage(), server.url, server.adminPassword, ADMIN_PASSWORD);
    await admin.close();
    const headers = await adminHeaders(server.url, ADMIN_PASSWORD);
    const st = await qrServiceType(server.url, headers, '上门安装 手机');
    const engineer = await engineerWithLogin(server.url, headers, 'wang.phone');
    const wo = await callApi(server.url, headers, 'POST', '/work-orders', {
      subject: SUBJECT,
      serviceTypeId: st.id,
      status: 'assigned',
      engineerIds: [engineer.id],
      customer: { name: '李女士', phone: '13800001111', locale: 'zh-CN' },
      store: '上海徐汇店',
    });
    // Someone else's: not in the engineer's list.
    await callApi(server.url, headers, 'POST', '/work-orders', { subject: '别人的工单', serviceTypeId: st.id });

    const context = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    const shot = (name: string) => page.screenshot({ path: `test-results/phone-${name}.png` });
    fs.mkdirSync('test-results', { recursive: true });
    try {
      await page.goto(server.url);
      await page.waitForURL('**/login');
      await page.fill('[data-testid=login-username]', 'wang.phone');
      await page.fill('[data-testid=login-password]', engineer.initialPassword);
      await page.click('[data-testid=login-submit]');
      await page.waitForURL('**/change-password');
      // A wrong current password first: its error toast must go when the right one succeeds.
      await page.fill('[data-testid=current-password]', 'not-the-password');
      await page.fill('[data-testid=new-password]', ENGINEER_PASSWORD);
      await page.fill('[data-testid=confirm-password]', ENGINEER_PASSWORD);
      await page.click('[data-testid=change-password-submit]');
      await page.locator('.ant-message-error').waitFor();
      await page.fill('[data-testid=current-password]', engineer.initialPassword);
      await page.click('[data-testid=change-password-submit]');
      await page.locator('.ant-message-success').waitFor();
      // (it fades out: poll)
      await expect.poll(() => page.locator('.ant-message-error').count()).toBe(0);
      await page.getByTestId('home-card').waitFor();

      // The menu starts closed (the page has the whole width) and opens from the header's button.
      const sider = page.locator('.ant-layout-sider');
      expect((await sider.boundingBox())?.width ?? 0).toBe(0);
      await page.getByTestId('menu-toggle').click();
      await page.getByTestId('main-menu').getByText('我的工单').click();
      await page.waitForURL('**/my-work-orders');
      await expect.poll(async () => (await sider.boundingBox())?.width ?? 0).toBe(0);
      const card = page.getByTestId('my-work-orders-open').getByTestId('my-work-order');
      await card.first().waitFor();
      expect(await card.count()).toBe(1);
      expect(await card.textContent()).toContain(SUBJECT);
      // A tap target the width of the screen, no sideways scrolling.
      const box = await card.boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(300);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await shot('my-work-orders');

      await card.click();
      await page.waitForURL(`**/work-orders/${wo.id}`);
      const status = page.getByTestId('work-order-status');
      await expect.poll(() => status.textContent()).toBe('已分配');
      await shot('work-order');
      for (const [action, label] of [
        ['start', '服务中'],
        ['complete', '已完成'],
      ] as const) {
        const button = page.getByTestId(`action-${action}`);
        const size = await button.boundingBox();
        expect(size?.height ?? 0).toBeGreaterThanOrEqual(40);
        await button.click();
        await expect.poll(() => status.textContent(), { timeout: 15_000 }).toBe(label);
      }
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

      // Completing started the QR rating: the card comes first, and its code fills the screen on demand.
      const qr = page.getByTestId('qr-card');
      await qr.waitFor({ timeout: 15_000 });
      await shot('completed');
      await qr.getByTestId('qr-fullscreen').click();
      const big = page.getByTestId('qr-image-big');
      await big.waitFor();
      await expect
        .poll(() => big.evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth))
        .toBeGreaterThan(0);
      // The modal zooms in (an antd animation): its size is final only once the animation ends.
      await expect
        .poll(async () => (await big.boundingBox())?.width ?? 0, { timeout: 10_000 })
        .toBeGreaterThanOrEqual(330);
      await shot('qr-full-screen');

      // The work orders of others stay out of the engineer's list, and the list says so in English too.
      await page.keyboard.press('Escape');
      await page.evaluate(() => localStorage.setItem('rateloop.lang', 'en'));
      await page.goto(`${server.url}/my-work-orders`);
      await page.getByTestId('my-work-orders-done').getByTestId('my-work-order').waitFor();
      expect(await page.getByTestId('my-work-orders-open').getByText('Nothing here.').count()).toBe(1);
      await shot('my-work-orders-en');
    } catch (error) {
      await page.screenshot({ path: 'test-results/phone-failure.png', fullPage: true }).catch(() => {});
      throw new Error(`${(error as Error).message}\n--- server output ---\n${server.output().slice(-3000)}`, {
        cause: error,
      });
    } finally {
      await context.close();
    }
  });
});
