import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { apiLogin } from '../support/http-session.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

/** The embedded database must survive `kill -9`: the next start comes up by itself with every acknowledged write. */
const running: ServerProcess[] = [];
afterEach(async () => {
  for (const p of running.splice(0)) await p.kill();
});

const adminSession = (url: string, password: string) => apiLogin(url, 'admin', password);

describe('embedded database crash safety', () => {
  // As production runs it (the compiled server): through tsx a start also transpiles the sources, ~3 s of the 10.
  it('serves within 10 s after kill -9 with every acknowledged write', async () => {
    const first = await startServerProcess({ compiled: true });
    running.push(first);
    let { headers } = await adminSession(first.url, first.adminPassword);
    const newPassword = 'crash-test-password';
    const changed = await fetch(`${first.url}/api/v1/auth/password`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ currentPassword: first.adminPassword, newPassword }),
    });
    expect(changed.status).toBe(204);
    const acknowledged: string[] = [];
    for (let i = 0; i < 25; i++) {
      const res = await fetch(`${first.url}/api/v1/api-keys`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ name: `crash-${i}`, scopes: ['org:read'] }),
      });
      expect(res.status).toBe(201);
      acknowledged.push((await res.json()).id);
    }
    await first.kill();
    running.length = 0;
    expect(fs.existsSync(path.join(first.dataDir, 'rateloop.lock'))).toBe(true);

    const started = Date.now();
    const second = await startServerProcess({ dataDir: first.dataDir, timeoutMs: 10_000, compiled: true });
    running.push(second);
    const health = await fetch(`${second.url}/readyz`);
    expect(health.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(10_000);

    ({ headers } = await adminSession(second.url, newPassword));
    const list = await fetch(`${second.url}/api/v1/api-keys`, { headers });
    const ids = new Set(((await list.json()).items as { id: string }[]).map((k) => k.id));
    for (const id of acknowledged) expect(ids.has(id)).toBe(true);
    // The first start's admin is not created again (the password printed once stays the only one).
    expect(second.output()).not.toContain('First administrator');
  });

  it('starts when the stale lock names a pid now reused by a live, unrelated process', async () => {
    const first = await startServerProcess();
    await first.kill();
    // As after a reboot: the lock's pid now belongs to another live Node process (started later, so its start time
    // differs from the one the lock recorded).
    const lockPath = path.join(first.dataDir, 'rateloop.lock');
    const stranger = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 120000)'], { stdio: 'ignore' });
    try {
      const recorded = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
      fs.writeFileSync(lockPath, JSON.stringify({ ...recorded, pid: stranger.pid }));
      const second = await startServerProcess({ dataDir: first.dataDir, timeoutMs: 20_000 });
      running.push(second);
      expect((await fetch(`${second.url}/readyz`)).status).toBe(200);
      expect(stranger.exitCode).toBeNull();
    } finally {
      stranger.kill('SIGKILL');
    }
  });

  it('refuses a second process on the same data folder with a clear message', async () => {
    const first = await startServerProcess();
    running.push(first);
    await expect(startServerProcess({ dataDir: first.dataDir, timeoutMs: 20_000 })).rejects.toThrow(
      /in use by another Rateloop process \(pid \d+\)/,
    );
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
  });

  it('shuts down gracefully on SIGTERM and releases the data folder', async () => {
    const p = await startServerProcess();
    const code = await p.stop();
    expect(code).toBe(0);
    expect(fs.existsSync(path.join(p.dataDir, 'rateloop.lock'))).toBe(false);
    expect(fs.existsSync(path.join(p.dataDir, 'postmaster.pid'))).toBe(false);
  });
});
