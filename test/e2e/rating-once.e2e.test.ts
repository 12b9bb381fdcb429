import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openPostgres } from '../../src/server/db/client.js';
import { firstAdminLogin, hasBrowser, launchBrowser } from '../support/browser.js';
import { defaultTemplateVersionId, invitationFactory } from '../support/invitations.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';
import { adminUrl, dropPostgresDatabase, randomDbName } from '../support/template-db.js';

/**
 * Issue #12 part 4 in Chromium: on a multi-use QR invitation (several customers on one job), Back after rating and
 * submitting again never makes a second rating; a browser that rated is told so when it returns; "I am another
 * customer" is the explicit way to a second rating. Screenshots go to test-results/.
 */
const baseUrl = process.env.TEST_DATABASE_URL;
const dbName = randomDbName('rateloop_once');
const APP_SECRET = 'e2e-rating-once-secret-0123456789abcdef';
const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 };
const SHOTS = path.resolve('test-results');

let server: ServerProcess;
let browser: Browser;
let database: Database;
let version: string;

async function qrLink(locale: 'en' | 'zh-CN' = 'en', submissionLimit = 20) {
  const { path: linkPath, invitation } = await invitationFactory(
    database.db,
    { appSecret: APP_SECRET, publicBaseUrl: server.url },
    { templateVersionId: version, locale, source: 'qr', channels: ['qr'], submissionLimit },
  );
  return { url: `${server.url}${linkPath}`, id: invitation.id };
}

async function ratings(invitationId: string) {
  const { rows } = await database.sql.query<{ n: number }>(
    'select count(*)::int as n from ratings where invitation_id = $1',
    [invitationId],
  );
  return rows[0]!.n;
}

async function fillAndSubmit(page: Page) {
  await page.click('label[for="q-response_speed-4"]');
  await page.click('label[for="q-technical_ability-3"]');
  await page.click('label[for="q-attitude-4"]');
  await page.click('label[for="q-problem_resolved-0"]');
  await page.click('button[type=submit]');
  await page.waitForURL('**/thanks**');
}

describe.skipIf(!hasBrowser || !baseUrl)('one form, one rating (browser)', () => {
  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    await admin.end();
    const databaseUrl = adminUrl(baseUrl!, dbName);
    [server, browser] = await Promise.all([
      startServerProcess({ env: { DATABASE_URL: databaseUrl, APP_SECRET } }),
      launchBrowser(),
    ]);
    database = await openPostgres(databaseUrl, 2);
    version = await defaultTemplateVersionId(database.db);
    fs.mkdirSync(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await database?.close();
    if (baseUrl) await dropPostgresDatabase(baseUrl, dbName);
  });

  it('Back + submit again on a multi-use QR invitation: one rating, "already rated"', async () => {
    const link = await qrLink('en');
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await page.goto(link.url);
    const formToken = await page.locator('input[name=_form_token]').inputValue();
    await fillAndSubmit(page);
    expect(await ratings(link.id)).toBe(1);

    // Back: the form is not handed out again (re-fetched, or restored from the back/forward cache and reloaded).
    await page.goBack();
    await page.waitForURL(link.url);
    await expect(page.getByText('You have already rated this service').isVisible()).resolves.toBe(true);
    expect(await page.locator('button[type=submit]').count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'rating-once-rated-en.png'), fullPage: true });

    // The old form, kept by a browser (tab restored, page saved) and submitted again: the same token is refused.
    await page.evaluate(
      ({ action, token }) => {
        const f = document.createElement('form');
        f.method = 'post';
        f.action = action;
        const answers: Record<string, string> = {
          response_speed: '5',
          technical_ability: '4',
          attitude: '5',
          problem_resolved: 'yes',
          _form_token: token,
        };
        for (const [name, value] of Object.entries(answers)) {
          const input = document.createElement('input');
          input.type = 'hidden';
          input.name = name;
          input.value = value;
          f.append(input);
        }
        document.body.append(f);
        f.submit();
      },
      { action: new URL(link.url).pathname, token: formToken },
    );
    await page.getByText('Already submitted, thank you!').waitFor({ timeout: 15_000 });
    await page.screenshot({ path: path.join(SHOTS, 'rating-once-duplicate-en.png'), fullPage: true });
    expect(await ratings(link.id)).toBe(1);
    await context.close();
  });

  it('Back with JavaScript disabled: still "already rated", no second rating', async () => {
    const link = await qrLink('zh-CN');
    const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(link.url);
    await fillAndSubmit(page);
    await page.goBack();
    await expect(page.getByText('您已评价过本次服务').isVisible()).resolves.toBe(true);
    expect(await page.locator('button[type=submit]').count()).toBe(0);
    expect(await ratings(link.id)).toBe(1);
    await context.close();
  });

  it('a returning browser sees "you already rated"; "I am another customer" gives a second rating, once', async () => {
    const link = await qrLink('zh-CN');
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await page.goto(link.url);
    await fillAndSubmit(page);

    // Scanning the code again later, in a new tab of the same browser.
    const again = await context.newPage();
    await again.goto(link.url);
    await expect(again.getByText('您已评价过本次服务').isVisible()).resolves.toBe(true);
    await again.screenshot({ path: path.join(SHOTS, 'rating-once-rated-zh-CN.png'), fullPage: true });
    await again.getByText('我是另一位客户').click();
    await fillAndSubmit(again);
    expect(await ratings(link.id)).toBe(2);

    // Back to the second customer's form: that form was used.
    await again.goBack();
    await expect(again.getByText('您已评价过本次服务').isVisible()).resolves.toBe(true);
    expect(await again.locator('button[type=submit]').count()).toBe(0);
    expect(await ratings(link.id)).toBe(2);
    await context.close();
  });

  it('a single-use link never offers "I am another customer"', async () => {
    const { path: linkPath, invitation } = await invitationFactory(
      database.db,
      { appSecret: APP_SECRET, publicBaseUrl: server.url },
      { templateVersionId: version, locale: 'en' },
    );
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await page.goto(`${server.url}${linkPath}`);
    await fillAndSubmit(page);
    await page.goBack();
    await expect(page.getByText('You have already rated this service').isVisible()).resolves.toBe(true);
    expect(await page.getByText('I am another customer').count()).toBe(0);
    expect(await ratings(invitation.id)).toBe(1);
    await context.close();
  });

  it('the console chip counts the submissions ("Rated ×2" / "已评价 ×2")', async () => {
    const link = await qrLink('en');
    for (let i = 0; i < 2; i++) {
      const context = await browser.newContext(PHONE); // two customers, two phones
      const page = await context.newPage();
      await page.goto(link.url);
      await fillAndSubmit(page);
      await context.close();
    }
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await firstAdminLogin(page, server.url, server.adminPassword, 'Chip-check-password-1');
    for (const [lang, text] of [
      ['en', 'Rated ×2'],
      ['zh-CN', '已评价 ×2'],
    ] as const) {
      await page.evaluate((l) => localStorage.setItem('rateloop.lang', l), lang);
      await page.goto(`${server.url}/invitations`);
      await page.getByText(text).first().waitFor({ timeout: 20_000 });
      await page.screenshot({ path: path.join(SHOTS, `rating-once-chip-${lang}.png`) });
    }
    await context.close();
  });
});
