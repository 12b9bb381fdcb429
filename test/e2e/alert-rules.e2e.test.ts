import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstAdminLogin, hasBrowser, launchBrowser, pickAntdOption } from '../support/browser.js';
import { adminHeaders, callApi } from '../support/console-data.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

const NEW_PASSWORD = 'alert-rules-owner-pass-42';
const SHOTS = 'test-results';

/** The outermost elements reaching past the right edge when the page itself scrolls sideways (tables scroll inside). */
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

interface RuleView {
  id: string;
  name: string;
  enabled: boolean;
  severity: string;
  openCase: boolean;
  priority: number;
  condition: { combinator: string; rules: { field: string; operator: string; value: unknown }[] };
}

describe.skipIf(!hasBrowser)('alert rules in the console', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeEach(async () => {
    [server, browser] = await Promise.all([startServerProcess({ timeoutMs: 300_000 }), launchBrowser()]);
  }, 330_000);
  afterEach(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an admin creates a keyword rule that opens a critical case, sees it in the list and disables it', {
    timeout: 300_000,
  }, async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    // CI retries a failed test on the same server: the rule this attempt makes has its own name.
    const run = Date.now().toString(36);
    const name = `留言含不满意 ${run}`;
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1360, height: 1000 } });
    const page = await context.newPage();
    const contexts = [context];
    try {
      await firstAdminLogin(page, server.url, server.adminPassword, NEW_PASSWORD);
      const headers = await adminHeaders(server.url, NEW_PASSWORD);

      // Settings → Alert rules, from the menu.
      await page.getByTestId('main-menu').getByRole('menuitem', { name: '预警规则' }).click();
      await page.waitForURL('**/settings/alert-rules');
      await page.getByTestId('alert-rules-table').waitFor();

      // A new rule: the condition starts as "the rating is negative"; its field becomes the comment, with a keyword.
      await page.getByTestId('add-alert-rule').click();
      const drawer = page.getByTestId('alert-rule-drawer');
      await drawer.getByTestId('condition-builder').waitFor();
      await page.getByTestId('alert-rule-name').fill(name);
      const rule = drawer.locator('.rule').first();
      await pickAntdOption(
        page,
        rule.locator('.rule-fields'),
        page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: /^评价留言$/ }),
        rule.getByTestId('keywords-input'),
      );
      await rule.getByTestId('keywords-input').click();
      await page.keyboard.type('不满意');
      await page.keyboard.press('Enter');
      await rule.getByTestId('keywords-input').getByText('不满意').waitFor();
      await pickAntdOption(
        page,
        page.getByTestId('alert-rule-severity'),
        page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '紧急' }),
        // The pick counts once the select shows it (a click on a dropdown still opening was once lost).
        page.getByTestId('alert-rule-severity').getByText('紧急'),
      );
      await page.getByTestId('alert-rule-open-case').click();
      expect(await page.getByTestId('alert-rule-open-case').getAttribute('aria-checked')).toBe('true');
      await page.screenshot({ path: `${SHOTS}/alert-rule-drawer-zh-desktop.png` });
      await page.getByTestId('alert-rule-save').click();
      await page.locator('.ant-drawer-open').waitFor({ state: 'detached' });

      // The list shows it: its condition in words, the severity, the case it opens, who is told.
      const row = page.getByTestId('alert-rules-table').locator('tbody tr.ant-table-row', { hasText: name });
      await row.waitFor();
      expect(await row.getByTestId('alert-rule-row-condition').textContent()).toBe('评价留言 包含关键词 “不满意”');
      expect(await row.getByTestId('alert-rule-row-severity').textContent()).toBe('紧急');
      expect(await row.getByTestId('alert-rule-row-case').textContent()).toBe('开立整改单');
      expect(await row.textContent()).toContain('责任主管');
      const saved = (await callApi(server.url, headers, 'GET', '/alert-rules')).items.find(
        (r: RuleView) => r.name === name,
      ) as RuleView;
      expect(saved).toMatchObject({ enabled: true, severity: 'critical', openCase: true });
      expect(saved.condition.rules).toEqual([
        expect.objectContaining({ field: 'rating.comment', operator: 'containsKeyword', value: ['不满意'] }),
      ]);
      await page.screenshot({ path: `${SHOTS}/alert-rules-zh-desktop.png`, fullPage: true });

      // Disabled from the list.
      const toggle = row.getByTestId('alert-rule-enabled-switch');
      expect(await toggle.getAttribute('aria-checked')).toBe('true');
      await toggle.click();
      await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('false');
      await expect
        .poll(
          async () =>
            (
              (await callApi(server.url, headers, 'GET', '/alert-rules')).items.find(
                (r: RuleView) => r.id === saved.id,
              ) as RuleView
            ).enabled,
        )
        .toBe(false);

      // Moved up one place with the keyboard on its drag handle (space, arrow up, space): the new order is saved.
      const priorityOf = async () =>
        (
          (await callApi(server.url, headers, 'GET', '/alert-rules')).items.find(
            (r: RuleView) => r.id === saved.id,
          ) as RuleView
        ).priority;
      const before = await priorityOf();
      expect(before).toBeGreaterThan(1);
      await row.getByTestId('alert-rule-drag').focus();
      for (const key of ['Space', 'ArrowUp', 'Space']) {
        await page.keyboard.press(key);
        await page.waitForTimeout(250);
      }
      await expect.poll(priorityOf).toBe(before - 1);
      expect(await row.textContent()).toContain(`#${before - 1}`);

      // English on the desktop.
      await pickAntdOption(
        page,
        page.getByTestId('language-switch'),
        page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'English' }),
      );
      await page.getByRole('heading', { name: 'Alert rules' }).waitFor();
      await page.getByRole('heading', { name: 'Alert rules' }).click();
      await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
      expect(await row.getByTestId('alert-rule-row-condition').textContent()).toBe(
        'Comment contains a keyword “不满意”',
      );
      expect(await row.getByTestId('alert-rule-row-severity').textContent()).toBe('Critical');
      expect(await row.getByTestId('alert-rule-row-case').textContent()).toBe('Opens a case');
      // The picture without the toast of the save above.
      await page.locator('.ant-message-notice').first().waitFor({ state: 'detached' });
      await page.screenshot({ path: `${SHOTS}/alert-rules-en-desktop.png`, fullPage: true });

      // A phone (390 × 844), both languages: the page does not scroll sideways, the drawer takes the screen.
      const phone = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 } });
      contexts.push(phone);
      await phone.addCookies(await context.cookies());
      const mobile = await phone.newPage();
      for (const language of ['zh-CN', 'en']) {
        await mobile.goto(server.url);
        await mobile.evaluate((lang) => localStorage.setItem('rateloop.lang', lang), language);
        await mobile.goto(`${server.url}/settings/alert-rules`);
        const phoneRow = mobile.getByTestId('alert-rules-table').locator('tbody tr.ant-table-row', { hasText: name });
        await phoneRow.waitFor();
        await mobile.screenshot({ path: `${SHOTS}/alert-rules-${language}-phone.png`, fullPage: true });
        expect(await overflowing(mobile)).toEqual([]);
        await phoneRow.getByTestId('alert-rule-edit').click();
        const phoneDrawer = mobile.getByTestId('alert-rule-drawer');
        await phoneDrawer.getByTestId('keywords-input').getByText('不满意').waitFor();
        expect(await mobile.getByTestId('alert-rule-name').inputValue()).toBe(name);
        // The drawer slides in: the picture once it is in place, the whole screen wide.
        const panel = mobile.locator('.ant-drawer-content-wrapper');
        await expect.poll(async () => Math.round((await panel.boundingBox())?.x ?? -1)).toBe(0);
        expect(Math.round((await panel.boundingBox())?.width ?? 0)).toBe(390);
        await mobile.screenshot({ path: `${SHOTS}/alert-rule-drawer-${language}-phone.png` });
      }
    } finally {
      for (const c of contexts) await c.close();
    }
  });
});
