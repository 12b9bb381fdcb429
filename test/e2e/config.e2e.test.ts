import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** A bad environment variable stops start-up with the variable's name in the message (exit code 2). */
function start(env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/server/cli/start.ts', '--no-build'], {
    env: { ...process.env, DATA_DIR: '/tmp/rateloop-config-test-unused', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('configuration at start-up', () => {
  it.each([
    ['PORT', 'not-a-port'],
    ['DATABASE_URL', 'mysql://localhost/x'],
    ['PUBLIC_BASE_URL', 'ftp://example.com'],
    ['ADMIN_INITIAL_PASSWORD', 'short'],
    ['NODE_ENV', 'staging'],
  ])('%s=%s stops the process with the variable named', (name, value) => {
    const res = start({ [name]: value });
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('Invalid configuration');
    expect(res.stderr).toContain(name);
  });
});
