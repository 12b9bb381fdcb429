import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureServerBuilt, type ServerProcess, startServerProcess } from '../support/server-process.js';

/** Issue #12 part 7: production runs the compiled server that `npm run build` wrote, not TypeScript via tsx. */
describe('the compiled server', () => {
  let server: ServerProcess;

  beforeAll(async () => {
    ensureServerBuilt();
    server = await startServerProcess({ compiled: true, timeoutMs: 170_000 });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('npm start under NODE_ENV=production runs dist/server/start.js: it serves, migrates, prints the banner', async () => {
    expect(fs.existsSync('dist/server/start.js')).toBe(true);
    expect(fs.existsSync('dist/server/migrations/meta/_journal.json')).toBe(true);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: server.adminPassword }),
    });
    expect(login.status).toBe(200);
    // The banner's last lines are the boxed one-time password; production logs are JSON.
    const out = server.output();
    expect(out.trimEnd().split('\n').at(-1)).toMatch(/^ {2}└─+┘$/);
    expect(out).toContain(`password: ${server.adminPassword}`);
    // The process runs the compiled file, not the sources through tsx.
    const cmdline = fs.readFileSync(`/proc/${server.child.pid}/cmdline`, 'utf8').split('\0');
    expect(cmdline).toContain('scripts/run-server.js');
    expect(cmdline.join(' ')).not.toContain('tsx');
  });

  it('without a build, NODE_ENV=production stops with "run npm run build"', () => {
    // The launcher finds dist/ beside its own folder: a copy in an empty folder has none.
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'rateloop-nobuild-'));
    try {
      fs.mkdirSync(path.join(empty, 'scripts'));
      fs.copyFileSync('scripts/run-server.js', path.join(empty, 'scripts/run-server.js'));
      const run = spawnSync(process.execPath, ['scripts/run-server.js', 'start'], {
        cwd: empty,
        env: { ...process.env, NODE_ENV: 'production' },
        encoding: 'utf8',
      });
      expect(run.status).toBe(2);
      expect(run.stderr).toContain('run npm run build');
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
