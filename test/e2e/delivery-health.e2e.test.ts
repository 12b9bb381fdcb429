import '../support/no-network.js';
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstAdminLogin, hasBrowser, launchBrowser } from '../support/browser.js';
import { apiLogin } from '../support/http-session.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

/**
 * Delivery health (issue #12 part 2): the home page's set-up checklist, the warning about an enabled rule sending by
 * a channel without configuration, the failed invitation on the timeline ("failed: no SMS channel configured"),
 * the open-problem banner with Acknowledge — in zh-CN and en, on a desktop and a phone.
 */
const NEW_PASSWORD = 'delivery-health-pass-42';
const RULE = '短信规则 E2E';
const SHOTS = 'test-results';

async function seed(url: string) {
  const { headers } = await apiLogin(url, 'admin', NEW_PASSWORD);
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}/api/v1${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
    return res.json() as Promise<Record<string, unknown>>;
  };
  const templates = (await call('GET', '/rating-templates?limit=10')) as { items: { id: string }[] };
  await call('POST', '/rating-rules', { name: RULE, templateId: templates.items[0]!.id, channels: ['sms'] });
  const type = await call('POST', '/service-types', { name: '空调维修 健康', code: 'health_ac' });
  const wo = await call('POST', '/work-orders', {
    subject: '空调不制冷 健康',
    serviceTypeId: type.id,
    status: 'completed',
    customer: { name: '王五', phone: '13800000001', locale: 'zh-CN' },
  });
  return { workOrderId: wo.id as string };
}

async function shot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/delivery-health-${name}.png`, fullPage: true });
}

describe.skipIf(!hasBrowser)('delivery health in the console', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeEach(async () => {
    [server, browser] = await Promise.all([startServerProcess({ timeoutMs: 150_000 }), launchBrowser()]);
  });
  afterEach(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('checklist, missing-channel warning, failed invitation on the timeline, problem banner and Acknowledge', {
    timeout: 170_000,
  }, async () => {
    const zh = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 1000 } });
    const page = await zh.newPage();
    await firstAdminLogin(page, server.url, server.adminPassword, NEW_PASSWORD);

    // A fresh installation: the checklist, nothing configured yet.
    const checklist = page.getByTestId('setup-checklist');
    await checklist.waitFor();
    expect(await checklist.textContent()).toContain('开始使用');
    expect(await page.locator('[data-testid=setup-step][data-step=channel]').getAttribute('data-done')).toBe('false');
    expect(await page.locator('[data-testid=setup-step][data-step=department]').textContent()).toContain('创建部门');

    const { workOrderId } = await seed(server.url);

    // The enabled rule sends by SMS, which has no configuration: named, with the way to the channel settings.
    await page.reload();
    const warning = page.getByTestId('channel-warning');
    await warning.waitFor();
    expect(await warning.textContent()).toContain(`规则“${RULE}”通过短信发送，但该渠道未配置。`);
    expect(await page.getByTestId('channel-warning-configure').getAttribute('href')).toBe('/settings/channels');

    // The completed work order's invitation failed for lack of an SMS channel: one open problem.
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.getByTestId('home-card').waitFor();
          return page.getByTestId('delivery-problem').count();
        },
        { timeout: 60_000, interval: 2_000 },
      )
      .toBe(1);
    expect(await page.getByTestId('delivery-problems').textContent()).toContain('未配置短信渠道');
    await shot(page, 'zh-CN-home');

    await page.goto(`${server.url}/work-orders/${workOrderId}`);
    const timeline = page.getByTestId('timeline');
    await expect
      .poll(() => timeline.textContent(), { timeout: 15_000 })
      .toContain('通过短信发送邀请失败：未配置短信渠道');
    const text = (await timeline.textContent()) ?? '';
    expect(text).toContain('已创建评价邀请');
    expect(text).toContain('邀请发送失败：短信 — 未配置短信渠道');
    expect(text).not.toContain('发送评价邀请');

    // Invitations → the status filter counts the failed ones.
    await page.goto(`${server.url}/invitations`);
    await page.getByTestId('invitations-status').click();
    await page.locator('.ant-select-item-option', { hasText: '失败（1）' }).waitFor();
    await page.keyboard.press('Escape');
    await zh.close();

    // English, on a phone: the same banner; Acknowledge takes it away.
    const en = await browser.newContext({ locale: 'en-US', viewport: { width: 390, height: 844 }, isMobile: true });
    const phone = await en.newPage();
    await phone.goto(server.url);
    await phone.waitForURL('**/login');
    await phone.fill('[data-testid=login-username]', 'admin');
    await phone.fill('[data-testid=login-password]', NEW_PASSWORD);
    await phone.click('[data-testid=login-submit]');
    const problem = phone.getByTestId('delivery-problem');
    await problem.waitFor();
    expect(await problem.textContent()).toContain('No SMS channel is configured');
    expect(await phone.getByTestId('channel-warning').textContent()).toContain(
      `Rule “${RULE}” sends by SMS, which has no configuration.`,
    );
    await shot(phone, 'en-phone');
    await phone.goto(`${server.url}/work-orders/${workOrderId}`);
    await expect
      .poll(() => phone.getByTestId('timeline').textContent(), { timeout: 15_000 })
      .toContain('Invitation via SMS failed: no SMS channel configured');
    expect(await phone.getByTestId('timeline').textContent()).toContain('Rating invitation created');

    await phone.getByTestId('acknowledge-problem').click();
    await problem.waitFor({ state: 'detached' });
    await phone.reload();
    await phone.getByTestId('timeline').waitFor();
    expect(await phone.getByTestId('delivery-problem').count()).toBe(0);
    await en.close();
  });
});
