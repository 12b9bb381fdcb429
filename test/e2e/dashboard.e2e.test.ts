import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstAdminLogin, hasBrowser, launchBrowser } from '../support/browser.js';
import { adminHeaders, callApi, qrServiceType, rateQrWorkOrder } from '../support/console-data.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

const NEW_PASSWORD = 'dashboard-owner-pass-42';
const SHOTS = 'test-results';

/** The answers of the default template: a satisfied customer and an unhappy one with a comment. */
const SATISFIED = {
  response_speed: 5,
  technical_ability: 4,
  attitude: 4,
  problem_resolved: true,
  would_recommend: 'yes',
};
const UNHAPPY = {
  response_speed: 1,
  technical_ability: 1,
  attitude: 2,
  problem_resolved: false,
  suggestions: '等了三个小时',
};

/** The page's text of a test id, trimmed (for polling). */
const textOf = async (page: Page, testId: string) =>
  (
    (await page
      .getByTestId(testId)
      .first()
      .textContent({ timeout: 5_000 })
      .catch(() => null)) ?? ''
  ).trim();

/** No horizontal scrolling of the page itself at this width (tables scroll inside their own box). */
const pageFits = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

const BROWSER_ZONE = 'Etc/GMT+12';

describe.skipIf(!hasBrowser)('the analytics dashboard', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeEach(async () => {
    // A loaded machine may take minutes to start the server.
    [server, browser] = await Promise.all([startServerProcess({ timeoutMs: 300_000 }), launchBrowser()]);
  }, 330_000);
  afterEach(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('counts a rating live, drills down from a trend point to the rating and its work order, in both languages and on a phone', {
    timeout: 400_000,
  }, async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    // The browser a full day behind the organisation (UTC−12 vs UTC+14, below): its own "today" is never the
    // organisation's, at any hour. The dashboard once linked its KPIs to the browser's day until the organisation's
    // zone had loaded (CI failed at 18:25 UTC, 02:25 the next day in Shanghai).
    const context = await browser.newContext({
      locale: 'zh-CN',
      timezoneId: BROWSER_ZONE,
      viewport: { width: 1440, height: 1000 },
    });
    // …and its answer comes late, as on a busy server: a page that used the browser's day meanwhile shows it.
    await context.route('**/api/v1/settings/organisation', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await route.continue();
    });
    const page = await context.newPage();
    try {
      await firstAdminLogin(page, server.url, server.adminPassword, NEW_PASSWORD);
      const headers = await adminHeaders(server.url, NEW_PASSWORD);
      await callApi(server.url, headers, 'PATCH', '/settings/organisation', { timeZone: 'Pacific/Kiritimati' });
      const st = await qrServiceType(server.url, headers, '上门维修 看板');

      /** A completed QR work order its customer rates through the public API, as a phone would. */
      const rate = (subject: string, answers: Record<string, unknown>) =>
        rateQrWorkOrder(server.url, headers, { subject, serviceTypeId: st.id }, answers);

      await rate('空调维修', SATISFIED);
      const unhappy = await rate('洗衣机维修', UNHAPPY);

      // The dashboard (the admin's home): today, by day. The processor may still be counting: reload until 2.
      const dashboard = `${server.url}/dashboard?period=today`;
      await expect
        .poll(
          async () => {
            await page.goto(dashboard);
            await page.getByTestId('kpi-count-value').waitFor({ timeout: 15_000 });
            return textOf(page, 'kpi-count-value');
          },
          { timeout: 60_000, interval: 2_000 },
        )
        .toBe('2');
      expect(await textOf(page, 'kpi-negativeCount-value')).toBe('1');
      expect(await page.getByTestId('as-of').textContent()).toMatch(/^数据截至 /);
      await page.getByTestId('comment').first().waitFor();
      expect(await page.getByTestId('comments-card').textContent()).toContain('等了三个小时');
      await page.screenshot({ path: `${SHOTS}/dashboard-zh-desktop.png`, fullPage: true });

      // Live: a rating submitted while the page is open shows up without a reload (SSE → analytics queries stale).
      const live = await rate('热水器维修', SATISFIED);
      await expect.poll(() => textOf(page, 'kpi-count-value'), { timeout: 30_000, interval: 500 }).toBe('3');
      expect(await textOf(page, 'kpi-negativeCount-value')).toBe('1');

      // Drill-down from the trend's point (its table view: the same links the chart's points open): the list's
      // total equals the point's count, which is the KPI's here (one day).
      await page.getByTestId('trend-chart-toggle').click();
      const bucket = page.getByTestId('trend-chart-table').getByTestId('trend-bucket-link').first();
      await bucket.click();
      await page.waitForURL(/\/ratings\?/);
      const url = new URL(page.url());
      expect(url.searchParams.get('from')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(url.searchParams.get('to')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      await expect.poll(() => textOf(page, 'ratings-count')).toBe('共 3 条评价');
      expect(await page.getByTestId('ratings-table').locator('tbody tr.ant-table-row').count()).toBe(3);
      await page.screenshot({ path: `${SHOTS}/ratings-zh-desktop.png`, fullPage: true });

      // The negatives KPI opens exactly its ratings.
      await page.goto(dashboard);
      await page.getByTestId('kpi-negativeCount').click();
      await page.waitForURL(/negative=true/);
      await expect.poll(() => textOf(page, 'ratings-count')).toBe('共 1 条评价');
      const row = page.getByTestId('ratings-table').locator('tbody tr.ant-table-row').first();
      expect(await row.textContent()).toContain(unhappy.number);

      // → the rating → its work order, at the rating.
      await row.getByTestId('rating-link').click();
      await page.waitForURL(`**/ratings/${unhappy.ratingId}`);
      await page.getByTestId('rating-detail').getByTestId('rating-answers').waitFor();
      expect(await page.getByTestId('rating-answers').textContent()).toContain('等了三个小时');
      expect(await page.getByTestId('rating-class').first().textContent()).toBe('差评');
      await page.screenshot({ path: `${SHOTS}/rating-detail-zh-desktop.png`, fullPage: true });
      await page.getByTestId('rating-detail-work-order').click();
      await page.waitForURL(`**/work-orders/${unhappy.workOrderId}#rating-${unhappy.ratingId}`);
      await page.getByTestId('ratings-panel').getByTestId('rating').first().waitFor();
      expect(live.workOrderId).not.toBe(unhappy.workOrderId);

      // English, desktop.
      await page.evaluate(() => localStorage.setItem('rateloop.lang', 'en'));
      await page.goto(dashboard);
      await page.getByTestId('kpi-count-value').waitFor();
      expect(await page.getByRole('heading', { level: 3 }).first().textContent()).toBe('Dashboard');
      expect(await page.getByTestId('kpi-count').textContent()).toContain('Ratings');
      expect(await textOf(page, 'kpi-count-value')).toBe('3');
      await page.getByTestId('trend-chart-canvas').waitFor();
      await page.screenshot({ path: `${SHOTS}/dashboard-en-desktop.png`, fullPage: true });

      // Phone width, both languages: cards stacked, charts and tables inside the screen.
      const phone = await browser.newContext({
        locale: 'zh-CN',
        timezoneId: BROWSER_ZONE,
        viewport: { width: 390, height: 844 },
      });
      await phone.addCookies(await context.cookies());
      const mobile = await phone.newPage();
      for (const language of ['zh-CN', 'en']) {
        await mobile.goto(server.url);
        await mobile.evaluate((lang) => localStorage.setItem('rateloop.lang', lang), language);
        await mobile.goto(dashboard);
        await mobile.getByTestId('kpi-count-value').waitFor();
        await mobile.getByTestId('trend-chart-canvas').waitFor();
        const first = await mobile.getByTestId('kpi-count').boundingBox();
        const second = await mobile.getByTestId('kpi-averageScore').boundingBox();
        expect(second!.y).toBeGreaterThan(first!.y + first!.height - 1); // stacked
        expect(await pageFits(mobile)).toBe(true);
        const chart = await mobile.getByTestId('trend-chart').boundingBox();
        expect(chart!.x + chart!.width).toBeLessThanOrEqual(390);
        await mobile.screenshot({ path: `${SHOTS}/dashboard-${language}-phone.png`, fullPage: true });
        await mobile.goto(`${server.url}/ratings?period=today`);
        await mobile.getByTestId('ratings-table').locator('tbody tr.ant-table-row').first().waitFor();
        expect(await pageFits(mobile)).toBe(true);
        await mobile.screenshot({ path: `${SHOTS}/ratings-${language}-phone.png`, fullPage: true });
      }
      await phone.close();
    } catch (error) {
      await page.screenshot({ path: `${SHOTS}/dashboard-failure.png`, fullPage: true }).catch(() => {});
      throw new Error(`${(error as Error).message}\n--- server output ---\n${server.output().slice(-4000)}`, {
        cause: error,
      });
    } finally {
      await context.close();
    }
  });
});
