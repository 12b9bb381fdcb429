import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstAdminLogin, hasBrowser, launchBrowser } from '../support/browser.js';
import { adminHeaders, callApi, qrServiceType, rateQrWorkOrder } from '../support/console-data.js';
import { apiLogin } from '../support/http-session.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

const NEW_PASSWORD = 'exports-owner-pass-42';
const SUPERVISOR_PASSWORD = 'Blue-harbour-kettle-2026';
/** Screenshots of the export modal and My exports, desktop and phone, both languages (looked at by hand). */
const SHOTS = process.env.RATELOOP_SHOTS ?? '/tmp/shots-console';

/** The default template's answers; `would_recommend` is a single choice: the list shows its label, not `yes`. */
const SATISFIED = {
  response_speed: 5,
  technical_ability: 4,
  attitude: 4,
  problem_resolved: true,
  would_recommend: 'yes',
};
const UNHAPPY = {
  response_speed: 1,
  technical_ability: 2,
  attitude: 1,
  problem_resolved: false,
  would_recommend: 'not_sure',
};

/** No horizontal scrolling of the page itself at this width (tables scroll inside their own box). */
const pageFits = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

const rows = (page: Page, testId: string) => page.getByTestId(testId).locator('tbody tr.ant-table-row');

/** Logs in through the form (a password already chosen) and waits for the home page. */
async function login(page: Page, url: string, username: string, password: string) {
  await page.goto(url);
  await page.waitForURL('**/login');
  await page.fill('[data-testid=login-username]', username);
  await page.fill('[data-testid=login-password]', password);
  await page.click('[data-testid=login-submit]');
  await page.getByTestId('home-card').waitFor();
}

/** Opens an entry of the side menu's Analytics group (opening the group first when it is closed). */
async function openAnalyticsEntry(page: Page, group: string, entry: string) {
  const item = page.getByRole('menuitem', { name: entry });
  if (!(await item.isVisible())) await page.getByRole('menuitem', { name: group }).click();
  await item.click();
}

