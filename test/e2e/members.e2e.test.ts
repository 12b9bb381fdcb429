import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstAdminLogin, firstLogin, hasBrowser, launchBrowser } from '../support/browser.js';
import { adminHeaders, callApi, engineerWithLogin, qrServiceType, rateQrWorkOrder } from '../support/console-data.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

const ADMIN_PASSWORD = 'members-owner-pass-42';
const ENGINEER_PASSWORD = 'members-engineer-pass-42';
const SHOTS = 'test-results';

const SATISFIED = { response_speed: 5, technical_ability: 5, attitude: 5, problem_resolved: true };
const UNHAPPY = { response_speed: 1, technical_ability: 2, attitude: 1, problem_resolved: false, suggestions: '迟到' };

const textOf = async (page: Page, testId: string) =>
  (
    (await page
      .getByTestId(testId)
      .first()
      .textContent({ timeout: 5_000 })
      .catch(() => null)) ?? ''
  ).trim();

describe.skipIf(!hasBrowser)("an engineer's report page", () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeEach(async () => {
    [server, browser] = await Promise.all([startServerProcess({ timeoutMs: 300_000 }), launchBrowser()]);
  }, 330_000);
  afterEach(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('goes from the engineer ranking to an engineer’s page to the ratings behind one number; the engineer sees only their own', {
    timeout: 400_000,
  }, async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    const context = await browser.newContext({ locale: 'en', viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    try {
      await firstAdminLogin(page, server.url, server.adminPassword, ADMIN_PASSWORD);
      const headers = await adminHeaders(server.url, ADMIN_PASSWORD);
      const st = await qrServiceType(server.url, headers, 'Repair members');
      const wang = await engineerWithLogin(server.url, headers, 'wang.report');
      const li = await callApi<{ employee: { id: string } }>(server.url, headers, 'POST', '/employees', {
        employeeNo: `L${Date.now()}`,
        name: '李师傅',
        roles: ['engineer'],
      });

      /** A QR work order of these engineers, completed and rated by its customer. */
      const rate = (engineerIds: string[], answers: Record<string, unknown>) =>
        rateQrWorkOrder(
          server.url,
          headers,
          { subject: 'Fridge repair', serviceTypeId: st.id, status: 'assigned', engineerIds },
          answers,
        );
      // Wang: 4 alone (one unhappy) + 2 shared with Li = 6 ratings (ranked); Li: the 2 shared (too few to rank).
      for (const answers of [SATISFIED, SATISFIED, SATISFIED, UNHAPPY]) await rate([wang.id], answers);
      for (const answers of [SATISFIED, SATISFIED]) await rate([wang.id, li.employee.id], answers);

      // The engineer ranking (the processor may still be counting: reload until Wang has his 6).
      await expect
        .poll(
          async () => {
            await page.goto(`${server.url}/analytics/rankings?period=today`);
            await page.getByTestId('rankings-table').waitFor({ timeout: 15_000 });
            return page.getByTestId('rankings-table').locator('tbody tr.ant-table-row').first().textContent();
          },
          { timeout: 60_000, interval: 2_000 },
        )
        .toContain('6');
      const wangRow = page.getByTestId('rankings-table').locator('tbody tr.ant-table-row').first();
      expect(await wangRow.getByTestId('ranking-rank').textContent()).toBe('#1');
      expect(await wangRow.getByTestId('ranking-shared').textContent()).toBe('2 shared');
      await page.screenshot({ path: `${SHOTS}/rankings-en-desktop.png`, fullPage: true });

      // → Wang's page: his standing, figures, profile against everyone and the shared ratings.
      await wangRow.getByTestId('ranking-name').click();
      await page.waitForURL(`**/analytics/engineers/${wang.id}?*`);
      await expect.poll(() => textOf(page, 'member-name')).toBe('王师傅');
      // The ranking's preset travels by name: the page's period bar shows it picked, not "Custom" with its days.
      expect(new URL(page.url()).searchParams.get('period')).toBe('today');
      expect(await page.getByTestId('period-presets').locator('.ant-segmented-item-selected').textContent()).toBe(
        'Today',
      );
      expect(await textOf(page, 'member-rank')).toBe('#1 of 1');
      expect(await textOf(page, 'kpi-count-value')).toBe('6');
      expect(await textOf(page, 'kpi-negativeCount-value')).toBe('1');
      expect(await textOf(page, 'member-shared')).toContain('2 of the 6 ratings were shared');
      await page.getByTestId('member-radar-chart-canvas').waitFor();
      await expect.poll(() => textOf(page, 'member-ratings-total')).toBe('6 in total');
      await page.screenshot({ path: `${SHOTS}/member-en-desktop.png`, fullPage: true });

      // → the ratings behind one number: the negatives KPI opens exactly its rating in the ratings list.
      await page.getByTestId('kpi-negativeCount').click();
      await page.waitForURL(/\/ratings\?/);
      const url = new URL(page.url());
      expect(url.searchParams.get('engineerId')).toBe(wang.id);
      expect(url.searchParams.get('negative')).toBe('true');
      await expect.poll(() => textOf(page, 'ratings-count')).toMatch(/^1 ratings?$/);
      expect(await page.getByTestId('ratings-table').textContent()).toContain('迟到');

      // The engineer, in Chinese on a phone: "My report" is their own page; a colleague's page is not theirs.
      const phone = await browser.newContext({
        locale: 'zh-CN',
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
      });
      const own = await phone.newPage();
      await firstLogin(own, server.url, 'wang.report', wang.initialPassword, ENGINEER_PASSWORD);
      await own.getByTestId('menu-toggle').click();
      await own.getByTestId('main-menu').getByText('我的报告').click();
      await own.waitForURL('**/my-report');
      await expect.poll(() => textOf(own, 'member-name')).toBe('我的报告');
      expect(await textOf(own, 'kpi-count-value')).toBe('6');
      await expect.poll(() => textOf(own, 'member-ratings-total')).toBe('共 6 条');
      // Their own control chart (drift watch) answers: no error state in its card.
      // (Today's ratings are in no complete week yet: the card says there is nothing to chart, not an error.)
      await own.getByTestId('member-drift').locator('.ant-empty').waitFor();
      expect(await own.getByTestId('member-drift').getByTestId('retry').count()).toBe(0);
      // The negatives KPI narrows the page's own list (the ratings list is not theirs to open).
      await own.getByTestId('kpi-negativeCount').click();
      await expect.poll(() => textOf(own, 'member-ratings-total')).toBe('共 1 条');
      expect(await own.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await own.screenshot({ path: `${SHOTS}/phone-my-report.png`, fullPage: true });
      // A colleague's page is not in their console (sent home) …
      await own.goto(`${server.url}/analytics/engineers/${li.employee.id}`);
      await own.getByTestId('home-card').waitFor();
      // … nor in the API.
      const api = await own.evaluate(async (id) => {
        const res = await fetch(`/api/v1/analytics/members/engineer/${id}?from=2020-01-01&to=2030-01-01`);
        return res.status;
      }, li.employee.id);
      expect(api).toBe(404);
      await phone.close();
    } finally {
      await context.close();
    }
  });
});
