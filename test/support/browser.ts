import fs from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';

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
 * password change, choose `newPassword`, land on the home page.
 */
export async function firstAdminLogin(page: Page, url: string, initialPassword: string, newPassword: string) {
  await page.goto(url);
  await page.waitForURL('**/login');
  await page.fill('[data-testid=login-username]', 'admin');
  await page.fill('[data-testid=login-password]', initialPassword);
  await page.click('[data-testid=login-submit]');
  await page.waitForURL('**/change-password');
  await page.fill('[data-testid=current-password]', initialPassword);
  await page.fill('[data-testid=new-password]', newPassword);
  await page.fill('[data-testid=confirm-password]', newPassword);
  await page.click('[data-testid=change-password-submit]');
  await page.getByTestId('home-card').waitFor();
}
