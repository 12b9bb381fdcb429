import fs from 'node:fs';
import path from 'node:path';

/**
 * PGlite keeps no lock of its own that survives a crash: after `kill -9` it leaves `postmaster.pid` (content -42)
 * and the next open hangs forever. We hold our own lock file instead, refuse a second live process, and clear
 * PGlite's stale marker when no live owner exists.
 *
 * A pid alone does not name a process for long: after a reboot (or enough process churn) the pid in a stale lock
 * can belong to an unrelated live process, and a pid-only check would then refuse to start for ever. So the lock
 * records the machine's boot id and the owner's start time (Linux `/proc`), and a lock whose pid now belongs to a
 * process that started at another time, or that was written before the last boot, is stale.
 */
export class DataDirLockedError extends Error {}

const LOCK_FILE = 'rateloop.lock';

/** Who holds the lock: enough to tell the same process from a later one that reuses its pid. */
export interface LockOwner {
  pid: number;
  /** `/proc/sys/kernel/random/boot_id`; null where there is no /proc (macOS). */
  bootId: string | null;
  /** Field 22 of `/proc/<pid>/stat`: the start time in clock ticks after boot; null where unknown. */
  startTicks: string | null;
}

const readText = (file: string): string | null => {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
};

export const currentBootId = (): string | null => readText('/proc/sys/kernel/random/boot_id')?.trim() || null;

/** The start time of a live process, or null when it is gone or the platform has no /proc. */
export function processStartTicks(pid: number): string | null {
  const stat = readText(`/proc/${pid}/stat`);
  if (!stat) return null;
  // The command name (field 2) is in parentheses and may itself contain spaces or ')': split after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19] ?? null; // fields[0] is field 3 (state), so field 22 is fields[19]
}

export function ownerOf(pid: number): LockOwner {
  return { pid, bootId: currentBootId(), startTicks: processStartTicks(pid) };
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Reads a lock file: the JSON owner, or the bare pid older versions wrote. */
export function parseLock(text: string): LockOwner | null {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return { pid: Number(trimmed), bootId: null, startTicks: null };
  try {
    const o = JSON.parse(trimmed) as Partial<LockOwner>;
    if (typeof o.pid !== 'number') return null;
    return {
      pid: o.pid,
      bootId: typeof o.bootId === 'string' ? o.bootId : null,
      startTicks: typeof o.startTicks === 'string' ? o.startTicks : null,
    };
  } catch {
    return null;
  }
}

/** Whether the process that wrote the lock still runs: the same pid, the same boot, the same start time. */
export function ownerIsLive(owner: LockOwner): boolean {
  if (!isAlive(owner.pid)) return false;
  const bootId = currentBootId();
  if (owner.bootId && bootId && owner.bootId !== bootId) return false;
  const startTicks = processStartTicks(owner.pid);
  if (owner.startTicks && startTicks) return owner.startTicks === startTicks;
  // An old bare-pid lock: a live pid counts only if it is a Node process (ours was one).
  const cmdline = readText(`/proc/${owner.pid}/cmdline`);
  return cmdline === null || /node|tsx/.test(cmdline);
}

export interface DataDirLock {
  release(): void;
}

export function acquireDataDirLock(dataDir: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, LOCK_FILE);
  const me = JSON.stringify(ownerOf(process.pid));
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, me, { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = parseLock(readText(lockPath) ?? '');
      if (owner && owner.pid !== process.pid && ownerIsLive(owner)) {
        throw new DataDirLockedError(
          `The data folder ${path.resolve(dataDir)} is in use by another Rateloop process (pid ${owner.pid}). ` +
            'Stop it first, or point DATA_DIR at another folder, or use PostgreSQL (DATABASE_URL) to run several processes.',
        );
      }
      fs.rmSync(lockPath, { force: true });
      if (attempt === 1) throw new DataDirLockedError(`Could not take the lock ${lockPath}`);
    }
  }
  // No live owner: any postmaster.pid left in the data folder is from a crashed run.
  fs.rmSync(path.join(dataDir, 'postmaster.pid'), { force: true });
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      if (parseLock(readText(lockPath) ?? '')?.pid === process.pid) fs.rmSync(lockPath, { force: true });
    },
  };
}
