import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstAdminLogin, hasBrowser, launchBrowser } from '../support/browser.js';
import { adminHeaders, callApi, qrServiceType, rateQrWorkOrder } from '../support/console-data.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

const NEW_PASSWORD = 'keywords-owner-pass-42';
const SHOTS = 'test-results';

/** The default template's answers with a comment in `suggestions`. */
const withComment = (suggestions: string) => ({
  response_speed: 2,
  technical_ability: 3,
  attitude: 3,
  problem_resolved: false,
  suggestions,
});

const pageFits = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

describe.skipIf(!hasBrowser)('comment keywords in the console', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeEach(async () => {
    [server, browser] = await Promise.all([startServerProcess({ timeoutMs: 300_000 }), launchBrowser()]);
  }, 330_000);
  afterEach(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the keywords of the comments, links one to its ratings, and edits the dictionary — zh-CN, en, 390 px', {
    timeout: 400_000,
  }, async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1360, height: 1000 } });
    const page = await context.newPage();
    const contexts = [context];
    try {
      await firstAdminLogin(page, server.url, server.adminPassword, NEW_PASSWORD);
      const headers = await adminHeaders(server.url, NEW_PASSWORD);
      const st = await qrServiceType(server.url, headers, '空调维修 关键词');
      const rate = (subject: string, answers: Record<string, unknown>) =>
        rateQrWorkOrder(
          server.url,
          headers,
          { subject, serviceTypeId: st.id, customer: { name: '王先生', phone: '13800002222', locale: 'zh-CN' } },
          answers,
        );
      await rate('空调 1', withComment('压缩机异响，师傅上门更换'));
      await rate('空调 2', withComment('外机漏水，压缩机坏了'));
      await rate('空调 3', withComment('The AC is not cooling'));

      // The dashboard's keyword card: 压缩机 in two comments (the processor may still be counting: reload).
      const compressor = page.getByTestId('keyword').filter({ hasText: '压缩机' });
      await expect
        .poll(
          async () => {
            await page.goto(`${server.url}/dashboard?period=today`);
            await page.getByTestId('keywords-card').waitFor({ timeout: 15_000 });
            return ((await compressor.textContent({ timeout: 5_000 }).catch(() => null)) ?? '').trim();
          },
          { timeout: 90_000, interval: 2_000 },
        )
        .toMatch(/^压缩机 2/);
      const card = page.getByTestId('keywords-card');
      expect(await card.textContent()).toContain('3 条评论');
      for (const term of ['外机', '师傅', 'cooling']) {
        expect(await card.getByTestId('keyword').filter({ hasText: term }).count()).toBe(1);
      }
      for (const stop of ['the', 'is', 'not']) {
        expect(
          await card
            .getByTestId('keyword')
            .filter({ hasText: new RegExp(`^${stop}\\b`) })
            .count(),
        ).toBe(0);
      }
      await page.screenshot({ path: `${SHOTS}/keywords-zh-desktop.png`, fullPage: true });

      // The keyword → the ratings list filtered to it (its total = the count), the filter shown as a removable tag.
      await compressor.click();
      await page.waitForURL(/\/ratings\?.*keyword=/);
      await expect.poll(() => page.getByTestId('ratings-count').textContent()).toBe('共 2 条评价');
      const tag = page.getByTestId('filter-keyword');
      expect(await tag.textContent()).toContain('关键词：压缩机');
      await tag.locator('.ant-tag-close-icon').click();
      await expect.poll(() => page.url()).not.toContain('keyword=');
      await expect.poll(() => page.getByTestId('ratings-count').textContent()).toBe('共 3 条评价');

      // Settings → Keyword dictionary: the seeded words; a new one saved.
      await page.getByTestId('main-menu').getByRole('menuitem', { name: '关键词词典' }).click();
      await page.waitForURL('**/settings/keyword-dictionary');
      const words = page.getByTestId('dictionary-words');
      await words.getByText('压缩机', { exact: true }).waitFor();
      await words.locator('input').fill('铜管焊接');
      await words.locator('input').press('Enter');
      await page.getByTestId('dictionary-save').click();
      await page.getByText('已保存，正在重新切分评论。').waitFor();
      const saved = await callApi(server.url, headers, 'GET', '/analytics/keyword-dictionary');
      expect(saved.words).toContain('铜管焊接');
      expect(saved.words).toContain('压缩机');

      // English, on a phone: the card and the dictionary fit 390 px.
      const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
      contexts.push(phone);
      await phone.addCookies(await context.cookies());
      const mobile = await phone.newPage();
      await mobile.goto(server.url);
      await mobile.evaluate(() => localStorage.setItem('rateloop.lang', 'en'));
      await expect
        .poll(
          async () => {
            await mobile.goto(`${server.url}/dashboard?period=today`);
            await mobile.getByTestId('keywords-card').waitFor({ timeout: 15_000 });
            return (await mobile.getByTestId('keywords-card').textContent({ timeout: 5_000 })) ?? '';
          },
          { timeout: 90_000, interval: 2_000 },
        )
        .toContain('Comment keywords');
      await mobile.getByTestId('keyword').first().waitFor();
      expect(await pageFits(mobile)).toBe(true);
      await mobile.getByTestId('keywords-card').screenshot({ path: `${SHOTS}/keywords-en-phone.png` });
      await mobile.goto(`${server.url}/settings/keyword-dictionary`);
      await mobile.getByTestId('dictionary-words').getByText('铜管焊接', { exact: true }).waitFor();
      expect(await mobile.getByTestId('dictionary-count').textContent()).toMatch(/^\d+ \/ 2000 words$/);
      expect(await pageFits(mobile)).toBe(true);
      await mobile.screenshot({ path: `${SHOTS}/keyword-dictionary-en-phone.png`, fullPage: true });
    } catch (error) {
      await page.screenshot({ path: `${SHOTS}/keywords-failure.png`, fullPage: true }).catch(() => {});
      throw new Error(`${(error as Error).message}\n--- server output ---\n${server.output().slice(-4000)}`, {
        cause: error,
      });
    } finally {
      for (const c of contexts) await c.close();
    }
  });
});
