import fs from 'node:fs';
import path from 'node:path';

/**
 * PGlite keeps no lock of its own that survives a crash: after `kill -9` it leaves `postmaster.pid` (content -42)
 * and the next open hangs forever. We hold our own lock file with the real pid instead, refuse a second live
 * process, and clear PGlite's stale marker when no live owner exists.
 */
export class DataDirLockedError extends Error {}

const LOCK_FILE = 'rateloop.lock';

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface DataDirLock {
  release(): void;
}

export function acquireDataDirLock(dataDir: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number.parseInt(fs.readFileSync(lockPath, 'utf8').trim(), 10);
      if (owner !== process.pid && isAlive(owner)) {
        throw new DataDirLockedError(
          `The data folder ${path.resolve(dataDir)} is in use by another Rateloop process (pid ${owner}). ` +
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
      try {
        if (fs.readFileSync(lockPath, 'utf8').trim() === String(process.pid)) fs.rmSync(lockPath, { force: true });
      } catch {
        // already gone
      }
    },
  };
}
