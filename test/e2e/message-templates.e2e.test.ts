import '../support/no-network.js';
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstAdminLogin, hasBrowser, launchBrowser, pickAntdOption } from '../support/browser.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

const NEW_PASSWORD = 'changed-owner-pass-43';

/** Screenshots of the page in both languages at desktop and phone width (test-results/message-templates-*.png). */
async function shoot(page: Page, name: string) {
  fs.mkdirSync('test-results', { recursive: true });
  await page.screenshot({ path: `test-results/message-templates-${name}.png`, fullPage: true });
}

describe.skipIf(!hasBrowser)('message templates by purpose, WeChat category-template fields', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeEach(async () => {
    [server, browser] = await Promise.all([startServerProcess(), launchBrowser()]);
  });
  afterEach(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('picks a purpose, edits WeChat fields with type checks in the preview, in zh-CN and en, desktop and phone', {
    timeout: 170_000,
  }, async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    try {
      await firstAdminLogin(page, server.url, server.adminPassword, NEW_PASSWORD);
      await page.goto(`${server.url}/settings/message-templates`);
      await page.getByTestId('message-purpose').waitFor();

      // The reminder's SMS default, with its own required-variable help.
      await pickAntdOption(
        page,
        page.getByTestId('message-purpose'),
        page.locator('.ant-select-item-option', { hasText: '评价提醒' }),
      );
      const bubble = page.getByTestId('sms-bubble');
      await expect.poll(() => bubble.textContent(), { timeout: 10_000 }).toContain('温馨提醒');

      // The alert's variables: the console link instead of the rating link.
      await pickAntdOption(
        page,
        page.getByTestId('message-purpose'),
        page.locator('.ant-select-item-option', { hasText: '差评预警' }),
      );
      await page.getByTestId('var-ConsoleURL').waitFor();
      expect(await page.getByTestId('var-URL').count()).toBe(0);
      await expect.poll(() => bubble.textContent(), { timeout: 10_000 }).toContain('差评预警');

      // WeChat tab of the invitation: typed fields, no first/remark.
      await pickAntdOption(
        page,
        page.getByTestId('message-purpose'),
        page.locator('.ant-select-item-option', { hasText: '评价邀请' }),
      );
      await page.getByTestId('message-channel-tabs').getByText('微信').click();
      await page.getByTestId('wechat-card').waitFor();
      expect(await page.getByTestId('field-key-0').inputValue()).toBe('character_string1');
      expect(await page.getByTestId('wechat-field-type-1').textContent()).toBe(
        'thing · 最多 20 个字符，超出部分以 … 截断',
      );
      await expect
        .poll(() => page.getByTestId('wechat-row-thing2').textContent(), { timeout: 10_000 })
        .toContain('空调不制冷维修');
      await shoot(page, 'zh-CN-desktop');

      // Chinese text in a character_string field: the preview says why WeChat would refuse it, in Chinese.
      await page.getByTestId('field-templateId').fill('TPL_rating_invite_01');
      await page.getByTestId('field-text-0').fill('工单#WorkOrderNumber#');
      const error = page.getByTestId('preview-error');
      await error.waitFor({ timeout: 10_000 });
      expect(await error.textContent()).toContain('不符合微信 character_string 类型的格式要求');
      await page.getByTestId('template-save').click();
      await page.locator('.ant-form-item-explain-error', { hasText: 'character_string' }).waitFor();
      await shoot(page, 'zh-CN-field-error');
      await page.getByTestId('field-text-0').fill('#WorkOrderNumber#');
      await page.getByTestId('template-save').click();
      await page.getByTestId('template-custom').waitFor();

      await page.setViewportSize({ width: 390, height: 844 });
      await shoot(page, 'zh-CN-phone');

      // English console.
      const en = await browser.newContext({ locale: 'en', viewport: { width: 1440, height: 1000 } });
      const enPage = await en.newPage();
      await enPage.context().addCookies(await context.cookies());
      await enPage.goto(`${server.url}/settings/message-templates`);
      await enPage.getByTestId('message-purpose').waitFor();
      await pickAntdOption(
        enPage,
        enPage.getByTestId('message-purpose'),
        enPage.locator('.ant-select-item-option', { hasText: 'Sign-in code' }),
      );
      await enPage.getByTestId('message-lang').getByText('English').click();
      await expect
        .poll(() => enPage.getByTestId('sms-bubble').textContent(), { timeout: 10_000 })
        .toContain('Your sign-in code is 482913');
      await enPage.getByTestId('message-channel-tabs').getByText('WeChat').click();
      await enPage.getByTestId('wechat-card').waitFor();
      await enPage.getByTestId('field-text-1').fill('#ValidMinutes# minutes');
      await enPage.getByTestId('preview-error').waitFor({ timeout: 10_000 });
      expect(await enPage.getByTestId('preview-error').textContent()).toContain(
        'is not accepted by WeChat as a number value',
      );
      await shoot(enPage, 'en-desktop');
      await enPage.setViewportSize({ width: 390, height: 844 });
      await shoot(enPage, 'en-phone');
      await en.close();
    } catch (error) {
      await shoot(page, 'failure').catch(() => {});
      throw new Error(`${(error as Error).message}\n--- server output ---\n${server.output().slice(-4000)}`, {
        cause: error,
      });
    } finally {
      await context.close();
    }
  });
});
