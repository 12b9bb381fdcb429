import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openPostgres } from '../../src/server/db/client.js';
import { SYSTEM_ACTOR } from '../../src/server/http/principal.js';
import { DEFAULT_TEMPLATE_DIMENSIONS } from '../../src/server/modules/templates/default-template.js';
import { publishDraft, saveDraft } from '../../src/server/modules/templates/versions.service.js';
import { hasBrowser, launchBrowser } from '../support/browser.js';
import { templateFactory } from '../support/factories.js';
import { defaultTemplateVersionId, invitationFactory } from '../support/invitations.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';
import { adminUrl, dropPostgresDatabase, randomDbName } from '../support/template-db.js';

/**
 * The customer's page in a real browser on a phone: the server runs on its own PostgreSQL database (so this test
 * can create invitations beside it), Chromium opens the links. Screenshots go to test-results/.
 */
const baseUrl = process.env.TEST_DATABASE_URL;
const dbName = randomDbName('rateloop_rp');
const APP_SECRET = 'e2e-rating-page-secret-0123456789abcdef';
const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 };
const SHOTS = path.resolve('test-results');

let server: ServerProcess;
let browser: Browser;
let database: Database;
let versions: { vertical: string; horizontal: string };

async function newLink(layout: 'vertical' | 'horizontal' = 'vertical', locale: string | null = 'en') {
  const { path: linkPath } = await invitationFactory(
    database.db,
    { appSecret: APP_SECRET, publicBaseUrl: server.url },
    { templateVersionId: versions[layout], locale },
  );
  return `${server.url}${linkPath}`;
}

/** Fails the test on any request that leaves the server (the page must make no third-party request). */
function onlyOwnOrigin(page: Page) {
  const foreign: string[] = [];
  page.on('request', (req) => {
    if (!req.url().startsWith(server.url) && !req.url().startsWith('data:')) foreign.push(req.url());
  });
  return foreign;
}

async function ratingCount(linkUrl: string) {
  const token = linkUrl.split('/r/')[1]!;
  const res = await fetch(`${server.url}/api/v1/public/invitations/${token}`);
  return (await res.json()).submissionsLeft as number;
}

