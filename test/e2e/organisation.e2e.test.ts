import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstAdminLogin, firstLogin, hasBrowser, launchBrowser, watchPage } from '../support/browser.js';
import { adminHeaders, callApi } from '../support/console-data.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

const NEW_PASSWORD = 'organisation-owner-pass-42';
const SUPERVISOR_PASSWORD = 'organisation-lead-pass-42';
const SHOTS = 'test-results';

const pageFits = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

describe.skipIf(!hasBrowser)('Settings → Organisation profile', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeEach(async () => {
    [server, browser] = await Promise.all([startServerProcess({ timeoutMs: 300_000 }), launchBrowser()]);
  }, 330_000);
  afterEach(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an admin edits the profile (field errors, the time-zone warning, sign-in to rate); a supervisor reads it on a phone', {
    timeout: 300_000,
  }, async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    const contexts = [context];
    let page = await context.newPage();
    let report = watchPage(page);
    try {
      await firstAdminLogin(page, server.url, server.adminPassword, NEW_PASSWORD);
      const headers = await adminHeaders(server.url, NEW_PASSWORD);

      // From the menu: Settings → Organisation profile.
      await page.getByTestId('main-menu').getByText('Organisation profile').click();
      await page.waitForURL('**/settings/organisation');
      await expect.poll(() => page.getByTestId('organisation-name').inputValue()).toBe('Rateloop');
      await expect(page.getByTestId('organisation-save').isDisabled()).resolves.toBe(true);
      await expect(page.getByTestId('organisation-portal-link').getAttribute('href')).resolves.toBe('/c/');
      await expect(page.getByTestId('organisation-portal-link').getAttribute('target')).resolves.toBe('_blank');

      // A bad logo address and an empty name are refused in the form; nothing is sent.
      await page.fill('[data-testid=organisation-name]', ' ');
      await page.fill('[data-testid=organisation-logo]', 'logo.png');
      await page.getByTestId('organisation-save').click();
      await page.getByText('Enter the company name.').waitFor();
      await page.getByText('Enter an address starting with http:// or https://.').waitFor();
      expect((await callApi(server.url, headers, 'GET', '/settings/organisation')).companyName).toBe('Rateloop');

      await page.fill('[data-testid=organisation-name]', 'Anju Home Service');
      await page.fill('[data-testid=organisation-logo]', 'https://cdn.example.com/anju.png');
      await page.getByTestId('organisation-logo-preview').waitFor();
      await page.getByTestId('organisation-time-zone').click();
      await page.keyboard.type('Berlin');
      await page.locator('.ant-select-item-option', { hasText: 'Europe/Berlin' }).click();
      await page.getByTestId('organisation-time-zone-warning').waitFor();
      await page.getByTestId('organisation-language').getByText('English').click();
      await page.getByTestId('organisation-sign-in').click();
      await page.getByTestId('organisation-state').getByText('Unsaved changes').waitFor();

      // The network drops while editing and the background refetch fails (and its retry): the edits stay on screen.
      let refused = 0;
      await page.route('**/api/v1/settings/organisation', (route) => {
        if (route.request().method() !== 'GET') return route.fallback();
        refused += 1;
        return route.abort('connectionreset');
      });
      await page.evaluate(() => {
        window.dispatchEvent(new Event('offline'));
        window.dispatchEvent(new Event('online'));
      });
      await expect.poll(() => refused).toBe(2);
      await page.unroute('**/api/v1/settings/organisation');
      await page.getByTestId('organisation-time-zone-warning').waitFor();
      expect(await page.getByTestId('organisation-name').inputValue()).toBe('Anju Home Service');
      await page.screenshot({ path: `${SHOTS}/organisation-edit.png`, fullPage: true });
      await page.getByTestId('organisation-save').click();
      await page.getByText('Organisation profile saved. Analytics are being rebuilt').waitFor();
      await page.getByTestId('organisation-state').getByText('All changes saved').waitFor();
      expect(await callApi(server.url, headers, 'GET', '/settings/organisation')).toEqual({
        companyName: 'Anju Home Service',
        logoUrl: 'https://cdn.example.com/anju.png',
        timeZone: 'Europe/Berlin',
        defaultLanguage: 'en',
        requireSignInToRate: true,
      });

      // Discard puts the saved values back.
      await page.fill('[data-testid=organisation-name]', 'Something else');
      await page.getByTestId('organisation-discard').click();
      await page.locator('.ant-popconfirm .ant-btn-dangerous').click();
      await expect.poll(() => page.getByTestId('organisation-name').inputValue()).toBe('Anju Home Service');

      // A supervisor (org.read, no settings.write) reads it, read-only, on a phone in Chinese.
      const username = `zhuguan${Date.now()}`;
      const created = await callApi(server.url, headers, 'POST', '/employees', {
        employeeNo: `S${Date.now()}`,
        name: '王主管',
        roles: ['supervisor'],
        login: { username },
      });
      const lead = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 } });
      contexts.push(lead);
      page = await lead.newPage();
      report = watchPage(page);
      await firstLogin(page, server.url, username, created.initialPassword, SUPERVISOR_PASSWORD);
      await page.goto(`${server.url}/settings/organisation`);
      await page.getByTestId('organisation-read-only').waitFor();
      await expect.poll(() => page.getByTestId('organisation-name').inputValue()).toBe('Anju Home Service');
      expect(await page.getByTestId('organisation-name').isDisabled()).toBe(true);
      expect(await page.getByTestId('organisation-save').count()).toBe(0);
      expect(await pageFits(page)).toBe(true);
      await page.screenshot({ path: `${SHOTS}/organisation-read-only-phone.png`, fullPage: true });
    } catch (error) {
      await page.screenshot({ path: `${SHOTS}/organisation-failure.png`, fullPage: true }).catch(() => {});
      throw new Error(`${(error as Error).message}\n${await report()}`);
    } finally {
      for (const c of contexts) await c.close();
    }
  });
});
