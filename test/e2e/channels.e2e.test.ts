import '../support/no-network.js';
import fs from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SmtpFake } from '../fakes/smtp.js';
import { firstAdminLogin, hasBrowser, launchBrowser } from '../support/browser.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

const NEW_PASSWORD = 'changed-owner-pass-42';
const CHANNEL = '本地邮件 E2E';
const RECIPIENT = 'customer@example.com';

/** The `<input>` of an antd Input/InputNumber carrying `testId` (on the input itself or a wrapper). */
function inputOf(page: Page, testId: string): Locator {
  return page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();
}

describe.skipIf(!hasBrowser)('delivery channels and message templates console', () => {
  let server: ServerProcess;
  let browser: Browser;
  let smtp: SmtpFake;

  beforeEach(async () => {
    smtp = await new SmtpFake().start(0);
    [server, browser] = await Promise.all([startServerProcess(), launchBrowser()]);
  });

  afterEach(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.stop();
  });

  it('configures SMTP, sends a test message, and edits the SMS template with a live preview', {
    timeout: 170_000,
  }, async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    try {
      await firstAdminLogin(page, server.url, server.adminPassword, NEW_PASSWORD);

      // Settings → delivery channels: an SMTP configuration pointing at the local fake.
      await page.getByTestId('main-menu').getByText('发送渠道').click();
      await page.waitForURL('**/settings/channels');
      await page.getByTestId('channels-table').waitFor();
      await page.getByTestId('add-channel').click();
      await page.getByTestId('channel-drawer').waitFor();
      await page.fill('[data-testid=channel-name]', CHANNEL);
      await page.fill('[data-testid=setting-host]', '127.0.0.1');
      await inputOf(page, 'setting-port').fill(String(smtp.port));
      await page.fill('[data-testid=setting-from]', 'Rateloop <service@acme.example>');
      await page.click('[data-testid=channel-save]');
      await page.locator('.ant-drawer-open').waitFor({ state: 'detached' });
      const row = page.getByTestId('channels-table').locator('tbody tr.ant-table-row', { hasText: CHANNEL });
      await row.waitFor();
      expect(await row.textContent()).toContain('SMTP');

      // "Send test message" reaches the fake and reports the provider's message id.
      await row.locator('[data-testid^=test-]').click();
      await page.fill('[data-testid=test-to]', RECIPIENT);
      await page.getByTestId('test-send').click();
      await page.getByTestId('test-result-ok').waitFor({ timeout: 20_000 });
      expect(await page.getByTestId('test-message-id').textContent()).toMatch(/@/);
      await expect.poll(() => smtp.mails.length).toBe(1);
      expect(smtp.mails[0]!.envelope.to).toEqual([RECIPIENT]);
      expect(smtp.mails[0]!.parsed.subject).toContain('WO-20250315-0042');
      await page.locator('.ant-modal-wrap:visible .ant-modal-close').click();
      await page.locator('.ant-modal-wrap:visible').waitFor({ state: 'hidden' });

      // Settings → message templates: the zh-CN SMS template with its live preview.
      await page.getByTestId('main-menu').getByText('消息模板').click();
      await page.waitForURL('**/settings/message-templates');
      const text = page.getByTestId('field-text');
      await text.waitFor();
      const bubble = page.getByTestId('sms-bubble');
      await expect.poll(() => bubble.textContent()).toContain('WO-20250315-0042');
      await text.fill('您好，#CustomerName#！工单 #WorkOrderNumber# 已完成，请评价：#URL#');
      await expect.poll(() => bubble.textContent(), { timeout: 10_000 }).toContain('您好，王先生！');
      expect(await page.getByTestId('sms-segments').textContent()).toContain('2');
      // The variable picker inserts at the cursor (here: the end).
      await text.click();
      await text.press('End');
      await page.getByTestId('var-EngineerName').click();
      await expect.poll(() => text.inputValue()).toMatch(/#URL##EngineerName#$/);
      await expect.poll(() => bubble.textContent(), { timeout: 10_000 }).toMatch(/李工$/);
      await page.getByTestId('template-save').click();
      await page.getByTestId('template-custom').waitFor();

      // An unknown variable is refused on save and shown on the field, in the console's language (code unknown_variable).
      await text.fill('您好 #Foo#，请评价：#URL#');
      await page.getByTestId('template-save').click();
      const fieldError = page.locator('.ant-form-item-explain-error', { hasText: '#Foo#' });
      await fieldError.waitFor();
      expect(await fieldError.textContent()).toContain('使用了未知变量 #Foo#');

      fs.mkdirSync('test-results', { recursive: true });
      await page.screenshot({ path: 'test-results/channels.png', fullPage: true });
    } catch (error) {
      fs.mkdirSync('test-results', { recursive: true });
      await page.screenshot({ path: 'test-results/channels-failure.png', fullPage: true }).catch(() => {});
      throw new Error(`${(error as Error).message}\n--- server output ---\n${server.output().slice(-4000)}`, {
        cause: error,
      });
    } finally {
      await context.close();
    }
  });
});
