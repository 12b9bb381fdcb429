import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const E2E_WEB_DIST = path.resolve('dist/web');

/** Builds the console once for the browser tests, and makes sure a browser exists (required under CI). */
export default async function setup() {
  if (!fs.existsSync('/usr/bin/chromium')) {
    const message = 'Browser tests need /usr/bin/chromium (apt-get install -y chromium).';
    if (process.env.CI === 'true') throw new Error(message);
    console.warn(`${message} Browser tests will be skipped.`);
  }
  if (process.env.RATELOOP_E2E_SKIP_BUILD !== '1') {
    execFileSync(
      process.execPath,
      ['node_modules/vite/bin/vite.js', 'build', '--config', 'src/web/vite.config.ts', '--logLevel', 'error'],
      // Vitest sets NODE_ENV=test, and Vite bundles React's development build whenever NODE_ENV is not
      // production (the login page then transferred 347 KB instead of ~290 KB): build what users get.
      { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } },
    );
  }
}
