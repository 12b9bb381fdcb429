import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstAdminLogin, firstLogin, hasBrowser, launchBrowser, watchPage } from '../support/browser.js';
import { adminHeaders, callApi, qrServiceType, rateQrWorkOrder } from '../support/console-data.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

const NEW_PASSWORD = 'privacy-owner-pass-42';
const ANALYST_PASSWORD = 'privacy-analyst-pass-42';
/** Screenshots to look at (the brief's /tmp/privacy-*.png). */
const SHOTS = '/tmp';

/** axe-core's serious or critical WCAG 2.1 AA violations on the page, as in a11y.e2e.test.ts. */
const AXE = fs.readFileSync(path.resolve('node_modules/axe-core/axe.min.js'), 'utf8');
async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected as a script, without types in the page
    const result = await (window as any).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return (result.violations as { id: string; impact: string | null; nodes: { target: string[] }[] }[])
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

/** The erase dialog's danger button once its colour transition after enabling is over (#cf1322, see ContactDataCard). */
const eraseButtonSettled = (page: Page) =>
  expect
    .poll(() => page.getByTestId('privacy-erase-confirm').evaluate((el) => getComputedStyle(el).backgroundColor))
    .toBe('rgb(207, 19, 34)');

const pageFits = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
const text = async (page: Page, testId: string) => ((await page.getByTestId(testId).textContent()) ?? '').trim();

