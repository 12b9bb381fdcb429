import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstAdminLogin, hasBrowser, launchBrowser, pickAntdOption } from '../support/browser.js';
import { adminHeaders, callApi, qrServiceType } from '../support/console-data.js';
import { apiLogin } from '../support/http-session.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

const NEW_PASSWORD = 'cases-owner-pass-42';
const SUPERVISOR_PASSWORD = 'cases-supervisor-pass-42';
const SHOTS = 'test-results';
const UNHAPPY = {
  response_speed: 1,
  technical_ability: 1,
  attitude: 2,
  problem_resolved: false,
  suggestions: '师傅迟到两个小时，还没修好',
};
const HAPPY = { response_speed: 5, technical_ability: 5, attitude: 5, problem_resolved: true };

/**
 * What sticks out of the screen (nothing, when the page itself does not scroll sideways; tables scroll inside their
 * own box): the outermost elements reaching past the right edge, named by tag, class and test id.
 */
const overflowing = (page: Page) =>
  page.evaluate(() => {
    if (document.documentElement.scrollWidth <= window.innerWidth + 1) return [];
    const wide = [...document.querySelectorAll('body *')].filter(
      (el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest('.ant-table-content'),
    );
    return wide
      .filter((el) => !wide.includes(el.parentElement as Element))
      .slice(0, 5)
      .map(
        (el) =>
          `${el.tagName}.${el.className} ${el.getAttribute('data-testid') ?? ''} ${Math.round(el.getBoundingClientRect().right)}`,
      );
  });
const textOf = async (page: Page, testId: string) =>
  (
    (await page
      .getByTestId(testId)
      .first()
      .textContent({ timeout: 5_000 })
      .catch(() => null)) ?? ''
  ).trim();

async function login(page: Page, url: string, username: string, password: string) {
  await page.goto(url);
  await page.waitForURL('**/login');
  await page.fill('[data-testid=login-username]', username);
  await page.fill('[data-testid=login-password]', password);
  await page.click('[data-testid=login-submit]');
  await page.getByTestId('home-card').waitFor();
}

describe.skipIf(!hasBrowser)('remediation cases in the console', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeEach(async () => {
    [server, browser] = await Promise.all([startServerProcess({ timeoutMs: 300_000 }), launchBrowser()]);
  }, 330_000);
  afterEach(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a supervisor filters the list, opens the case, notes, contacts, resolves and closes it with a root cause', {
    timeout: 400_000,
  }, async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    // CI retries a failed test on the same server: every name this attempt makes is its own.
    const run = Date.now().toString(36);
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1360, height: 1000 } });
    const admin = await context.newPage();
    const contexts = [context];
    let page = admin;
    try {
      await firstAdminLogin(admin, server.url, server.adminPassword, NEW_PASSWORD);
      const headers = await adminHeaders(server.url, NEW_PASSWORD);

      // A region whose manager is the supervisor, a work order there, and its customer's negative rating.
      const username = `zhuguan${run}`;
      const created = await callApi(server.url, headers, 'POST', '/employees', {
        employeeNo: `S${run}`,
        name: `王主管${run}`,
        roles: ['supervisor'],
        login: { username },
      });
      const region = await callApi(server.url, headers, 'POST', '/departments', {
        name: `华东大区 ${run}`,
        code: `EC${run}`,
        kind: 'region',
        managerId: created.employee.id,
      });
      await callApi(server.url, headers, 'PATCH', `/employees/${created.employee.id}`, { departmentId: region.id });
      const st = await qrServiceType(server.url, headers, `上门维修 ${run}`);
      const wo = await callApi(server.url, headers, 'POST', '/work-orders', {
        subject: '空调不制冷',
        serviceTypeId: st.id,
        departmentId: region.id,
        customer: { name: '李女士', phone: '13800001111', locale: 'zh-CN' },
      });
      for (const status of ['assigned', 'in_service', 'completed']) {
        await callApi(server.url, headers, 'PATCH', `/work-orders/${wo.id}`, { status });
      }
      // The supervisor is at the console before the customer rates: the alert must reach them live.
      // First password change through the API, then the console.
      const first = await apiLogin(server.url, username, created.initialPassword);
      await callApi(server.url, first.headers, 'POST', '/auth/password', {
        currentPassword: created.initialPassword,
        newPassword: SUPERVISOR_PASSWORD,
      });
      const lead = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1360, height: 1000 } });
      contexts.push(lead);
      page = await lead.newPage();
      await login(page, server.url, username, SUPERVISOR_PASSWORD);

      const invitations = await callApi(server.url, headers, 'GET', `/work-orders/${wo.id}/invitations`);
      const token = String(invitations.items[0].url).split('/r/')[1];
      const submitted = await fetch(`${server.url}/api/v1/public/invitations/${token}/ratings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ answers: UNHAPPY }),
      });
      expect(submitted.status).toBe(201);
      const ratingId = String((await submitted.json()).id);
      // The alerts processor opens the case for the region's manager; open it by hand if it has not yet.
      const caseOf = async () =>
        (await callApi(server.url, headers, 'GET', `/cases?departmentId=${region.id}`)).items[0] as
          | { id: string; number: number; ownerId: string }
          | undefined;
      let c = await caseOf();
      for (let i = 0; !c && i < 20; i++) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        c = await caseOf();
      }
      if (!c) {
        const res = await fetch(`${server.url}/api/v1/cases`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ ratingId, summary: '客户投诉迟到' }),
        });
        expect([201, 409]).toContain(res.status);
        c = await caseOf();
      }
      expect(c?.ownerId).toBe(created.employee.id);
      const name = `C-${c!.number}`;

      // The alert arrives without a reload: the bell's badge counts it, the inbox names the case, a click opens it.
      const bell = page.getByTestId('notification-bell');
      await expect
        .poll(async () => (await page.locator('.ant-badge').filter({ has: bell }).textContent())?.trim(), {
          timeout: 60_000,
        })
        .toBe('1');
      await page.screenshot({ path: `${SHOTS}/alert-badge-zh-desktop.png` });
      await bell.click();
      const item = page.getByTestId('notification-item').first();
      await item.waitFor();
      expect(await item.textContent()).toContain(name);
      // The drawer has finished sliding in.
      await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
      await page.screenshot({ path: `${SHOTS}/alert-inbox-zh-desktop.png` });
      await item.click();
      await page.waitForURL(`**/cases/${c!.id}`);
      await expect
        .poll(async () => (await page.locator('.ant-badge').filter({ has: bell }).textContent())?.trim())
        .toBe('');

      // The list from the menu, filtered by status (open) and owner (mine): URL-synced.
      await page.getByTestId('main-menu').getByRole('menuitem', { name: '整改单' }).click();
      await page.waitForURL('**/cases');
      await page.getByTestId('cases-overview-open').waitFor();
      await pickAntdOption(
        page,
        page.getByTestId('case-filter-status'),
        page.locator('.ant-select-dropdown:visible').getByTitle('待处理'),
      );
      await page.waitForURL(/status=open/);
      await page.keyboard.press('Escape');
      await pickAntdOption(
        page,
        page.getByTestId('case-filter-owner'),
        page.locator('.ant-select-dropdown:visible').getByTitle('我负责的'),
      );
      await page.waitForURL(/ownerId=me/);
      const row = page.getByTestId('cases-table').locator('tbody tr.ant-table-row', { hasText: name });
      await row.waitFor();
      expect(await row.getByTestId('case-status').textContent()).toBe('待处理');
      expect(await row.textContent()).toContain(wo.number);
      expect(await row.getByTestId('sla-countdown').textContent()).toMatch(/^首次联系：(剩余|已超时)/);
      expect(await textOf(page, 'cases-overview-open')).toContain('1');
      await page.screenshot({ path: `${SHOTS}/cases-list-zh-desktop.png`, fullPage: true });
      // A reload keeps the filters.
      await page.reload();
      await row.waitFor();

      // The case: header, countdown, the rating with its comment, the customer's phone.
      await row.getByTestId('case-link').click();
      await page.waitForURL(`**/cases/${c!.id}`);
      expect(await textOf(page, 'case-title')).toBe(name);
      expect(await textOf(page, 'case-owner')).toBe(`王主管${run}`);
      await page.getByTestId('case-rating').getByTestId('rating-comment').waitFor();
      expect(await textOf(page, 'rating-comment')).toContain('师傅迟到两个小时');
      expect(await page.getByTestId('case-call').getAttribute('href')).toBe('tel:13800001111');

      // A note.
      await page.getByTestId('case-note').fill('已致电客户，约明天上午复修');
      await page.getByTestId('case-note-add').click();
      await page.getByTestId('case-timeline').getByText('已致电客户，约明天上午复修').waitFor();

      // Contacted: the first-contact target is met, the resolution countdown runs.
      await page.getByTestId('case-move-contacted').click();
      await expect.poll(() => textOf(page, 'case-status')).toBe('已联系');
      await expect.poll(() => textOf(page, 'sla-countdown')).toMatch(/^解决：/);
      await page.getByTestId('case-move-resolved').click();
      await expect.poll(() => textOf(page, 'case-status')).toBe('已解决');
      await page.screenshot({ path: `${SHOTS}/case-zh-desktop.png`, fullPage: true });

      // Recovery: the customer is re-invited; their answer reaches the open case page live (case.rerated).
      expect(await textOf(page, 'case-score-before')).toMatch(/★/);
      await page.getByTestId('case-reinvite').click();
      await page.getByTestId('case-reinvite-send').click();
      await page.getByTestId('case-recovery').getByText('等待客户复评').waitFor();
      const again = await callApi(server.url, headers, 'GET', `/work-orders/${wo.id}/invitations`);
      const recovery = again.items.find((i: { source: string }) => i.source === 'recovery');
      expect(recovery).toBeTruthy();
      const rerated = await fetch(
        `${server.url}/api/v1/public/invitations/${String(recovery.url).split('/r/')[1]}/ratings`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ answers: HAPPY }),
        },
      );
      expect(rerated.status).toBe(201);
      await expect.poll(() => textOf(page, 'case-score-after')).toMatch(/★/);
      await page.getByTestId('case-recovery').getByText('已挽回').waitFor();
      await page.screenshot({ path: `${SHOTS}/case-recovered-zh-desktop.png`, fullPage: true });

      // Closing without a root cause is refused, with the reason; then closed with one.
      await page.getByTestId('case-move-closed').click();
      await page.getByTestId('case-corrective-action').fill('更换压缩机，并对工程师进行准时上门培训');
      await page.getByTestId('case-close-submit').click();
      await page.getByText('关闭整改单必须选择根本原因。').waitFor();
      await page.screenshot({ path: `${SHOTS}/case-close-refused-zh-desktop.png` });
      expect(await textOf(page, 'case-status')).toBe('已解决');
      await pickAntdOption(
        page,
        page.getByTestId('case-root-cause'),
        page.locator('.ant-select-dropdown:visible').getByTitle('服务态度'),
      );
      await page.getByTestId('case-close-submit').click();
      await expect.poll(() => textOf(page, 'case-status')).toBe('已关闭');
      expect(await textOf(page, 'case-root-cause-label')).toBe('服务态度');
      const closed = await callApi(server.url, headers, 'GET', `/cases/${c!.id}`);
      expect(closed).toMatchObject({ status: 'closed', correctiveAction: '更换压缩机，并对工程师进行准时上门培训' });
      expect(closed.entries.map((e: { kind: string }) => e.kind)).toEqual([
        'opened',
        'note',
        'status_changed',
        'status_changed',
        'reinvited',
        'rerated',
        'status_changed',
      ]);
      await page.screenshot({ path: `${SHOTS}/case-closed-zh-desktop.png`, fullPage: true });

      // English, desktop.
      await page.evaluate(() => localStorage.setItem('rateloop.lang', 'en'));
      await page.goto(`${server.url}/cases`);
      await page.getByTestId('cases-overview-open').waitFor();
      await page.getByTestId('cases-table').locator('tbody tr.ant-table-row', { hasText: name }).waitFor();
      expect(await page.getByRole('heading', { level: 3 }).first().textContent()).toBe('Cases');
      await page.screenshot({ path: `${SHOTS}/cases-list-en-desktop.png`, fullPage: true });
      await page.goto(`${server.url}/cases/${c!.id}`);
      await expect.poll(() => textOf(page, 'case-status')).toBe('Closed');
      await page.screenshot({ path: `${SHOTS}/case-en-desktop.png`, fullPage: true });

      // A phone (390 × 844), both languages: nothing wider than the screen.
      const phone = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 } });
      contexts.push(phone);
      await phone.addCookies(await lead.cookies());
      const mobile = await phone.newPage();
      for (const language of ['zh-CN', 'en']) {
        await mobile.goto(server.url);
        await mobile.evaluate((lang) => localStorage.setItem('rateloop.lang', lang), language);
        await mobile.goto(`${server.url}/cases`);
        await mobile.getByTestId('cases-table').locator('tbody tr.ant-table-row').first().waitFor();
        await mobile.screenshot({ path: `${SHOTS}/cases-list-${language}-phone.png`, fullPage: true });
        expect(await overflowing(mobile)).toEqual([]);
        await mobile.goto(`${server.url}/cases/${c!.id}`);
        await mobile.getByTestId('case-timeline').getByTestId('case-entry').first().waitFor();
        await mobile.screenshot({ path: `${SHOTS}/case-${language}-phone.png`, fullPage: true });
        expect(await overflowing(mobile)).toEqual([]);
      }

      // The SLA editors (the admin). A policy whose resolution comes before its first contact is refused.
      await admin.goto(`${server.url}/settings/sla-policies`);
      await admin.getByTestId('policies-table').locator('tbody tr.ant-table-row').first().waitFor();
      await admin.getByTestId('add-policy').click();
      await admin.getByTestId('policy-name').fill(`夜间 ${run}`);
      await admin.getByTestId('policy-first-contact-hours').fill('4');
      await admin.getByTestId('policy-resolution-hours').fill('3');
      await admin.getByTestId('policy-resolution-minutes').fill('0');
      await admin.getByTestId('policy-save').click();
      await admin.getByText('不能短于首次联系时限').waitFor();
      await admin.screenshot({ path: `${SHOTS}/sla-policy-form-zh-desktop.png` });
      await admin.getByTestId('policy-resolution-hours').fill('24');
      await admin.getByTestId('policy-save').click();
      await admin.getByTestId('policies-table').getByText(`夜间 ${run}`).waitFor();
      const policies = await callApi(server.url, headers, 'GET', '/sla-policies');
      expect(policies.items.find((p: { name: string }) => p.name === `夜间 ${run}`)).toMatchObject({
        firstContactMinutes: 240,
        resolutionMinutes: 1440,
      });
      await admin.locator('.ant-spin-spinning').waitFor({ state: 'detached' });
      await admin.screenshot({ path: `${SHOTS}/sla-policies-zh-desktop.png`, fullPage: true });

      // The organisation's calendar: its week, then a Saturday of this month marked as a make-up working day (调休)
      // and made an ordinary day again.
      await admin.goto(`${server.url}/settings/business-calendars`);
      await admin.getByTestId('week-editor').waitFor();
      await admin.screenshot({ path: `${SHOTS}/business-calendar-zh-desktop.png`, fullPage: true });
      await admin.getByRole('tab', { name: '节假日与调休' }).click();
      await admin.locator('[data-testid=special-days] td[title]').first().waitFor();
      const saturday = await admin.evaluate(() => {
        const cells = [...document.querySelectorAll<HTMLElement>('[data-testid=special-days] td[title]')];
        const today = new Date();
        const month = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}`;
        return cells
          .map((cell) => cell.getAttribute('title') ?? '')
          .find(
            (date) =>
              date.startsWith(month) &&
              new Date(`${date}T00:00:00Z`).getUTCDay() === 6 &&
              !document.querySelector(`[data-testid=special-day][data-date="${date}"]`),
          );
      });
      expect(saturday).toBeTruthy();
      await admin.locator(`[data-testid=special-days] td[title="${saturday}"]`).click();
      await admin.getByTestId('day-name').fill(`调休 ${run}`);
      await admin.getByTestId('day-save').click();
      const marked = admin.locator(`[data-testid=special-day][data-date="${saturday}"]`);
      await marked.waitFor();
      expect(await marked.textContent()).toContain('班');
      await admin.screenshot({ path: `${SHOTS}/business-calendar-days-zh-desktop.png`, fullPage: true });
      await admin.locator(`[data-testid=special-days] td[title="${saturday}"]`).click();
      await admin.getByTestId('day-remove').click();
      await marked.waitFor({ state: 'detached' });
    } catch (error) {
      await page.screenshot({ path: `${SHOTS}/cases-failure.png`, fullPage: true }).catch(() => {});
      throw new Error(`${(error as Error).message}\n--- server output ---\n${server.output().slice(-4000)}`, {
        cause: error,
      });
    } finally {
      for (const ctx of contexts) await ctx.close();
    }
  });
});
