import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstAdminLogin, hasBrowser, launchBrowser, pickAntdOption } from '../support/browser.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

const NEW_PASSWORD = 'reports-owner-pass-42';
const AXE = fs.readFileSync(path.resolve('node_modules/axe-core/axe.min.js'), 'utf8');

/** axe-core's serious or critical WCAG 2.1 AA violations on the page as it is now (as test/e2e/a11y.e2e.test.ts). */
async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected as a script, without types in the page
    const result = await (window as any).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return (result.violations as { id: string; impact: string | null; nodes: { target: string[] }[] }[]).map((v) => ({
      id: v.id,
      impact: v.impact,
      target: v.nodes.map((n) => n.target.join(' ')).join(', '),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.target}`);
}

/** No horizontal scrolling of the page itself at this width (tables scroll inside their own box). */
const pageFits = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

describe.skipIf(!hasBrowser)('scheduled reports in the console', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeEach(async () => {
    [server, browser] = await Promise.all([startServerProcess({ timeoutMs: 300_000 }), launchBrowser()]);
  }, 330_000);
  afterEach(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('creates a weekly report with a role and an address, previews it ("send now"), edits it on a phone in English', {
    timeout: 240_000,
  }, async () => {
    const attempt = Date.now().toString(36);
    // bypassCSP: axe is injected as an inline script, which the console's CSP (rightly) refuses.
    const desk = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 1440, height: 1000 },
      bypassCSP: true,
    });
    const page = await desk.newPage();
    try {
      await firstAdminLogin(page, server.url, server.adminPassword, NEW_PASSWORD);
      await page.goto(`${server.url}/analytics/reports`);
      // A retry runs on the same server: the first attempt's report is still listed, so this attempt's has its own name.
      const name = `每周服务报告 ${attempt}`;
      await page.getByText('还没有定时报告').or(page.getByTestId('reports-table')).first().waitFor();

      await page.getByTestId('add-report').click();
      const drawer = page.getByTestId('report-schedule-drawer');
      await drawer.getByTestId('report-name').fill(name);
      // The new report starts with the administrators (role); add a mailbox in English.
      await drawer.getByTestId('report-add-recipient').click();
      await drawer.getByTestId('report-email').fill('bad-address');
      await drawer.getByTestId('report-save').click();
      await drawer.getByText('邮箱地址格式不正确').waitFor();
      await drawer.getByTestId('report-email').fill('ops@example.com');
      await pickAntdOption(
        page,
        drawer.getByTestId('report-recipient').nth(1).getByTestId('report-language'),
        page.locator('.ant-select-dropdown:visible').getByTitle('English'),
      );
      await drawer.getByTestId('report-save').click();
      await drawer.waitFor({ state: 'hidden' });
      const row = page.getByTestId('reports-table').locator('tbody tr.ant-table-row', { hasText: name });
      await expect.poll(() => row.count()).toBe(1);
      expect(await row.getByTestId('report-row-name').textContent()).toBe(name);
      expect(await row.getByTestId('report-row-cadence').textContent()).toBe('每周');
      await row.getByText('收件人：2').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await row.getByTestId('report-edit').click();
      await page.getByTestId('report-schedule-drawer').getByTestId('report-email').waitFor();
      // While the drawer slides in, its text is mid-fade: axe measured a hint's contrast then (CI). Wait for the end.
      await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByTestId('report-schedule-drawer').getByRole('button', { name: '取消' }).click();
      await page.getByTestId('report-schedule-drawer').waitFor({ state: 'hidden' });

      // "Send now": the first admin has no e-mail address, so the report is shown, not sent.
      await row.getByTestId('report-send-now').click();
      // (The modal's root element is not itself visible: wait for its content.)
      await page.getByTestId('report-preview-status').waitFor();
      const status = await page.getByTestId('report-preview-status').textContent();
      expect(status).toMatch(/仅在此显示/);
      const frame = page.frameLocator('[data-testid=report-preview-frame]');
      await frame.getByText(name).first().waitFor();
      await frame.getByText('平均分（0–100）').waitFor();
      await page.locator('.ant-modal-close').click();
      await page.getByTestId('report-preview-status').waitFor({ state: 'hidden' });

      await row.getByTestId('report-history').click();
      await page.getByTestId('report-sends-drawer').getByText('还没有发送过报告').waitFor();
    } finally {
      await desk.close();
    }

    const phone = await browser.newContext({ locale: 'en', viewport: { width: 390, height: 844 }, isMobile: true });
    const mobile = await phone.newPage();
    try {
      await mobile.goto(server.url);
      await mobile.waitForURL('**/login');
      await mobile.fill('[data-testid=login-username]', 'admin');
      await mobile.fill('[data-testid=login-password]', NEW_PASSWORD);
      await mobile.click('[data-testid=login-submit]');
      await mobile.getByTestId('home-card').waitFor();
      await mobile.goto(`${server.url}/analytics/reports`);
      const row = mobile.getByTestId('reports-table').locator('tbody tr.ant-table-row', { hasText: attempt });
      await row.first().waitFor();
      expect(await row.getByTestId('report-row-cadence').textContent()).toBe('Weekly');
      expect(await pageFits(mobile)).toBe(true);
      await row.getByTestId('report-edit').click();
      const drawer = mobile.getByTestId('report-schedule-drawer');
      await drawer.getByText('Recipients', { exact: true }).waitFor();
      expect(await drawer.getByTestId('report-email').inputValue()).toBe('ops@example.com');
      await drawer.getByTestId('report-name').fill(`Weekly service report ${attempt}`);
      await drawer.getByTestId('report-save').click();
      await drawer.waitFor({ state: 'hidden' });
      await expect
        .poll(() => row.getByTestId('report-row-name').textContent())
        .toBe(`Weekly service report ${attempt}`);
      expect(await pageFits(mobile)).toBe(true);
    } finally {
      await phone.close();
    }
  });
});
