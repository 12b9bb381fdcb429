import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { en } from '../../src/web/i18n/en.js';
import { zhCN } from '../../src/web/i18n/zh-CN.js';
import { firstAdminLogin, hasBrowser, launchBrowser } from '../support/browser.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

const NEW_PASSWORD = 'changed-owner-pass-42';
const SCREENSHOT = '/tmp/error-language.png';

describe.skipIf(!hasBrowser)('errors in the user’s language', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeEach(async () => {
    [server, browser] = await Promise.all([startServerProcess(), launchBrowser()]);
  });

  afterEach(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows a rejected form’s field error and message in Chinese, never the English detail', {
    timeout: 120_000,
  }, async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1360, height: 900 } });
    const page = await context.newPage();
    try {
      await firstAdminLogin(page, server.url, server.adminPassword, NEW_PASSWORD);
      await page.goto(`${server.url}/org/departments`);

      await page.getByTestId('add-department').click();
      await page.fill('[data-testid=department-name]', '华东大区');
      await page.fill('[data-testid=department-code]', 'east');
      await page.click('[data-testid=department-save]');
      await page.getByTestId('department-tree').getByText('华东大区').waitFor();

      // Same code again: the server answers 409 conflict with { path: 'code', code: 'is_taken' }.
      const rejected = page.waitForResponse(
        (res) => res.url().endsWith('/api/v1/departments') && res.request().method() === 'POST',
      );
      await page.getByTestId('add-department').click();
      await page.fill('[data-testid=department-name]', '华东二区');
      await page.fill('[data-testid=department-code]', 'east');
      await page.click('[data-testid=department-save]');
      const problem = await (await rejected).json();
      expect(problem).toMatchObject({
        type: 'https://rateloop.dev/problems/conflict',
        detail: 'Department code "east" is already used.',
        errors: [{ path: 'code', code: 'is_taken', message: 'is already used' }],
      });

      const codeItem = page.locator('.ant-form-item', { has: page.locator('[data-testid=department-code]') });
      await codeItem.locator('.ant-form-item-explain-error').getByText(zhCN.fieldErrors.is_taken).waitFor();
      const toast = page.locator('.ant-message-notice');
      await toast.getByText(zhCN.problems.conflict).waitFor();

      const text = (await page.locator('body').innerText()) ?? '';
      expect(text).not.toContain(problem.detail);
      expect(text).not.toContain('is already used');
      expect(text).not.toContain(en.problems.conflict);

      await page.screenshot({ path: SCREENSHOT, fullPage: true });
    } catch (error) {
      fs.mkdirSync('test-results', { recursive: true });
      await page.screenshot({ path: 'test-results/error-language-failure.png', fullPage: true }).catch(() => {});
      throw new Error(`${(error as Error).message}\n--- server output ---\n${server.output().slice(-4000)}`, {
        cause: error,
      });
    } finally {
      await context.close();
    }
  });
});