describe.skipIf(!hasBrowser)('exports in the console', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeEach(async () => {
    [server, browser] = await Promise.all([startServerProcess({ timeoutMs: 300_000 }), launchBrowser()]);
  }, 330_000);
  afterEach(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('exports the ratings list as CSV from the browser (progress, link, BOM, rows), lists it under My exports; a supervisor’s dashboard counts their team only', {
    timeout: 240_000,
  }, async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    const contexts: BrowserContext[] = [];
    const context = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 1440, height: 1000 },
      acceptDownloads: true,
    });
    contexts.push(context);
    const page = await context.newPage();
    try {
      await firstAdminLogin(page, server.url, server.adminPassword, NEW_PASSWORD);
      const headers = await adminHeaders(server.url, NEW_PASSWORD);
      const st = await qrServiceType(server.url, headers, '上门维修 导出');
      const team = await callApi(server.url, headers, 'POST', '/departments', { name: '售后一组', kind: 'team' });
      const other = await callApi(server.url, headers, 'POST', '/departments', { name: '售后二组', kind: 'team' });

      /** A completed QR work order of a department, rated through the public API as a phone would. */
      const rate = (subject: string, departmentId: string, answers: Record<string, unknown>) =>
        rateQrWorkOrder(server.url, headers, { subject, serviceTypeId: st.id, departmentId }, answers);
      await rate('空调维修', team.id, SATISFIED);
      await rate('洗衣机维修', team.id, UNHAPPY);
      await rate('热水器维修', other.id, SATISFIED);

      // The ratings list (today): the processor may still be counting, so reload until all three are there.
      const list = `${server.url}/ratings?period=today`;
      await expect
        .poll(
          async () => {
            await page.goto(list);
            await rows(page, 'ratings-table').first().waitFor({ timeout: 15_000 });
            return page.getByTestId('ratings-count').textContent();
          },
          { timeout: 60_000, interval: 1_000 },
        )
        .toBe('共 3 条评价');
      // A single choice shows its option's label in the console's language, never the option's key.
      const table = (await page.getByTestId('ratings-table').textContent()) ?? '';
      expect(table).toContain('愿意');
      expect(table).toContain('不确定');
      expect(table).not.toMatch(/not_sure/);
      // …and so does a rating's own page (the work-order page's answers, in the words the customer answered in).
      await rows(page, 'ratings-table').first().getByTestId('rating-link').click();
      await page.getByTestId('rating-detail').getByTestId('rating-answers').waitFor();
      expect(await page.getByTestId('rating-answers').textContent()).toMatch(/是否愿意推荐我们(愿意|不确定)/);
      await page.goto(list);
      await rows(page, 'ratings-table').first().waitFor();
      await page.screenshot({ path: `${SHOTS}/ratings-zh-desktop.png`, fullPage: true });

      // Export → CSV: the modal shows the progress, then the download link.
      await page.getByTestId('export-ratings').click();
      await page.getByRole('menuitem', { name: 'CSV' }).click();
      const modal = page.getByTestId('export-progress');
      await modal.waitFor();
      await modal.getByRole('progressbar').waitFor();
      const link = page.getByTestId('export-download');
      await link.waitFor({ timeout: 30_000 });
      expect(await modal.textContent()).toContain('已完成：共 3 行。');
      await page.screenshot({ path: `${SHOTS}/export-modal-zh-desktop.png` });
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      const fileName = download.suggestedFilename();
      expect(fileName).toMatch(/\.csv$/);
      const bytes = fs.readFileSync((await download.path())!);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the UTF-8 BOM Excel needs
      const lines = bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
      expect(lines).toHaveLength(1 + 3); // the header, then one row per rating
      expect(lines[0]).toMatch(/^提交时间,工单号,/);
      expect(lines.slice(1).some((line) => line.includes('不确定'))).toBe(true); // the option's label here too
      await page.keyboard.press('Escape');
      await modal.waitFor({ state: 'hidden' });

      // Analytics → My exports lists it, with the same file's link.
      await openAnalyticsEntry(page, '数据分析', '我的导出');
      await page.waitForURL('**/analytics/exports');
      await rows(page, 'exports-table').first().waitFor();
      expect(await rows(page, 'exports-table').count()).toBe(1);
      const listed = rows(page, 'exports-table').first();
      expect(await listed.textContent()).toContain('评价明细');
      expect(await listed.textContent()).toContain(fileName);
      await page.screenshot({ path: `${SHOTS}/my-exports-zh-desktop.png`, fullPage: true });

      // The same screens in English, and on a phone in both languages.
      for (const [language, width, height] of [
        ['en', 1440, 1000],
        ['zh-CN', 390, 844],
        ['en', 390, 844],
      ] as const) {
        const phone = width < 500;
        const ctx = await browser.newContext({ locale: language, viewport: { width, height } });
        contexts.push(ctx);
        await ctx.addCookies(await context.cookies());
        const p = await ctx.newPage();
        await p.goto(server.url);
        await p.evaluate((lang) => localStorage.setItem('rateloop.lang', lang), language);
        const tag = `${language}-${phone ? 'phone' : 'desktop'}`;
        await p.goto(`${server.url}/analytics/exports`);
        await rows(p, 'exports-table').first().waitFor();
        expect(await pageFits(p)).toBe(true);
        // The download link is on the screen, not behind the table's horizontal scroll.
        const linkBox = await rows(p, 'exports-table')
          .first()
          .locator('[data-testid^=exports-download-]')
          .boundingBox();
        expect(linkBox!.x + linkBox!.width).toBeLessThanOrEqual(width);
        await p.screenshot({ path: `${SHOTS}/my-exports-${tag}.png`, fullPage: true });
        await p.goto(list);
        await rows(p, 'ratings-table').first().waitFor();
        await p.getByTestId('export-ratings').click();
        await p.getByRole('menuitem', { name: 'Excel' }).click();
        await p.getByTestId('export-download').waitFor({ timeout: 30_000 });
        await p.screenshot({ path: `${SHOTS}/export-modal-${tag}.png` });
        const box = await p.getByTestId('export-download').boundingBox();
        expect(box!.x + box!.width).toBeLessThanOrEqual(width);
      }

      // A supervisor of the first team: their home dashboard counts that team's ratings only — the API's figure
      // for their scope (no department filter = their subtree), not the organisation's three.
      const created = await callApi(server.url, headers, 'POST', '/employees', {
        employeeNo: `S${Date.now()}`,
        name: '组长',
        roles: ['supervisor'],
        departmentId: team.id,
        login: { username: 'zuzhang' },
      });
      // The one-time password is changed at the first login (here through the API; the browser then logs in).
      const first = await apiLogin(server.url, 'zuzhang', created.initialPassword);
      await callApi(server.url, first.headers, 'POST', '/auth/password', {
        currentPassword: created.initialPassword,
        newPassword: SUPERVISOR_PASSWORD,
      });
      const supervisor = await apiLogin(server.url, 'zuzhang', SUPERVISOR_PASSWORD);
      const figure = await callApi(server.url, supervisor.headers, 'GET', '/analytics/summary');
      expect(figure.count).toBe(2);
      const lead = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 1000 } });
      contexts.push(lead);
      const leadPage = await lead.newPage();
      await login(leadPage, server.url, 'zuzhang', SUPERVISOR_PASSWORD);
      // Their home is the dashboard (default period, no department chosen): the same figure as the API's.
      await leadPage.getByTestId('kpi-count-value').waitFor();
      await leadPage.screenshot({ path: `${SHOTS}/dashboard-supervisor-zh-desktop.png`, fullPage: true });
      await expect
        .poll(async () => (await leadPage.getByTestId('kpi-count-value').textContent())?.trim(), { timeout: 15_000 })
        .toBe(String(figure.count));
    } catch (error) {
      await page.screenshot({ path: `${SHOTS}/exports-failure.png`, fullPage: true }).catch(() => {});
      throw new Error(`${(error as Error).message}\n--- server output ---\n${server.output().slice(-4000)}`, {
        cause: error,
      });
    } finally {
      for (const ctx of contexts) await ctx.close();
    }
  });
});
