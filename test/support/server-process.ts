import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });

export interface ServerProcess {
  url: string;
  adminPassword: string;
  dataDir: string;
  child: ChildProcess;
  output(): string;
  /** SIGTERM and wait for exit. */
  stop(): Promise<number | null>;
  /** SIGKILL, as a crash would. */
  kill(): Promise<void>;
}

/** Starts `npm run worker` (job workers only, no HTTP) on a PostgreSQL database and waits until it works. */
export async function startWorkerProcess(databaseUrl: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/cli/worker.ts'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  while (!out.includes('worker started')) {
    if (child.exitCode !== null) throw new Error(`worker exited with ${child.exitCode}:\n${out}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`worker did not start in time:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    output: () => out,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

let built = false;
/**
 * `npm run build`'s server part, once per test file (each runs in its own worker): what `compiled: true` starts.
 * Through tsx a start also transpiles the sources, ~3 s more on this machine, which no installation pays — a restart
 * within 10 s is measured on what production runs.
 */
export function ensureServerBuilt(): void {
  if (built) return;
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-server.ts'], { stdio: 'pipe' });
  built = true;
}

/**
 * Starts the real server (`src/server/cli/start.ts`) as a child process on an embedded data folder of its own
 * (or `dataDir` to reuse one), and waits until it prints its URL.
 */
export async function startServerProcess(
  opts: {
    env?: Record<string, string>;
    dataDir?: string;
    timeoutMs?: number;
    /**
     * Start it as production does: `npm start` (scripts/run-server.js) on the compiled dist/server/start.js, built
     * first if this test file has not yet (`ensureServerBuilt`).
     */
    compiled?: boolean;
  } = {},
): Promise<ServerProcess> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'rateloop-e2e-'));
  const port = await freePort();
  const adminPassword = 'initial-admin-pass-1';
  if (opts.compiled) ensureServerBuilt();
  const args = opts.compiled
    ? ['scripts/run-server.js', 'start', '--no-build']
    : ['--import', 'tsx', 'src/server/cli/start.ts', '--no-build'];
  const child = spawn(process.execPath, args, {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      ADMIN_INITIAL_PASSWORD: adminPassword,
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  // Generous: a first start (migrations) on a loaded 2-core machine took ~100 s; the e2e hook limit is 180 s.
  const deadline = Date.now() + (opts.timeoutMs ?? 150_000);
  while (!out.includes('Rateloop is running at')) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${out}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start in time:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    adminPassword,
    dataDir,
    child,
    output: () => out,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
