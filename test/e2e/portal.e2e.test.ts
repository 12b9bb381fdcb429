import '../support/no-network.js';
import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstAdminLogin, hasBrowser, launchBrowser, watchPage } from '../support/browser.js';
import { adminHeaders, callApi, smsRuleServiceType } from '../support/console-data.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

const NEW_PASSWORD = 'portal-owner-pass-42';
const PHONE = '13800138456';
const SHOTS = process.env.SCREENSHOT_DIR ?? 'test-results';

/**
 * Issue 20: a customer on a phone signs in to the portal with the code texted to them (the sandbox SMS channel keeps
 * it), sees their work orders, rates the pending one from there, and reads the portal in both languages.
 */
describe.skipIf(!hasBrowser)('customer portal', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeEach(async () => {
    [server, browser] = await Promise.all([
      startServerProcess({ env: { SANDBOX_CHANNEL_ENABLED: 'true' }, timeoutMs: 180_000 }),
      launchBrowser(),
    ]);
  }, 240_000);
  afterEach(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('signs in with a texted code on a phone, rates a pending work order, in Chinese and English', {
    timeout: 300_000,
  }, async () => {
    const admin = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    await firstAdminLogin(await admin.newPage(), server.url, server.adminPassword, NEW_PASSWORD);
    const headers = await adminHeaders(server.url, NEW_PASSWORD);
    const st = await smsRuleServiceType(server.url, headers, { name: '空调维修', code: 'ac-repair' });
    const rated = await callApi(server.url, headers, 'POST', '/work-orders', {
      subject: '空调不制冷',
      serviceTypeId: st.id,
      customer: { name: '李女士', phone: PHONE, locale: 'zh-CN' },
      status: 'in_service',
    });
    await callApi(server.url, headers, 'POST', '/work-orders', {
      subject: '空调移机预约',
      serviceTypeId: st.id,
      customer: { name: '李女士', phone: `+86 ${PHONE}` },
    });
    await callApi(server.url, headers, 'POST', '/work-orders', {
      subject: '别人的热水器',
      serviceTypeId: st.id,
      customer: { name: '王先生', phone: '13900001111' },
    });
    await callApi(server.url, headers, 'PATCH', `/work-orders/${rated.id}`, { status: 'completed' });

    const context = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    const pageState = watchPage(page);
    try {
      await page.goto(`${server.url}/c/`);
      await page.getByRole('heading', { name: '登录客户中心' }).waitFor();
      await page.getByLabel('手机号').fill(PHONE);
      await page.getByTestId('portal-send-code').click();
      await page.getByRole('heading', { name: '输入验证码' }).waitFor();
      expect(await page.textContent('main')).toContain('138****8456');

      // The code as the customer's phone got it: the sandbox inbox (the sign-in code and the invitation land there).
      let code = '';
      for (let i = 0; i < 60 && !code; i++) {
        const inbox = await callApi(server.url, headers, 'GET', '/sandbox/messages?channel=sms&limit=50');
        const sms = (inbox.items as { recipient: string; text: string }[]).find(
          (m) => m.recipient === `+86${PHONE}` && m.text.includes('验证码'),
        );
        code = sms ? /(\d{6})/.exec(sms.text)![1]! : '';
        if (!code) await new Promise((r) => setTimeout(r, 500));
      }
      expect(code).toMatch(/^\d{6}$/);
      await page.getByLabel('6 位验证码').fill(code);
      await page.getByTestId('portal-sign-in').click();

      await page.getByRole('heading', { name: '我的服务' }).waitFor();
      const items = page.getByTestId('portal-work-order');
      await expect.poll(() => items.count()).toBe(2);
      expect(await page.textContent('main')).not.toContain('别人的热水器');
      // The invitation of the completed work order (created with the completion): rated from the portal.
      const rate = page.getByTestId('portal-rate');
      await expect.poll(() => rate.count()).toBe(1);
      // No horizontal scrolling on a phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      fs.mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: `${SHOTS}/portal-zh-phone.png`, fullPage: true });

      await rate.click();
      await page.click('label[for="q-response_speed-4"]');
      await page.click('label[for="q-technical_ability-4"]');
      await page.click('label[for="q-attitude-4"]');
      await page.click('label[for="q-problem_resolved-0"]');
      await page.click('button[type=submit]');
      await page.waitForURL('**/thanks**');

      await page.goto(`${server.url}/c/`);
      await page.getByRole('heading', { name: '我的服务' }).waitFor();
      expect(await page.getByTestId('portal-rate').count()).toBe(0);
      expect(await page.textContent('main')).toContain('已评价');

      // English: the switch keeps the session.
      await page.getByRole('link', { name: 'English' }).click();
      await page.getByRole('heading', { name: 'My service' }).waitFor();
      expect(await page.textContent('main')).toContain('Rated');
      await page.screenshot({ path: `${SHOTS}/portal-en-phone.png`, fullPage: true });

      await page.getByTestId('portal-sign-out').click();
      await page.getByRole('heading', { name: 'Sign in to the customer centre' }).waitFor();
    } catch (error) {
      await page.screenshot({ path: `${SHOTS}/portal-failure.png`, fullPage: true }).catch(() => {});
      throw new Error(
        `${(error as Error).message}\n--- page ---\n${await pageState()}\n--- server ---\n${server.output().slice(-3000)}`,
        {
          cause: error,
        },
      );
    } finally {
      await context.close();
      await admin.close();
    }
  });
});
