import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstAdminLogin, hasBrowser, launchBrowser, pickAntdOption } from '../support/browser.js';
import { apiLogin } from '../support/http-session.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

/**
 * A console list's filters, sort and page live in the URL: after a reload, and in a new tab opened on the copied
 * link, the list shows the same rows and its controls show the same filters (src/web/components/useListState.ts).
 */
const NEW_PASSWORD = 'list-url-state-pass-42';
const TYPE_A = '空调安装 URL';
const TYPE_B = '热水器维修 URL';
const SEARCH = 'URL状态';
const SHOTS = 'test-results';

let server: ServerProcess;
let browser: Browser;

async function seed(url: string) {
  const { headers } = await apiLogin(url, 'admin', NEW_PASSWORD);
  const call = async (path: string, body: unknown) => {
    const res = await fetch(`${url}/api/v1${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    if (res.status >= 300) throw new Error(`POST ${path} → ${res.status} ${await res.text()}`);
    return (await res.json()) as { id: string };
  };
  // CI retries a failed test on the same server: the data is there already.
  const existing = await fetch(`${url}/api/v1/service-types?limit=500`, { headers });
  const types = ((await existing.json()) as { items: { code: string }[] }).items;
  if (types.some((t) => t.code === 'url_a')) return;
  const a = await call('/service-types', { name: TYPE_A, code: 'url_a' });
  const b = await call('/service-types', { name: TYPE_B, code: 'url_b' });
  // Oldest first: 01 … 25 match every filter; the others each miss one.
  for (let i = 1; i <= 25; i++) {
    await call('/work-orders', { subject: `${SEARCH} ${String(i).padStart(2, '0')}`, serviceTypeId: a.id });
    if (i % 8 === 0) await call('/work-orders', { subject: `${SEARCH} B${i}`, serviceTypeId: b.id });
    if (i % 8 === 4) await call('/work-orders', { subject: `其他工单 ${i}`, serviceTypeId: a.id });
    if (i % 8 === 6)
      await call('/work-orders', { subject: `${SEARCH} done ${i}`, serviceTypeId: a.id, status: 'completed' });
  }
  // 55 audit events of departments: the audit log (50 a page) has a second page of 5.
  for (let i = 1; i <= 55; i++) await call('/departments', { name: `URL 部门 ${i}`, kind: 'department' });
}

/** The subjects of the work-order table's rows, in order. */
async function subjects(page: Page): Promise<string[]> {
  const rows = page.getByTestId('work-orders-table').locator('tbody tr.ant-table-row');
  const texts = await rows.allTextContents();
  return texts.map((text) => /URL状态 (?:done \d+|B\d+|\d{2})|其他工单 \d+/.exec(text)?.[0] ?? text);
}

const PAGE_TWO = ['21', '22', '23', '24', '25'].map((n) => `${SEARCH} ${n}`);

/** The work-order list shows page 2 of the filtered, oldest-first list, and its controls show those filters. */
async function expectWorkOrderPageTwo(page: Page) {
  await expect.poll(() => subjects(page), { timeout: 15_000 }).toEqual(PAGE_TWO);
  expect(await page.getByTestId('work-order-search').locator('input').inputValue()).toBe(SEARCH);
  expect(await page.getByTestId('filter-service-type').textContent()).toContain(TYPE_A);
  expect(await page.getByTestId('filter-status').textContent()).toContain('新建');
  const createdAt = page.getByTestId('work-orders-table').locator('th', { hasText: '创建时间' });
  expect(await createdAt.getAttribute('aria-sort')).toBe('ascending');
  expect(await page.getByTestId('work-orders-page').textContent()).toBe('第 2 / 2 页');
}

async function shoot(
  context: BrowserContext,
  url: string,
  name: string,
  locale: string,
  width: number,
  height: number,
) {
  const other = await browser.newContext({
    locale,
    viewport: { width, height },
    storageState: await context.storageState(),
  });
  try {
    const page = await other.newPage();
    await page.addInitScript((lang) => localStorage.setItem('rateloop.lang', lang), locale);
    await page.goto(url);
    await page.locator('tbody tr.ant-table-row').first().waitFor();
    await page
      .locator('.ant-spin-spinning')
      .waitFor({ state: 'detached' })
      .catch(() => {});
    await page.screenshot({ path: `${SHOTS}/${name}-${locale}-${width}.png`, fullPage: true });
  } finally {
    await other.close();
  }
}

describe.skipIf(!hasBrowser)('list state in the URL', () => {
  beforeEach(async () => {
    [server, browser] = await Promise.all([startServerProcess(), launchBrowser()]);
    fs.mkdirSync(SHOTS, { recursive: true });
  });
  afterEach(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the work-order list and the audit log keep filters, sort and page across a reload and a pasted link', {
    timeout: 400_000,
  }, async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    try {
      await firstAdminLogin(page, server.url, server.adminPassword, NEW_PASSWORD);
      await seed(server.url);

      // Filters: search, service type, status; sort: oldest first; then the second page.
      await page.goto(`${server.url}/work-orders`);
      await page.getByTestId('work-orders-table').locator('tbody tr.ant-table-row').first().waitFor();
      await page.getByTestId('work-order-search').locator('input').fill(SEARCH);
      await page.getByTestId('work-order-search').locator('input').press('Enter');
      await page.waitForURL(/q=/);
      // Under load the option can be clicked while the dropdown still animates in and the pick lost: pick again
      // until the URL has it (a single select keeps an option picked twice).
      for (let attempt = 1; !new URL(page.url()).searchParams.get('serviceTypeId'); attempt++) {
        await pickAntdOption(
          page,
          page.getByTestId('filter-service-type'),
          page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: TYPE_A }),
        );
        await page.waitForURL(/serviceTypeId=/, { timeout: 5_000 }).catch((error) => {
          if (attempt >= 3) throw error;
        });
      }
      await page.keyboard.press('Escape');
      // A multiple select toggles: click the option until the URL has it (never twice once it is picked).
      const newStatus = page
        .locator('.ant-select-dropdown:visible .ant-select-item-option')
        .filter({ hasText: '新建' });
      for (let attempt = 1; !new URL(page.url()).searchParams.get('status'); attempt++) {
        if (!(await newStatus.isVisible())) await page.getByTestId('filter-status').click();
        await newStatus.click();
        await page.waitForURL(/status=new/, { timeout: 5_000 }).catch((error) => {
          if (attempt >= 3) throw error;
        });
      }
      await page.waitForURL(/status=new/);
      await page.keyboard.press('Escape');
      await page.getByTestId('work-orders-table').locator('th', { hasText: '创建时间' }).click();
      await page.waitForURL(/sort=createdAt/);
      await expect
        .poll(() => subjects(page).then((s) => s.slice(0, 2)), { timeout: 15_000 })
        .toEqual([`${SEARCH} 01`, `${SEARCH} 02`]);
      expect(await subjects(page)).toHaveLength(20);
      expect(await page.getByTestId('work-orders-total').textContent()).toContain('25');
      await page.getByTestId('work-orders-next').click();
      await expectWorkOrderPageTwo(page);

      const url = new URL(page.url());
      expect(url.searchParams.get('q')).toBe(SEARCH);
      expect(url.searchParams.get('status')).toBe('new');
      expect(url.searchParams.get('sort')).toBe('createdAt');
      expect(url.searchParams.getAll('after')).toHaveLength(1);

      // A reload, then the link pasted into a new tab: the same list, the same controls.
      await page.reload();
      await expectWorkOrderPageTwo(page);
      const pasted = await context.newPage();
      await pasted.goto(url.toString());
      await expectWorkOrderPageTwo(pasted);

      // Signed out, the pasted link leads through the login page back to the same list.
      const guestContext = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 1000 } });
      try {
        const guest = await guestContext.newPage();
        await guest.goto(url.toString());
        await guest.waitForURL('**/login');
        await guest.fill('[data-testid=login-username]', 'admin');
        await guest.fill('[data-testid=login-password]', NEW_PASSWORD);
        await guest.click('[data-testid=login-submit]');
        await guest.waitForURL(/\/work-orders\?/);
        await expectWorkOrderPageTwo(guest).catch(async (error) => {
          await guest.screenshot({ path: `${SHOTS}/list-url-state-guest-failure.png`, fullPage: true });
          throw new Error(`${guest.url()}: ${error}`);
        });
      } finally {
        await guestContext.close();
      }

      // Previous goes back to the first page, still filtered and sorted.
      await pasted.getByTestId('work-orders-prev').click();
      await expect.poll(() => subjects(pasted).then((s) => s[0]), { timeout: 15_000 }).toBe(`${SEARCH} 01`);
      expect(new URL(pasted.url()).searchParams.getAll('after')).toHaveLength(0);
      await pasted.close();

      // A link with values the list does not know shows the list without them, never a crash.
      await page.goto(
        `${server.url}/work-orders?status=nope&sort=subject&serviceTypeId=x&after=!!&createdFrom=2026-02-30`,
      );
      await page.getByTestId('work-orders-table').locator('tbody tr.ant-table-row').first().waitFor();
      expect(await page.getByTestId('work-orders-page').textContent()).toContain('第 1 /');

      for (const [locale, width, height] of [
        ['zh-CN', 1440, 1000],
        ['en', 1440, 1000],
        ['zh-CN', 390, 844],
        ['en', 390, 844],
      ] as const) {
        await shoot(context, url.toString(), 'list-url-work-orders', locale, width, height);
      }

      // The audit log: an entity-type filter and its second page survive a reload.
      await page.goto(`${server.url}/settings/audit`);
      // As above: under load the pick can be lost; pick again until the URL has it.
      for (let attempt = 1; !new URL(page.url()).searchParams.get('entityType'); attempt++) {
        await pickAntdOption(
          page,
          page.getByTestId('audit-entity-type'),
          page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '部门' }),
        );
        await page.waitForURL(/entityType=department/, { timeout: 5_000 }).catch((error) => {
          if (attempt >= 3) throw error;
        });
      }
      const auditRows = page.getByTestId('audit-table').locator('tbody tr.ant-table-row');
      // The unfiltered log also has 50 rows a page: wait until every row shown is a department's event.
      const auditView = async () => {
        const texts = await auditRows.allTextContents();
        return { count: texts.length, departments: texts.length > 0 && texts.every((t) => t.includes('部门')) };
      };
      await expect.poll(auditView, { timeout: 15_000 }).toEqual({ count: 50, departments: true });
      const firstOfPageOne = await auditRows.first().textContent();
      await page.getByTestId('audit-next').click();
      // 55 departments (+ any department event of the set-up): the second page holds the rest.
      await expect
        .poll(
          async () => {
            const view = await auditView();
            const first = await auditRows.first().textContent();
            return view.departments && view.count < 50 && first !== firstOfPageOne;
          },
          { timeout: 15_000 },
        )
        .toBe(true);
      const pageTwoCount = await auditRows.count();
      expect(pageTwoCount).toBeGreaterThanOrEqual(5);
      const firstOfPageTwo = await auditRows.first().textContent();
      expect(new URL(page.url()).searchParams.get('entityType')).toBe('department');
      await page.reload();
      await expect.poll(() => auditRows.count(), { timeout: 15_000 }).toBe(pageTwoCount);
      expect(await auditRows.first().textContent()).toBe(firstOfPageTwo);
      expect(await page.getByTestId('audit-entity-type').textContent()).toContain('部门');
      for (const [locale, width, height] of [
        ['zh-CN', 1440, 1000],
        ['en', 390, 844],
      ] as const) {
        await shoot(context, page.url(), 'list-url-audit', locale, width, height);
      }
    } catch (error) {
      await page.screenshot({ path: `${SHOTS}/list-url-state-failure.png`, fullPage: true }).catch(() => {});
      throw error;
    } finally {
      await context.close();
    }
  });
});
