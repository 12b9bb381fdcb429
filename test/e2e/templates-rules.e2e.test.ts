import fs from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstAdminLogin, hasBrowser, launchBrowser, pickAntdOption } from '../support/browser.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

const NEW_PASSWORD = 'changed-owner-pass-42';
const TEMPLATE = '家电维修评价 E2E';
const RULE = '上海门店规则';
const STORE = 'Shanghai-01';

/** The worked example of SCORING.md: 5★, 4★, 3★, yes with weights 30/40/20/10 → S = 80.0 → 4.2★. */
const DIMENSIONS = [
  { key: 'response_speed', zh: '响应速度', en: 'Response speed', weight: 30, yesNo: false, pick: 4 },
  { key: 'technical_ability', zh: '技术能力', en: 'Technical ability', weight: 40, yesNo: false, pick: 3 },
  { key: 'attitude', zh: '服务态度', en: 'Service attitude', weight: 20, yesNo: false, pick: 2 },
  { key: 'problem_resolved', zh: '问题是否解决', en: 'Was the problem resolved?', weight: 10, yesNo: true, pick: 0 },
];

/** Picks the option titled `label` of the Select opened by clicking `trigger`. */
const pickOption = (page: Page, trigger: Locator, label: string) =>
  pickAntdOption(
    page,
    trigger,
    page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${label}"]`).first(),
  );

/** The `<input>` of an antd InputNumber/Input carrying `testId` (on the input itself or a wrapper). */
function inputOf(page: Page, testId: string): Locator {
  return page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();
}

describe.skipIf(!hasBrowser)('rating templates and rules console', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeEach(async () => {
    [server, browser] = await Promise.all([startServerProcess(), launchBrowser()]);
  });

  afterEach(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('builds and publishes a weighted template, previews the worked example, and dry-runs a rule', {
    timeout: 170_000,
  }, async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    try {
      await firstAdminLogin(page, server.url, server.adminPassword, NEW_PASSWORD);

      // The menu leads to the templates list.
      await page.getByTestId('main-menu').getByText('评价模板').click();
      await page.waitForURL('**/rating/templates');
      await page.getByTestId('templates-table').getByTestId('template-link').first().waitFor();

      await page.getByTestId('add-template').click();
      await page.fill('[data-testid=template-name]', TEMPLATE);
      await page.click('[data-testid=template-create-save]');
      await page.waitForURL(/\/rating\/templates\/[0-9a-f-]{36}$/);
      await page.getByTestId('template-title').getByText(TEMPLATE).waitFor();

      for (const [i, d] of DIMENSIONS.entries()) {
        await page.getByTestId('add-dimension').click();
        const card = page.getByTestId(`dimension-${i}`);
        await card.waitFor();
        if (d.yesNo) await pickOption(page, card.getByTestId(`dimension-${i}-type`), '是 / 否');
        await inputOf(page, `dimension-${i}-key`).fill(d.key);
        await inputOf(page, `dimension-${i}-label-zh-CN`).fill(d.zh);
        await inputOf(page, `dimension-${i}-label-en`).fill(d.en);
        await card.getByTestId(`dimension-${i}-required`).click();
      }
      // Every new question starts at weight 10: four of them do not total 100 yet.
      await page.getByTestId('weights-warning').waitFor();
      for (const [i, d] of DIMENSIONS.entries()) {
        const input = inputOf(page, `weight-input-${i}`);
        await input.fill(String(d.weight));
        await input.press('Tab');
      }
      await expect.poll(() => page.getByTestId('weight-percent-1').textContent()).toBe('40.0%');
      expect(await page.getByTestId('weights-warning').count()).toBe(0);

      await page.getByTestId('publish').click();
      await page.locator('.ant-popconfirm:visible .ant-btn-primary').click();
      await page.getByTestId('published-readonly').waitFor({ timeout: 15_000 });
      await expect.poll(() => page.getByTestId('template-tags').textContent()).toContain('v1');

      // The preview is the customer page: pick 5★, 4★, 3★ and "yes".
      const phone = page.frameLocator('[data-testid=preview-iframe]');
      await phone.locator('fieldset[data-key="problem_resolved"]').waitFor();
      for (const d of DIMENSIONS) await phone.locator(`label[for="q-${d.key}-${d.pick}"]`).click();
      await expect.poll(() => page.getByTestId('preview-score').textContent()).toBe('80.0');
      expect(await page.getByTestId('preview-stars').textContent()).toContain('4.2★');
      expect(await page.getByTestId('preview-class').textContent()).toBe('满意');

      // A rule using the template, scoped to one store.
      await page.getByTestId('main-menu').getByText('评价规则').click();
      await page.waitForURL('**/rating/rules');
      await page.getByTestId('add-rule').click();
      const drawer = page.getByTestId('rule-drawer');
      await page.fill('[data-testid=rule-name]', RULE);
      const builder = drawer.getByTestId('condition-builder');
      await builder.locator('.ruleGroup-addRule').first().click();
      const condition = builder.locator('.rule').first();
      await pickOption(page, condition.locator('.rule-fields'), '门店/站点');
      await condition.locator('.rule-value input, input.rule-value').first().fill(STORE);
      await pickOption(page, drawer.getByTestId('rule-template'), TEMPLATE);
      await page.click('[data-testid=rule-save]');
      await page.locator('.ant-drawer-open').waitFor({ state: 'detached' });
      const row = page.getByTestId('rules-table').locator('tbody tr', { hasText: RULE });
      await row.waitFor();
      expect(await row.textContent()).toContain(STORE);

      // The dry run with that store matches the rule.
      await page.fill('[data-testid=dry-run-store]', STORE);
      await page.click('[data-testid=dry-run-submit]');
      const matched = page.getByTestId('dry-run-matched');
      await matched.waitFor();
      expect(await matched.textContent()).toContain(`匹配规则：${RULE}`);
      expect(await matched.textContent()).toContain(TEMPLATE);

      // Another store falls back, and the explanation names the failed condition and the actual value.
      await page.fill('[data-testid=dry-run-store]', 'Beijing-07');
      await page.click('[data-testid=dry-run-submit]');
      const failure = page.getByTestId('dry-run-failure').first();
      await failure.waitFor();
      expect(await failure.textContent()).toContain('Beijing-07');
      await page.fill('[data-testid=dry-run-store]', STORE);
      await page.click('[data-testid=dry-run-submit]');
      await expect.poll(() => page.getByTestId('dry-run-failure').count()).toBe(0);

      fs.mkdirSync('test-results', { recursive: true });
      await page.screenshot({ path: 'test-results/templates-rules.png', fullPage: true });
    } catch (error) {
      fs.mkdirSync('test-results', { recursive: true });
      await page.screenshot({ path: 'test-results/templates-rules-failure.png', fullPage: true }).catch(() => {});
      throw new Error(`${(error as Error).message}\n--- server output ---\n${server.output().slice(-4000)}`, {
        cause: error,
      });
    } finally {
      await context.close();
    }
  });
});
