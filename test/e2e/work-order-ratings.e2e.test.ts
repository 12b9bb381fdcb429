import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstAdminLogin, hasBrowser, launchBrowser, pickAntdOption } from '../support/browser.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

const NEW_PASSWORD = 'changed-owner-pass-42';
const COMPANY = '鲸选家电服务';

interface Reply {
  status: number;
  body: Record<string, unknown> & { id?: string };
}

/** A console API call from the logged-in page (session cookie, CSRF header), as the console makes it. */
function api(page: Page, method: string, url: string, body?: unknown): Promise<Reply> {
  return page.evaluate(
    async ([m, u, b]) => {
      const csrf = decodeURIComponent(/(?:^|; )rl_csrf=([^;]+)/.exec(document.cookie)?.[1] ?? '');
      const res = await fetch(`/api/v1${u}`, {
        method: m,
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: b === undefined ? undefined : JSON.stringify(b),
      });
      return { status: res.status, body: await res.json().catch(() => ({})) };
    },
    [method, url, body] as const,
  );
}

describe.skipIf(!hasBrowser)('work-order ratings in the console', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeEach(async () => {
    // A loaded machine may take minutes to start the server.
    [server, browser] = await Promise.all([startServerProcess({ timeoutMs: 300_000 }), launchBrowser()]);
  }, 330_000);
  afterEach(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("shows a rating's answers on the work order in both languages, the ★ in the list, and assigns with a picker", {
    timeout: 400_000,
  }, async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    const badRequests: string[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/api/v1/api/v1') || (r.url().includes('/api/') && r.status() === 404))
        badRequests.push(`${r.status()} ${r.url()}`);
    });
    try {
      await firstAdminLogin(page, server.url, server.adminPassword, NEW_PASSWORD);

      // Two completed work orders, each with a QR invitation a customer answers: one in English (satisfied), one
      // in Chinese (negative, with a comment).
      // Its own code per attempt: a retry runs on the same server, where the first attempt's service type exists.
      const attempt = Date.now().toString(36);
      const serviceType = await api(page, 'POST', '/service-types', {
        name: `上门维修 E2E ${attempt}`,
        code: `e2e_repair_${attempt}`,
      });
      expect(serviceType.status).toBe(201);
      const rated = async (subject: string, locale: 'en' | 'zh-CN', answers: Record<string, unknown>) => {
        const wo = await api(page, 'POST', '/work-orders', {
          subject,
          serviceTypeId: serviceType.body.id,
          customer: { name: '李女士', phone: '13800001111', locale },
        });
        expect(wo.status).toBe(201);
        expect((await api(page, 'PATCH', `/work-orders/${wo.body.id}`, { status: 'completed' })).status).toBe(200);
        const invitation = await api(page, 'POST', `/work-orders/${wo.body.id}/invitations`, { channels: ['qr'] });
        expect(invitation.status).toBe(201);
        const token = String(invitation.body.url).split('/r/')[1];
        const submitted = await fetch(`${server.url}/api/v1/public/invitations/${token}/ratings`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ answers }),
        });
        expect(submitted.status).toBe(201);
        return { id: String(wo.body.id), number: String(wo.body.number), ratingId: (await submitted.json()).id };
      };
      const english = await rated('Air conditioner repair', 'en', {
        response_speed: 5,
        technical_ability: 4,
        attitude: 3,
        problem_resolved: true,
        would_recommend: 'yes',
      });
      const chinese = await rated('洗衣机维修', 'zh-CN', {
        response_speed: 1,
        technical_ability: 1,
        attitude: 2,
        problem_resolved: false,
        suggestions: '等了三个小时',
      });

      // An SMS invitation without an SMS channel: its delivery attempts fail (the attempts table below).
      const sms = await api(page, 'POST', `/work-orders/${english.id}/invitations`, { channels: ['sms', 'email'] });
      expect(sms.status).toBe(201);

      // zh-CN console: the chrome in Chinese, the answers in the words and scale the customer answered.
      await page.goto(`${server.url}/work-orders/${english.id}`);
      const panel = page.getByTestId('ratings-panel');
      await panel.getByTestId('rating').first().waitFor();
      expect(await panel.locator('.ant-card-head-title').textContent()).toBe('评价');
      const rating = panel.getByTestId('rating').first();
      expect(await rating.getByTestId('rating-stars').textContent()).toContain('4.2');
      expect(await rating.getByTestId('rating-class').textContent()).toBe('好评');
      expect(await rating.getByTestId('rating-score').textContent()).toBe('得分 80.0 / 100');
      expect(await rating.getByTestId('rating-origin').textContent()).toBe('现场扫码');
      expect(await rating.getByTestId('rating-channel').textContent()).toBe('经二维码');
      const rows = rating.locator('.ant-descriptions-row');
      await expect
        .poll(() => rows.allInnerTexts())
        .toEqual([
          expect.stringMatching(/Response speed\s+5 \/ 5/),
          expect.stringMatching(/Technical ability\s+4 \/ 5/),
          expect.stringMatching(/Service attitude\s+3 \/ 5/),
          expect.stringMatching(/Problem resolved\s+Yes/),
          expect.stringMatching(/Would you recommend us\?\s+Yes/),
          expect.stringMatching(/Your suggestions\s+未作答/),
        ]);

      // The delivery attempts table stays inside its card (it scrolls or wraps), at 1440 and 390 wide.
      const attemptsFit = async (p: Page, width: number) => {
        const card = p.getByTestId('invitations-table');
        const row = card.locator('tbody tr.ant-table-row', { hasText: /SMS|短信/ }).first();
        await expect
          .poll(
            async () => {
              await p.reload();
              await row.waitFor();
              await row.locator('.ant-table-row-expand-icon').click();
              return p.getByTestId('attempts-table').locator('tbody tr.ant-table-row').count();
            },
            { timeout: 60_000, interval: 2_000 },
          )
          .toBeGreaterThan(0);
        const outer = await card.boundingBox();
        const inner = await p.getByTestId('attempts-table').boundingBox();
        expect(outer && inner).toBeTruthy();
        expect(inner!.x).toBeGreaterThanOrEqual(outer!.x - 1);
        expect(inner!.x + inner!.width).toBeLessThanOrEqual(Math.min(outer!.x + outer!.width, width) + 1);
        await p.getByTestId('attempts-table').scrollIntoViewIfNeeded();
        await p.screenshot({ path: `test-results/work-order-attempts-${width}.png` });
      };
      await attemptsFit(page, 1440);

      // The timeline's "rated" entry links to the rating.
      await page.getByTestId('timeline-rating-link').first().click();
      await page.waitForURL(`**/work-orders/${english.id}#rating-${english.ratingId}`);

      // The list: ★ and class instead of the node's "Completed"; the negative one marked.
      await page.goto(`${server.url}/work-orders`);
      const rowOf = (number: string) => page.locator('tbody tr', { hasText: number });
      await rowOf(chinese.number).getByTestId('work-order-rating').waitFor();
      expect(await rowOf(chinese.number).getByTestId('work-order-rating').getAttribute('data-class')).toBe('negative');
      expect(await rowOf(chinese.number).getByTestId('rating-class').textContent()).toBe('差评');
      expect(await rowOf(english.number).getByTestId('rating-stars').textContent()).toContain('4.2');
      await page.screenshot({ path: 'test-results/work-order-ratings-list.png' });

      // en console on a phone: the Chinese rating keeps its Chinese words, the chrome is English.
      const phone = await browser.newContext({ locale: 'en', viewport: { width: 390, height: 844 } });
      await phone.addCookies(await context.cookies());
      const en = await phone.newPage();
      await en.goto(`${server.url}/work-orders/${chinese.id}`);
      const enPanel = en.getByTestId('ratings-panel');
      await enPanel.getByTestId('rating').first().waitFor();
      expect(await enPanel.locator('.ant-card-head-title').textContent()).toBe('Ratings');
      const negative = enPanel.getByTestId('rating').first();
      expect(await negative.getAttribute('data-class')).toBe('negative');
      expect(await negative.getByTestId('rating-class').textContent()).toBe('Negative');
      expect(await negative.getByTestId('rating-origin').textContent()).toBe('QR code on site');
      await expect
        .poll(() => negative.locator('.ant-descriptions-row').allInnerTexts())
        .toEqual([
          expect.stringMatching(/响应速度\s+1 \/ 5/),
          expect.stringMatching(/技术能力\s+1 \/ 5/),
          expect.stringMatching(/服务态度\s+2 \/ 5/),
          expect.stringMatching(/问题是否解决\s+否/),
          expect.stringMatching(/是否愿意推荐我们\s+not answered/),
          expect.stringMatching(/您的建议\s+“等了三个小时”/),
        ]);
      const box = await negative.boundingBox();
      expect(box && box.x + box.width).toBeLessThanOrEqual(390);
      await negative.scrollIntoViewIfNeeded();
      await en.screenshot({ path: 'test-results/work-order-ratings-390-en.png' });
      await en.goto(`${server.url}/work-orders/${english.id}`);
      await attemptsFit(en, 390);
      await phone.close();

      // "Assign" asks for whom.
      const fresh = await api(page, 'POST', '/work-orders', { subject: '待分配', serviceTypeId: serviceType.body.id });
      await page.goto(`${server.url}/work-orders/${fresh.body.id}`);
      await page.getByTestId('action-assign').click();
      const modal = page.getByTestId('assign-modal');
      await modal.getByTestId('assign-engineer').waitFor();
      await modal.locator('.ant-btn-primary').click();
      await modal.getByText('请先选择工程师').waitFor();
      await pickAntdOption(
        page,
        modal.getByTestId('assign-engineer'),
        page.locator('.ant-select-dropdown:visible .ant-select-item-option').first(),
      );
      await modal.locator('.ant-btn-primary').click();
      await expect.poll(() => page.getByTestId('work-order-status').textContent(), { timeout: 10_000 }).toBe('已分配');
      const assigned = await api(page, 'GET', `/work-orders/${fresh.body.id}`);
      expect(assigned.body.engineers).toHaveLength(1);

      // The template preview shows the organisation's name (it once asked /api/v1/api/v1/settings/organisation).
      expect((await api(page, 'PATCH', '/settings/organisation', { companyName: COMPANY })).status).toBe(200);
      const templates = await api(page, 'GET', '/rating-templates');
      const template = (templates.body.items as { id: string }[])[0]!;
      await page.goto(`${server.url}/rating/templates/${template.id}`);
      const preview = page.frameLocator('[data-testid=preview-iframe]');
      await preview.getByText(COMPANY).first().waitFor({ timeout: 15_000 });
      expect(badRequests).toEqual([]);
    } catch (error) {
      fs.mkdirSync('test-results', { recursive: true });
      await page.screenshot({ path: 'test-results/work-order-ratings-failure.png', fullPage: true }).catch(() => {});
      throw new Error(`${(error as Error).message}\n--- server output ---\n${server.output().slice(-4000)}`, {
        cause: error,
      });
    } finally {
      await context.close();
    }
  });
});
