import fs from 'node:fs';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
/** Outside CI a machine without Chromium skips browser tests; under CI=true they are required. */
export const hasBrowser = fs.existsSync(CHROMIUM) || process.env.CI === 'true';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * The first admin login every console test starts with: log in with the initial password, be sent to the forced
 * password change, choose `newPassword`, land on the home page. When CI retries a test on the same server the
 * password was already changed by the first attempt: the initial one is then refused and `newPassword` logs in.
 */
export async function firstAdminLogin(page: Page, url: string, initialPassword: string, newPassword: string) {
  await firstLogin(page, url, 'admin', initialPassword, newPassword);
}

/** `firstAdminLogin` for any user with a one-time initial password (an engineer made by the admin). */
export async function firstLogin(
  page: Page,
  url: string,
  username: string,
  initialPassword: string,
  newPassword: string,
) {
  await page.goto(url);
  await page.waitForURL('**/login');
  await page.fill('[data-testid=login-username]', username);
  await page.fill('[data-testid=login-password]', initialPassword);
  await page.click('[data-testid=login-submit]');
  // The losing wait times out later; its rejection is swallowed so it is not reported as unhandled.
  const outcome = await Promise.race([
    page
      .waitForURL('**/change-password')
      .then(() => 'change' as const)
      .catch(() => 'timeout' as const),
    page
      .getByTestId('login-error')
      .waitFor()
      .then(() => 'refused' as const)
      .catch(() => 'timeout' as const),
  ]);
  if (outcome === 'timeout')
    throw new Error(`first login of ${username}: neither the password change nor a login error`);
  if (outcome === 'refused') {
    await page.fill('[data-testid=login-password]', newPassword);
    await page.click('[data-testid=login-submit]');
    await page.getByTestId('home-card').waitFor();
    return;
  }
  await page.fill('[data-testid=current-password]', initialPassword);
  await page.fill('[data-testid=new-password]', newPassword);
  await page.fill('[data-testid=confirm-password]', newPassword);
  await page.click('[data-testid=change-password-submit]');
  await page.getByTestId('home-card').waitFor();
}

/**
 * Opens an antd Select/TreeSelect by clicking `trigger` and clicks `option` in its dropdown — retried, because a
 * closing drawer or popup may steal the first click. With `until`, the pick counts only once that locator shows
 * (e.g. the fields a chosen provider brings); otherwise it is tried again.
 */
export async function pickAntdOption(page: Page, trigger: string | Locator, option: Locator, until?: Locator) {
  const clickTrigger = () => (typeof trigger === 'string' ? page.click(trigger) : trigger.click());
  for (let attempt = 1; ; attempt++) {
    await clickTrigger();
    try {
      // Options that come from the server (EmployeeSelect searches) take longer on a loaded machine: wait longer
      // on each attempt.
      await option.waitFor({ state: 'visible', timeout: 3_000 * attempt });
      await option.click({ timeout: 3_000 });
      if (until) await until.waitFor({ timeout: 5_000 });
      return;
    } catch (error) {
      if (attempt >= 4) throw error;
      // Close a dropdown left open by clicking its trigger again — not Escape, which inside a modal closes the
      // modal too (an "Assign" test then clicked OK on a closing modal and nothing was sent).
      if (await page.locator('.ant-select-dropdown:visible').count()) await clickTrigger();
    }
  }
}

/**
 * What a failed browser test's message should carry besides the step that timed out: the page's URL, the API
 * answers ≥ 400, requests that got no answer, in-page navigations, uncaught and console errors, and the form errors
 * and messages on screen. CI keeps only the printed output (not the screenshot), so a failure there must explain
 * itself.
 */
export function watchPage(page: Page): () => Promise<string> {
  const events: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400) {
      events.push(`${response.status()} ${response.request().method()} ${new URL(response.url()).pathname}`);
    }
  });
  page.on('pageerror', (error) => events.push(`pageerror: ${error.message}`));
  // A request that got no answer at all (reset, aborted): no response event, yet a query may have failed on it.
  page.on('requestfailed', (request) =>
    events.push(`failed: ${request.method()} ${request.url()} ${request.failure()?.errorText ?? ''}`),
  );
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) events.push(`navigated: ${new URL(frame.url()).pathname}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error') events.push(`console: ${message.text()}`);
  });
  return async () => {
    const onScreen = await page
      .locator('.ant-form-item-explain-error, .ant-message-notice, .ant-notification-notice, .ant-alert')
      .allTextContents()
      .catch(() => []);
    return [`url: ${page.url()}`, ...events.slice(-20), ...onScreen.map((text) => `on screen: ${text}`)].join('\n');
  };
}
