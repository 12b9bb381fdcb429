import fs from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstAdminLogin, hasBrowser, launchBrowser, pickAntdOption, watchPage } from '../support/browser.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

const NEW_PASSWORD = 'changed-owner-pass-42';
const SERVICE_TYPE = '上门安装 E2E';
const SERVICE_CODE = 'e2e_install';
/** The template every installation starts with (server: modules/templates/default-template.ts). */
const DEFAULT_TEMPLATE = '上门维修服务评价';
const SUBJECT = '壁挂空调上门安装';

/** Picks the option showing `label` of the Select opened by clicking `trigger`. */
const pickOption = (page: Page, trigger: Locator, label: string) =>
  pickAntdOption(
    page,
    trigger,
    page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: label }).first(),
  );

describe.skipIf(!hasBrowser)('work-order console', () => {
  let server: ServerProcess;
  let browser: Browser;

  // Per attempt: a CI retry gets a fresh server (the first attempt's service type and changed admin password would
  // otherwise be there already: CI once retried into a 409 on the same code, its modal left open over the page).
  beforeEach(async () => {
    [server, browser] = await Promise.all([startServerProcess(), launchBrowser()]);
  });

  afterEach(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('configures a QR rating workflow, completes a work order and sees the QR card and the timeline', {
    timeout: 170_000,
  }, async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    const pageState = watchPage(page);
    try {
      await firstAdminLogin(page, server.url, server.adminPassword, NEW_PASSWORD);

      // A service type, then its workflow: rating in QR mode with the default template.
      await page.getByTestId('main-menu').getByText('服务类型').click();
      await page.waitForURL('**/org/service-types');
      await page.getByTestId('add-service-type').click();
      await page.fill('[data-testid=service-type-name]', SERVICE_TYPE);
      await page.fill('[data-testid=service-type-code]', SERVICE_CODE);
      await page.click('[data-testid=service-type-save]');
      const row = page.getByTestId('service-types-table').locator('tbody tr', { hasText: SERVICE_TYPE });
      await row.waitFor();
      await row.getByTestId('service-type-workflow').click();
      await page.waitForURL(/\/org\/service-types\/[0-9a-f-]{36}\/workflow$/);
      await page.getByTestId('workflow-title').getByText(SERVICE_TYPE).waitFor();
      await page.getByTestId('rating-mode-qr').click();
      await pickOption(page, page.getByTestId('rating-template'), DEFAULT_TEMPLATE);
      // Wait for this save's own answer: an earlier "saved" toast may still be on screen.
      const saved = page.waitForResponse((r) => r.url().endsWith('/workflow') && r.request().method() === 'PUT');
      await page.getByTestId('workflow-save').click();
      expect((await saved).status()).toBe(200);

      // A work order of that type.
      await page.getByTestId('main-menu').getByText('工单').click();
      await page.waitForURL('**/work-orders');
      await page.getByTestId('add-work-order').click();
      const drawer = page.getByTestId('work-order-drawer');
      await drawer.waitFor();
      await page.fill('[data-testid=wo-subject]', SUBJECT);
      await pickOption(page, drawer.getByTestId('wo-service-type'), SERVICE_TYPE);
      await page.fill('[data-testid=wo-customer-name]', '李女士');
      await page.fill('[data-testid=wo-customer-phone]', '13800001111');
      await page.fill('[data-testid=wo-store]', '上海徐汇店');
      await page.click('[data-testid=work-order-save]');
      await page.waitForURL(/\/work-orders\/[0-9a-f-]{36}$/);
      const status = page.getByTestId('work-order-status');
      await expect.poll(() => status.textContent()).toBe('新建');

      // new → assigned → in service → completed, with the buttons the state allows.
      for (const [action, label] of [
        ['assign', '已分配'],
        ['start', '服务中'],
        ['complete', '已完成'],
      ] as const) {
        await page.getByTestId(`action-${action}`).click();
        if (action === 'assign') {
          // Assign asks for whom: the only employee so far is the admin.
          const modal = page.getByTestId('assign-modal');
          await pickOption(page, modal.getByTestId('assign-engineer'), '(');
          await modal.locator('.ant-btn-primary').click();
        }
        await expect.poll(() => status.textContent(), { timeout: 10_000 }).toBe(label);
      }

      // Completing started the rating node in QR mode: the QR card shows the code and the link.
      await expect.poll(() => page.getByTestId('node-rating-status').textContent(), { timeout: 10_000 }).toBe('等待中');
      const card = page.getByTestId('qr-card');
      await card.waitFor({ timeout: 10_000 });
      const image = card.getByTestId('qr-image');
      await image.waitFor();
      await expect
        .poll(() =>
          image.evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth),
        )
        .toBeGreaterThan(0);
      expect(await card.getByTestId('qr-link').textContent()).toMatch(/\/r\/\S+/);
      expect(await card.getByTestId('qr-print').getAttribute('href')).toMatch(
        /\/api\/v1\/invitations\/[0-9a-f-]{36}\/card$/,
      );

      // The timeline shows the status changes and the invitation, oldest first.
      const timeline = page.getByTestId('timeline');
      await expect
        .poll(() => timeline.getByTestId('timeline-item').allTextContents(), { timeout: 10_000 })
        .toEqual(
          expect.arrayContaining([
            expect.stringContaining('状态从 新建 变为 已分配'),
            expect.stringContaining('状态从 已分配 变为 服务中'),
            expect.stringContaining('状态从 服务中 变为 已完成'),
            expect.stringContaining('已创建评价邀请'),
          ]),
        );
      const texts = await timeline.getByTestId('timeline-item').allTextContents();
      const at = (needle: string) => texts.findIndex((text) => text.includes(needle));
      expect(at('变为 已分配')).toBeLessThan(at('变为 服务中'));
      expect(at('变为 已完成')).toBeLessThan(at('已创建评价邀请'));

      // The invitation is listed too.
      await page.getByTestId('invitations-table').locator('tbody tr.ant-table-row').first().waitFor();

      fs.mkdirSync('test-results', { recursive: true });
      await page.screenshot({ path: 'test-results/work-orders.png', fullPage: true });
    } catch (error) {
      fs.mkdirSync('test-results', { recursive: true });
      await page.screenshot({ path: 'test-results/work-orders-failure.png', fullPage: true }).catch(() => {});
      throw new Error(
        `${(error as Error).message}\n--- page ---\n${await pageState()}\n--- server output ---\n${server.output().slice(-4000)}`,
        {
          cause: error,
        },
      );
    } finally {
      await context.close();
    }
  });
});
