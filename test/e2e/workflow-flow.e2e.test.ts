import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstAdminLogin, hasBrowser, launchBrowser, pickAntdOption } from '../support/browser.js';
import { adminHeaders, callApi } from '../support/console-data.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

/**
 * Issue #13 in the console: a flow of two rating nodes built in the editor — a mandatory QR rating when the work
 * order is assigned, the default rule rating when it is completed — then a work order that reaches the first one.
 * Screenshots (desktop 1440 and phone 390×844, zh-CN and en) go to $SCREENSHOT_DIR when set.
 */
const NEW_PASSWORD = 'flow-owner-pass-42';
const SERVICE_TYPE = '上门维修 流程';
/** The template every installation starts with (server: modules/templates/default-template.ts). */
const DEFAULT_TEMPLATE = '上门维修服务评价';
const SHOTS = process.env.SCREENSHOT_DIR;
/** expect.poll waits 1 s by default: too short for a query that loads after the page on a busy machine. */
const POLL = { timeout: 15_000 };

const pickOption = (page: Page, trigger: Locator, label: string) =>
  pickAntdOption(
    page,
    trigger,
    page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: label }).first(),
  );

async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SHOTS, `workflow-flow-${name}.png`), fullPage: true });
}

describe.skipIf(!hasBrowser)('work-order flow: nodes at any stage', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeEach(async () => {
    [server, browser] = await Promise.all([startServerProcess({ timeoutMs: 180_000 }), launchBrowser()]);
  });

  afterEach(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('builds a two-rating flow in the editor and sees the first node start on assignment', {
    timeout: 120_000,
  }, async () => {
    const contexts: BrowserContext[] = [];
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 1000 } });
    contexts.push(context);
    const page = await context.newPage();
    try {
      await firstAdminLogin(page, server.url, server.adminPassword, NEW_PASSWORD);
      const headers = await adminHeaders(server.url, NEW_PASSWORD);
      // A code of its own per attempt: CI retries a failed test on the same server.
      const attempt = Date.now().toString(36).slice(-5);
      const st = await callApi<{ id: string }>(server.url, headers, 'POST', '/service-types', {
        name: `${SERVICE_TYPE} ${attempt}`,
        code: `flow_repair_${attempt}`,
      });
      const editorUrl = `${server.url}/org/service-types/${st.id}/workflow`;

      // The default flow: one rule rating when completed. Add a QR rating when assigned, mandatory.
      await page.goto(editorUrl);
      await page.getByTestId('workflow-title').getByText(SERVICE_TYPE).waitFor();
      const assigned = page.getByTestId('stage-assigned');
      const completed = page.getByTestId('stage-completed');
      expect(await completed.getByTestId('rating-node').count()).toBe(1);
      expect(await assigned.getByTestId('rating-node').count()).toBe(0);
      await assigned.getByTestId('add-rating-assigned').click();
      const first = assigned.getByTestId('rating-node');
      await first.waitFor();
      // A new node's key is generated unique and may be edited; a stored node's key is fixed.
      expect(await first.getByTestId('node-key').inputValue()).toBe('rating_2');
      expect(await completed.getByTestId('node-key-fixed').textContent()).toBe('rating');
      await first.getByTestId('node-key').fill('Dispatch');
      await expect.poll(() => first.locator('.ant-form-item-explain-error').count(), POLL).toBeGreaterThan(0);
      await first.getByTestId('node-key').fill('dispatch');
      await first.getByTestId('rating-mode-qr').click();
      await pickOption(page, first.getByTestId('rating-template'), DEFAULT_TEMPLATE);
      await first.getByTestId('rating-mandatory').click();
      // A follow-up when closed, whose "send back" label the work order's rework button uses.
      await page.getByTestId('add-follow-up-closed').click();
      const followUp = page.getByTestId('stage-closed').getByTestId('follow-up-node');
      await followUp.getByTestId('follow-up-send-back-label-en').fill('Return for rework');
      await shot(page, 'editor-zh-CN-desktop');

      const saved = page.waitForResponse((r) => r.url().endsWith('/workflow') && r.request().method() === 'PUT');
      await page.getByTestId('workflow-save').click();
      const answer = await saved;
      expect(answer.status()).toBe(200);
      // The stored node's key went back unchanged, the new one with the key typed.
      const body = answer.request().postDataJSON() as { nodes: { key: string; stage: string }[] };
      expect(body.nodes.map((n) => `${n.key}@${n.stage}`)).toEqual([
        'dispatch@assigned',
        'rating@completed',
        'follow_up@closed',
      ]);
      expect(body.nodes[2]).toMatchObject({ sendBackButtonLabel: { en: 'Return for rework' } });
      const workflow = await callApi(server.url, headers, 'GET', `/service-types/${st.id}/workflow`);
      expect(workflow.nodes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ key: 'dispatch', stage: 'assigned', mode: 'qr', mandatory: true }),
          expect.objectContaining({ key: 'rating', stage: 'completed', mode: 'rule', mandatory: false }),
          expect.objectContaining({
            key: 'follow_up',
            stage: 'closed',
            sendBackButtonLabel: expect.objectContaining({ en: 'Return for rework' }),
          }),
        ]),
      );
      // Saved: the new node's key is fixed now too.
      await expect.poll(() => assigned.getByTestId('node-key-fixed').textContent(), POLL).toBe('dispatch');

      // A work order by API, moved to assigned: the dispatch node starts, the QR card shows.
      const wo = await callApi<{ id: string }>(server.url, headers, 'POST', '/work-orders', {
        subject: '热水器维修',
        serviceTypeId: st.id,
        customer: { name: '王先生', phone: '13800002222', locale: 'zh-CN' },
      });
      await callApi(server.url, headers, 'PATCH', `/work-orders/${wo.id}`, { status: 'assigned' });
      await page.goto(`${server.url}/work-orders/${wo.id}`);
      const dispatch = page.locator('[data-testid=node-rating][data-node-key=dispatch]');
      const later = page.locator('[data-testid=node-rating][data-node-key=rating]');
      await expect
        .poll(() => dispatch.getByTestId('node-rating-status').textContent(), { timeout: 10_000 })
        .toBe('等待中');
      expect(await dispatch.getByTestId('node-stage').textContent()).toBe('分配后');
      expect(await later.getByTestId('node-rating-status').textContent()).toBe('未开始');
      await page.getByTestId('qr-card').waitFor({ timeout: 10_000 });
      await shot(page, 'detail-zh-CN-desktop');

      // The mandatory node blocks "start service", and the message names it.
      await page.getByTestId('action-start').click();
      const conflict = page.getByTestId('status-conflict');
      await conflict.waitFor({ timeout: 10_000 });
      expect(await conflict.textContent()).toContain('dispatch');
      expect(await page.getByTestId('work-order-status').textContent()).toBe('已分配');

      // Both languages, both sizes: the editor, then the work order.
      await page.evaluate(() => localStorage.setItem('rateloop.lang', 'en'));
      await page.goto(editorUrl);
      await assigned.getByTestId('rating-node').waitFor();
      expect(await assigned.textContent()).toContain('When assigned');
      expect(await page.getByTestId('stage-closed').textContent()).toContain('Add follow-up node');
      await shot(page, 'editor-en-desktop');
      await page.goto(`${server.url}/work-orders/${wo.id}`);
      await expect.poll(() => dispatch.getByTestId('node-rating-status').textContent(), POLL).toBe('Waiting');
      await shot(page, 'detail-en-desktop');

      const phoneContext = await browser.newContext({
        locale: 'zh-CN',
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
        storageState: await context.storageState(),
      });
      contexts.push(phoneContext);
      const phone = await phoneContext.newPage();
      for (const lang of ['zh-CN', 'en']) {
        await phone.goto(server.url);
        await phone.evaluate((l) => localStorage.setItem('rateloop.lang', l), lang);
        await phone.goto(editorUrl);
        await phone.getByTestId('stage-assigned').getByTestId('rating-node').waitFor();
        expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        await shot(phone, `editor-${lang}-phone`);
        await phone.goto(`${server.url}/work-orders/${wo.id}`);
        await phone.locator('[data-testid=node-rating][data-node-key=dispatch]').waitFor();
        expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        await shot(phone, `detail-${lang}-phone`);
      }

      // Skip the clicked node (its id is sent), finish the service, then send it back for rework: round 2.
      await page.reload();
      const skipped = page.waitForResponse((r) => r.url().endsWith('/nodes/rating/skip'));
      await dispatch.getByTestId('skip-rating').click();
      await page.getByTestId('skip-reason').fill('客户不在现场');
      await page.locator('.ant-modal-footer .ant-btn-primary:visible').click();
      expect((await skipped).request().postDataJSON()).toMatchObject({ nodeId: expect.any(String) });
      await expect.poll(() => dispatch.getByTestId('node-rating-status').textContent(), POLL).toBe('Skipped');
      for (const status of ['in_service', 'completed']) {
        await callApi(server.url, headers, 'PATCH', `/work-orders/${wo.id}`, { status });
      }
      await page.reload();
      const rework = page.getByTestId('action-rework');
      // The label is the follow-up node's (once the workflow is loaded).
      await expect.poll(() => rework.textContent(), POLL).toContain('Return for rework');
      await rework.click();
      const modal = page.getByTestId('rework-modal');
      await modal.getByTestId('rework-reason').fill('The heater leaks again');
      await modal.locator('.ant-btn-primary').click();
      await expect.poll(() => page.getByTestId('work-order-round').textContent(), POLL).toBe('Round 2 (rework)');
      await expect
        .poll(() => page.getByTestId('node-round-title').allTextContents(), POLL)
        .toEqual(['Round 1', 'Round 2 (rework)']);
      await expect
        .poll(() => page.getByTestId('timeline-item').allTextContents(), POLL)
        .toContainEqual(expect.stringContaining('Sent back for rework, round 2 starts: The heater leaks again'));
      await shot(page, 'detail-rework-en-desktop');
    } catch (error) {
      fs.mkdirSync('test-results', { recursive: true });
      await page.screenshot({ path: 'test-results/workflow-flow-failure.png', fullPage: true }).catch(() => {});
      throw new Error(`${(error as Error).message}\n--- server output ---\n${server.output().slice(-4000)}`, {
        cause: error,
      });
    } finally {
      for (const c of contexts) await c.close();
    }
  });
});