describe.skipIf(!hasBrowser || !baseUrl)('customer rating page in the browser', () => {
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
    const vertical = await defaultTemplateVersionId(database.db);
    const template = await templateFactory(database.db, {
      name: 'Horizontal',
      dimensions: DEFAULT_TEMPLATE_DIMENSIONS,
    });
    await saveDraft(database.db, SYSTEM_ACTOR, template.id, {
      layout: 'horizontal',
      weighting: true,
      dimensions: DEFAULT_TEMPLATE_DIMENSIONS,
    });
    const horizontal = (await publishDraft(database.db, SYSTEM_ACTOR, template.id)).id;
    versions = { vertical, horizontal };
    fs.mkdirSync(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await database?.close();
    if (baseUrl) await dropPostgresDatabase(baseUrl, dbName);
  });

  it('is filled with the keyboard only on a phone and lands on the thank-you page', async () => {
    const link = await newLink('vertical', 'en');
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    const foreign = onlyOwnOrigin(page);
    await page.goto(link);
    // Tab into each radio group, Space selects the first option, arrows move the selection.
    const group = async (arrows: number) => {
      await page.keyboard.press('Tab');
      await page.keyboard.press('Space');
      for (let i = 0; i < arrows; i++) await page.keyboard.press('ArrowRight');
    };
    await group(4); // response speed 5
    await group(3); // technical ability 4
    await group(2); // attitude 3
    await group(0); // problem resolved: yes
    expect(await page.locator('#q-response_speed-4').isChecked()).toBe(true);
    expect(await page.locator('#q-attitude-2').isChecked()).toBe(true);
    await page.keyboard.press('Tab'); // the optional choice: skipped
    await page.keyboard.press('Tab'); // the suggestions
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await page.keyboard.type('Quick and friendly');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('submit');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/thanks**');
    await expect(page.getByText('Thank you').first().isVisible()).resolves.toBe(true);
    expect(foreign).toEqual([]);
    expect(await ratingCount(link)).toBe(0);
    await context.close();
  });

  it('is filled by touch and lands on the thank-you page', async () => {
    const link = await newLink('horizontal', 'zh-CN');
    const context = await browser.newContext({ ...PHONE, hasTouch: true, isMobile: true });
    const page = await context.newPage();
    await page.goto(link);
    await page.tap('label[for="q-response_speed-4"]');
    await page.tap('label[for="q-technical_ability-3"]');
    await page.tap('label[for="q-attitude-4"]');
    await page.tap('label[for="q-problem_resolved-0"]');
    await page.tap('label[for="q-would_recommend-0"]');
    expect(await page.locator('#q-technical_ability-3').isChecked()).toBe(true);
    await page.tap('button[type=submit]');
    await page.waitForURL('**/thanks**');
    await expect(page.getByText('感谢您的评价').isVisible()).resolves.toBe(true);
    expect(await ratingCount(link)).toBe(0);
    await context.close();
  });

  it('works with JavaScript disabled: server-side errors, then the thank-you page', async () => {
    const link = await newLink('vertical', 'en');
    const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(link);
    await page.click('label[for="q-response_speed-1"]');
    // The browser's own `required` check would stop the post: a no-JS phone without constraint validation is
    // what the server-side validation is for, so post the form as such a browser would.
    await page.evaluate(() => document.querySelector('form')?.setAttribute('novalidate', ''));
    await page.click('button[type=submit]');
    await expect(page.getByText('Please answer this question').first().isVisible()).resolves.toBe(true);
    expect(await page.locator('#q-response_speed-1').isChecked()).toBe(true); // kept
    await page.click('label[for="q-technical_ability-1"]');
    await page.click('label[for="q-attitude-0"]');
    await page.click('label[for="q-problem_resolved-1"]');
    await page.click('button[type=submit]');
    await page.waitForURL('**/thanks**');
    // A negative rating offers "contact me about this"; it works without JS too.
    await page.click('input[name=contact]');
    await page.click('.contact button[type=submit]');
    await expect(page.getByText('we will contact you').isVisible()).resolves.toBe(true);
    await context.close();
  });

  for (const lang of ['zh-CN', 'en'] as const) {
    for (const layout of ['vertical', 'horizontal'] as const) {
      it(`looks right in ${lang}, ${layout} layout (screenshot)`, async () => {
        const link = await newLink(layout, lang);
        const context = await browser.newContext(PHONE);
        const page = await context.newPage();
        await page.goto(link);
        const texts = lang === 'en' ? ['Response speed', 'Submit'] : ['响应速度', '提交评价'];
        for (const text of texts) await expect(page.getByText(text).first().isVisible()).resolves.toBe(true);
        expect(await page.locator('main.page').getAttribute('class')).toContain(layout === 'vertical' ? 'l-v' : 'l-h');
        const file = path.join(SHOTS, `rating-page-${lang}-${layout}.png`);
        await page.screenshot({ path: file, fullPage: true });
        expect(fs.statSync(file).size).toBeGreaterThan(20_000);
        // On a phone both layouts stack; from 600 px the horizontal layout puts labels beside the answers.
        await page.setViewportSize({ width: 768, height: 1024 });
        const legend = await page.locator('#q-response_speed > legend').boundingBox();
        const answers = await page.locator('#q-response_speed > .body').boundingBox();
        if (layout === 'horizontal') expect(answers!.x).toBeGreaterThan(legend!.x + legend!.width - 1);
        else expect(answers!.y).toBeGreaterThan(legend!.y + legend!.height - 1);
        await page.screenshot({ path: path.join(SHOTS, `rating-page-${lang}-${layout}-tablet.png`), fullPage: true });
        await context.close();
      });
    }
  }
});
