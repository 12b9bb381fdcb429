import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstAdminLogin, hasBrowser, launchBrowser } from '../support/browser.js';
import { adminHeaders, qrServiceType, rateQrWorkOrder } from '../support/console-data.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

const NEW_PASSWORD = 'stores-owner-pass-42';
const SHOTS = 'test-results';
const ANSWERS = (stars: number) => ({
  response_speed: stars,
  technical_ability: stars,
  attitude: stars,
  problem_resolved: stars >= 3,
});
const pageFits = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

describe.skipIf(!hasBrowser)('stores and touchpoints (console)', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeEach(async () => {
    [server, browser] = await Promise.all([startServerProcess({ timeoutMs: 300_000 }), launchBrowser()]);
  }, 330_000);
  afterEach(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('configures a touchpoint, ranks the store, opens its page, in both languages and on a phone', {
    timeout: 400_000,
  }, async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    const context = await browser.newContext({ locale: 'en', viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    let mobile: Page | undefined;
    try {
      await firstAdminLogin(page, server.url, server.adminPassword, NEW_PASSWORD);
      await page.evaluate(() => localStorage.setItem('rateloop.lang', 'en'));
      const headers = await adminHeaders(server.url, NEW_PASSWORD);

      // Settings → Touchpoints: the form refuses a weight of 0, then saves.
      await page.goto(`${server.url}/settings/touchpoints`);
      expect(await page.getByTestId('touchpoints-intro').textContent()).toContain('weight 1');
      await page.getByTestId('add-touchpoint').click();
      await page.getByTestId('touchpoint-key').fill('delivery');
      await page.getByTestId('touchpoint-name-en').fill('Delivery');
      await page.getByTestId('touchpoint-name-zh').fill('配送');
      await page.getByTestId('touchpoint-weight').fill('0');
      await page.getByTestId('touchpoint-save').click();
      await page.getByText('Enter a weight greater than 0').waitFor();
      await page.getByTestId('touchpoint-weight').fill('3');
      await page.getByTestId('touchpoint-save').click();
      await page.getByTestId('touchpoints-table').getByText('配送').waitFor();
      await page.screenshot({ path: `${SHOTS}/touchpoints-en-desktop.png`, fullPage: true });

      const st = await qrServiceType(server.url, headers, '店铺服务');
      const rate = (store: string, touchpoint: string, stars: number) =>
        rateQrWorkOrder(
          server.url,
          headers,
          { subject: `${store} ${touchpoint}`, serviceTypeId: st.id, store, touchpoint },
          ANSWERS(stars),
        );
      for (const stars of [5, 5, 4, 5]) await rate('旗舰店', 'delivery', stars);
      await rate('旗舰店', 'returns', 2);
      await rate('小店', 'delivery', 3);

      // Analytics → Stores: the processor may still be counting; reload until both stores are listed.
      const ranking = `${server.url}/analytics/stores?period=today`;
      await expect
        .poll(
          async () => {
            await page.goto(ranking);
            await page.getByTestId('stores-table').waitFor({ timeout: 15_000 });
            return page.getByTestId('store-name').count();
          },
          { timeout: 60_000, interval: 2_000 },
        )
        .toBe(2);
      expect(await page.getByTestId('store-rank').first().textContent()).toBe('#1');
      expect(await page.getByTestId('store-name').first().textContent()).toBe('旗舰店');
      expect(await page.getByTestId('store-insufficient').count()).toBe(1);
      await page.getByTestId('store-contributions').first().waitFor();
      await page.screenshot({ path: `${SHOTS}/stores-en-desktop.png`, fullPage: true });

      // The store page: score card, touchpoints (returns is not configured: weight 1), trend, link to its ratings.
      await page.getByTestId('store-name').first().click();
      await page.waitForURL(/\/analytics\/stores\/%E6%97%97%E8%88%B0%E5%BA%97\?period=today/);
      await page.getByTestId('store-score-card').waitFor();
      expect(await page.getByTestId('store-title').textContent()).toBe('旗舰店');
      expect(await page.getByTestId('store-rank').textContent()).toBe('Rank #1');
      const touchpoints = await page.getByTestId('store-touchpoints-table').textContent();
      expect(touchpoints).toContain('Delivery');
      expect(touchpoints).toContain('Not configured: weight 1');
      await page.getByTestId('store-trend-chart-canvas').waitFor();
      await page.screenshot({ path: `${SHOTS}/store-en-desktop.png`, fullPage: true });
      await page.getByTestId('store-ratings-link').click();
      await page.waitForURL(/\/ratings\?.*store=/);
      await expect.poll(() => page.getByTestId('ratings-count').textContent()).toContain('5');

      // Phone width, both languages: usable without horizontal scrolling of the page.
      const phone = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 } });
      await phone.addCookies(await context.cookies());
      mobile = await phone.newPage();
      for (const language of ['zh-CN', 'en']) {
        await mobile.goto(server.url);
        await mobile.evaluate((lang) => localStorage.setItem('rateloop.lang', lang), language);
        await mobile.goto(ranking);
        await mobile.getByTestId('store-name').first().waitFor();
        expect(await pageFits(mobile)).toBe(true);
        if (language === 'zh-CN')
          expect(await mobile.getByRole('heading', { level: 3 }).first().textContent()).toBe('店铺评分');
        await mobile.screenshot({ path: `${SHOTS}/stores-${language}-phone.png`, fullPage: true });
        await mobile.getByTestId('store-name').first().click();
        await mobile.getByTestId('store-score-card').waitFor();
        await mobile.getByTestId('store-trend-chart-canvas').waitFor();
        expect(await pageFits(mobile)).toBe(true);
        await mobile.screenshot({ path: `${SHOTS}/store-${language}-phone.png`, fullPage: true });
        await mobile.goto(`${server.url}/settings/touchpoints`);
        await mobile.getByTestId('touchpoints-table').getByText('delivery').waitFor();
        expect(await pageFits(mobile)).toBe(true);
      }
      await phone.close();
    } catch (error) {
      await page.screenshot({ path: `${SHOTS}/stores-failure.png`, fullPage: true }).catch(() => {});
      await mobile?.screenshot({ path: `${SHOTS}/stores-failure-phone.png`, fullPage: true }).catch(() => {});
      throw new Error(`${(error as Error).message}\n--- server output ---\n${server.output().slice(-4000)}`, {
        cause: error,
      });
    } finally {
      await context.close();
    }
  });
});
