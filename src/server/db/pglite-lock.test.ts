import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError, ownerIsLive, ownerOf, parseLock } from './pglite-lock.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

function liveStranger(command = process.execPath, args = ['-e', 'setTimeout(() => {}, 60000)']) {
  const child = spawn(command, args, { stdio: 'ignore' });
  children.push(child);
  // Until exec, the child still shows its parent's command line: wait for the program's own.
  const name = path.basename(command);
  for (let i = 0; i < 200; i++) {
    let cmdline = '';
    try {
      cmdline = fs.readFileSync(`/proc/${child.pid}/cmdline`, 'utf8');
    } catch {}
    if (
      cmdline.split('\0')[0]?.endsWith(name) &&
      (name !== path.basename(process.execPath) || cmdline.includes('setTimeout'))
    )
      break;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
  }
  return child.pid!;
}

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'rateloop-lock-'));
const writeLock = (dir: string, content: string) => fs.writeFileSync(path.join(dir, 'rateloop.lock'), content);

describe.runIf(process.platform === 'linux')('the data-folder lock', () => {
  it('records who holds it and releases it', () => {
    const dir = tempDir();
    const lock = acquireDataDirLock(dir);
    const owner = parseLock(fs.readFileSync(path.join(dir, 'rateloop.lock'), 'utf8'));
    expect(owner).toEqual(ownerOf(process.pid));
    expect(owner?.bootId).toMatch(/^[0-9a-f-]{36}$/);
    expect(owner?.startTicks).toMatch(/^\d+$/);
    lock.release();
    expect(fs.existsSync(path.join(dir, 'rateloop.lock'))).toBe(false);
  });

  it('refuses while the very process that wrote the lock lives', () => {
    const dir = tempDir();
    const pid = liveStranger();
    writeLock(dir, JSON.stringify(ownerOf(pid)));
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
  });

  it('takes over a lock whose pid was reused by a process that started at another time', () => {
    const dir = tempDir();
    const pid = liveStranger();
    writeLock(dir, JSON.stringify({ ...ownerOf(pid), startTicks: '1' }));
    fs.writeFileSync(path.join(dir, 'postmaster.pid'), '-42');
    const lock = acquireDataDirLock(dir);
    expect(fs.existsSync(path.join(dir, 'postmaster.pid'))).toBe(false);
    expect(parseLock(fs.readFileSync(path.join(dir, 'rateloop.lock'), 'utf8'))?.pid).toBe(process.pid);
    lock.release();
  });

  it('takes over a lock written before the last boot, even if its pid and start time match a live process', () => {
    const pid = liveStranger();
    expect(ownerIsLive({ ...ownerOf(pid), bootId: '00000000-0000-0000-0000-000000000000' })).toBe(false);
  });

  it('reads the bare pid of older versions: a live Node process holds it, a reused pid of another program does not', () => {
    expect(ownerIsLive(parseLock(String(liveStranger()))!)).toBe(true);
    expect(ownerIsLive(parseLock(String(liveStranger('sleep', ['60'])))!)).toBe(false);
    expect(ownerIsLive(parseLock('999999999')!)).toBe(false);
    expect(parseLock('garbage')).toBeNull();
  });
});