describe.skipIf(!hasBrowser)('Settings → Privacy', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeEach(async () => {
    [server, browser] = await Promise.all([startServerProcess({ timeoutMs: 300_000 }), launchBrowser()]);
  }, 330_000);
  afterEach(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an admin sets the retention periods (kept after a reload), sees tonight’s run by template, gives a template its own period and runs retention now', {
    timeout: 300_000,
  }, async () => {
    // bypassCSP: axe is injected as an inline script, which the console's CSP (rightly) refuses.
    const context = await browser.newContext({
      locale: 'en-US',
      viewport: { width: 1280, height: 800 },
      bypassCSP: true,
    });
    const page = await context.newPage();
    const report = watchPage(page);
    try {
      await firstAdminLogin(page, server.url, server.adminPassword, NEW_PASSWORD);
      const headers = await adminHeaders(server.url, NEW_PASSWORD);

      // From the menu: Settings → Privacy & retention, next to the organisation profile.
      const menu = page.getByTestId('main-menu');
      const settings = await menu.locator('.ant-menu-sub .ant-menu-title-content').allTextContents();
      expect(settings.indexOf('Privacy & retention')).toBe(settings.indexOf('Organisation profile') + 1);
      await menu.getByText('Privacy & retention').click();
      await page.waitForURL('**/settings/privacy');
      await page.getByTestId('privacy-retention-form').waitFor();
      expect(await page.getByTestId('privacy-contact-days-keep').isChecked()).toBe(true);
      expect(await page.getByTestId('privacy-free-text-days-keep').isChecked()).toBe(true);
      expect(await text(page, 'privacy-last-run')).toBe('Not run yet');
      await expect
        .poll(() => text(page, 'privacy-preview-summary'))
        .toMatch(
          /^Tonight’s run \(at .+\) will remove contact data from 0 work orders and free text from 0 ratings\.$/,
        );

      // Days out of bounds are refused in the form; nothing is sent.
      await page.getByTestId('privacy-contact-days-days').fill('10');
      expect(await page.getByTestId('privacy-contact-days-days-mode').isChecked()).toBe(true);
      await page.getByTestId('privacy-retention-state').getByText('Unsaved changes').waitFor();
      await page.getByTestId('privacy-retention-save').click();
      await page.getByText('Enter a whole number of days from 30 to 3650.').waitFor();
      expect(await callApi(server.url, headers, 'GET', '/privacy/retention')).toMatchObject({
        contactDays: null,
        freeTextDays: null,
      });

      await page.getByTestId('privacy-contact-days-days').fill('400');
      await page.getByTestId('privacy-free-text-days-days-mode').check();
      await page.getByTestId('privacy-retention-save').click();
      await page.getByText('Enter a number of days.').waitFor();
      await page.getByTestId('privacy-free-text-days-days').fill('90');
      await page.getByTestId('privacy-retention-save').click();
      await page.getByText('Retention saved.').waitFor();
      await page.getByTestId('privacy-retention-state').getByText('All changes saved').waitFor();
      expect(await callApi(server.url, headers, 'GET', '/privacy/retention')).toMatchObject({
        contactDays: 400,
        freeTextDays: 90,
      });

      // Kept after a reload; the preview lists the default template with the organisation's 90 days.
      await page.reload();
      await page.getByTestId('privacy-retention-form').waitFor();
      await expect.poll(() => page.getByTestId('privacy-contact-days-days').inputValue()).toBe('400');
      expect(await page.getByTestId('privacy-free-text-days-days').inputValue()).toBe('90');
      expect(await page.getByTestId('privacy-contact-days-days-mode').isChecked()).toBe(true);
      const templates = await callApi(server.url, headers, 'GET', '/rating-templates');
      const template = templates.items.find((item: { isDefault: boolean }) => item.isDefault);
      const row = page.getByTestId('privacy-preview-templates').locator('tr', { hasText: template.name });
      await expect.poll(() => row.textContent()).toContain('90 days');

      // The template's own period: Rating → Templates → the template → Details.
      await row.getByRole('link', { name: template.name }).click();
      await page.waitForURL(`**/rating/templates/${template.id}`);
      await page.getByRole('tab', { name: 'Details' }).click();
      const own = page.getByTestId('template-free-text-days');
      await own.getByText('Organisation default (90 days)').waitFor();
      expect(await page.getByTestId('template-free-text-days-keep').isChecked()).toBe(true);
      await page.getByTestId('template-free-text-days-days').fill('365');
      await page.getByTestId('template-details-save').click();
      await page.getByText('Saved', { exact: true }).waitFor();
      expect(
        (await callApi(server.url, headers, 'GET', `/rating-templates/${template.id}`)).freeTextRetentionDays,
      ).toBe(365);
      await page.screenshot({ path: `${SHOTS}/privacy-template-en-desktop.png`, fullPage: true });

      // Back on the privacy page the template's own 365 days apply to it; run retention now.
      await page.goto(`${server.url}/settings/privacy`);
      await expect.poll(() => row.textContent()).toContain('365 days');
      await page.getByTestId('privacy-run-now').click();
      await page.locator('.ant-popconfirm').getByRole('button', { name: 'Run now' }).click();
      await page.getByText('Retention run started.').waitFor();
      await expect.poll(() => text(page, 'privacy-last-run-state'), { timeout: 60_000 }).toMatch(/^Finished /);
      expect(await text(page, 'privacy-last-run-counts')).toBe('Nothing was due.');
      expect(await pageFits(page)).toBe(true);
      let violations = await seriousViolations(page);
      expect(violations, violations.join('\n')).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/privacy-en-desktop.png`, fullPage: true });

      // The per-contact form asks for at least one address, in a valid form.
      await page.getByTestId('privacy-export').click();
      await page.getByText('Enter a phone number, an e-mail address or a WeChat openid.').waitFor();
      await page.getByTestId('privacy-email').fill('not-an-address');
      await page.getByTestId('privacy-erase').click();
      await page.getByText('Enter a valid e-mail address.').waitFor();
      // antd animates a resolved error out: it leaves the page a moment after the field is valid again.
      await expect
        .poll(() => page.getByText('Enter a phone number, an e-mail address or a WeChat openid.').count())
        .toBe(0);
      await page.getByTestId('privacy-email').fill('nobody@example.com');
      await page.getByTestId('privacy-erase').click();
      const modal = page.getByRole('dialog');
      await modal.getByText('This cannot be undone').waitFor();
      expect(await page.getByTestId('privacy-erase-confirm').isDisabled()).toBe(true);
      await page.getByTestId('privacy-erase-word').fill('erase');
      expect(await page.getByTestId('privacy-erase-confirm').isDisabled()).toBe(true);
      await page.getByTestId('privacy-erase-word').fill('ERASE');
      expect(await page.getByTestId('privacy-erase-confirm').isDisabled()).toBe(false);
      await eraseButtonSettled(page);
      violations = await seriousViolations(page);
      expect(violations, violations.join('\n')).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/privacy-erase-en-desktop.png` });
      await modal.getByRole('button', { name: 'Cancel' }).click();
      await modal.waitFor({ state: 'hidden' });
    } catch (error) {
      await page.screenshot({ path: `${SHOTS}/privacy-failure-en.png`, fullPage: true }).catch(() => {});
      throw new Error(`${(error as Error).message}\n${await report()}`);
    } finally {
      await context.close();
    }
  });

  it('on a phone in Chinese an admin exports one customer’s data by phone and erases it; an analyst has no privacy menu', {
    timeout: 300_000,
  }, async () => {
    const contexts: BrowserContext[] = [];
    const context = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 390, height: 844 },
      acceptDownloads: true,
    });
    contexts.push(context);
    let page = await context.newPage();
    let report = watchPage(page);
    try {
      await firstAdminLogin(page, server.url, server.adminPassword, NEW_PASSWORD);
      const headers = await adminHeaders(server.url, NEW_PASSWORD);

      // A customer with a rated work order (a comment: free text the erase removes).
      const phone = `139${String(Date.now()).slice(-8)}`;
      const st = await qrServiceType(server.url, headers, '上门维修 隐私');
      const rated = await rateQrWorkOrder(
        server.url,
        headers,
        { subject: '空调维修', serviceTypeId: st.id, customer: { name: '赵女士', phone, locale: 'zh-CN' } },
        { response_speed: 4, technical_ability: 5, attitude: 5, problem_resolved: true, suggestions: '师傅很准时' },
      );

      await page.getByTestId('menu-toggle').click();
      await page.getByTestId('main-menu').getByText('隐私与数据保留').click();
      await page.waitForURL('**/settings/privacy');
      await page.getByTestId('privacy-preview-summary').waitFor();
      expect(await text(page, 'privacy-preview-summary')).toMatch(
        /^今晚的清理（.+）将删除 0 个工单的联系方式和 0 条评价的自由文本。$/,
      );
      expect(await pageFits(page)).toBe(true);
      await page.screenshot({ path: `${SHOTS}/privacy-zh-phone.png`, fullPage: true });

      // Export by phone: the JSON file holds the work order.
      await page.getByTestId('privacy-phone').fill(phone);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('privacy-export').click()]);
      expect(download.suggestedFilename()).toMatch(/^rateloop-contact-\d{4}-\d{2}-\d{2}\.json$/);
      const exported = JSON.parse(fs.readFileSync((await download.path())!, 'utf8'));
      expect(exported.workOrders.map((w: { number: string }) => w.number)).toEqual([rated.number]);
      expect(exported.workOrders[0].customerPhone).toContain(phone);
      expect(exported.ratings).toHaveLength(1);
      const counts = page.getByTestId('privacy-export-counts');
      await counts.waitFor();
      expect(await counts.locator('[data-part=workOrders]').textContent()).toBe('1');
      expect(await counts.locator('[data-part=ratings]').textContent()).toBe('1');
      expect(await pageFits(page)).toBe(true);
      await page.getByTestId('privacy-export-summary').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/privacy-export-zh-phone.png` });

      // Erase: the danger button waits for the typed word.
      await page.getByTestId('privacy-erase').click();
      const modal = page.getByRole('dialog');
      await modal.getByText('此操作无法撤销').waitFor();
      expect(await page.getByTestId('privacy-erase-person').textContent()).toContain(phone);
      expect(await page.getByTestId('privacy-erase-confirm').isDisabled()).toBe(true);
      await page.getByTestId('privacy-erase-word').fill('删除');
      expect(await page.getByTestId('privacy-erase-confirm').isDisabled()).toBe(false);
      await eraseButtonSettled(page);
      await page.screenshot({ path: `${SHOTS}/privacy-erase-zh-phone.png` });
      await page.getByTestId('privacy-erase-confirm').click();
      await modal.waitFor({ state: 'hidden' });
      const erased = page.getByTestId('privacy-erase-counts');
      await erased.waitFor();
      expect(await erased.locator('[data-kind=workOrders]').textContent()).toBe('工单：1');
      expect(await erased.locator('[data-kind=ratings]').textContent()).toBe('评价（自由文本）：1');
      expect(await pageFits(page)).toBe(true);
      await page.getByTestId('privacy-erase-result').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/privacy-erased-zh-phone.png` });

      // The work order keeps its rating but no longer names the customer.
      const workOrder = await callApi(server.url, headers, 'GET', `/work-orders/${rated.workOrderId}`);
      expect(workOrder.customer.phone).toBeNull();
      expect(workOrder.customer.name).toBeNull();
      await page.goto(`${server.url}/work-orders/${rated.workOrderId}`);
      await page.getByTestId('work-order-fields').waitFor();
      await page.getByText(rated.number).first().waitFor();
      expect(await page.locator('body').textContent()).not.toContain(phone);
      expect(await page.locator('body').textContent()).not.toContain('赵女士');
      expect(await page.locator('body').textContent()).not.toContain('师傅很准时');

      // An analyst (no privacy.manage) has no such menu entry, and the address sends them home.
      const username = `fenxi${Date.now()}`;
      const created = await callApi(server.url, headers, 'POST', '/employees', {
        employeeNo: `A${Date.now()}`,
        name: '钱分析',
        roles: ['analyst'],
        login: { username },
      });
      const analystContext = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 } });
      contexts.push(analystContext);
      page = await analystContext.newPage();
      report = watchPage(page);
      await firstLogin(page, server.url, username, created.initialPassword, ANALYST_PASSWORD);
      await page.getByTestId('menu-toggle').click();
      const menu = page.getByTestId('main-menu');
      await menu.getByText('组织信息').waitFor();
      expect(await menu.getByText('隐私与数据保留').count()).toBe(0);
      await page.goto(`${server.url}/settings/privacy`);
      await page.waitForURL((url) => url.pathname === '/');
      expect(await page.getByTestId('privacy-page').count()).toBe(0);
    } catch (error) {
      await page.screenshot({ path: `${SHOTS}/privacy-failure-zh.png`, fullPage: true }).catch(() => {});
      throw new Error(`${(error as Error).message}\n${await report()}`);
    } finally {
      for (const c of contexts) await c.close();
    }
  });
});
