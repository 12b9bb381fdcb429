/**
 * Memory of the embedded mode (issue 15: "whole process tree ≤ 500 MB steady; production starts compiled JavaScript
 * with `node`, no wrappers"). Starts the real server as a child process on an embedded data folder, the way a user
 * does, and sums VmRSS (and PSS, which splits pages shared between the processes, e.g. the node binary under `npm`
 * and under the server) over the child and all its descendants, read from /proc.
 *
 * Launchers:
 *   npm-dev   `npm start -- --no-build`                          (development: scripts/run-server.js + tsx)
 *   npm-prod  `NODE_ENV=production npm start -- --no-build`      (run-server.js imports dist/server/start.js)
 *   node      `NODE_ENV=production node dist/server/start.js --no-build`   (no wrapper at all)
 * Scenarios: `first` (fresh data folder), `reopened` (the previous scenario's folder, started again), `demo` (fresh
 * folder, `--demo`).
 *
 * Per run: the tree is sampled every 250 ms from the spawn on (peak); when the URL is printed ("ready"); then a few
 * hundred requests (the console's index and main script, rating pages — real links from the sandbox inbox in the demo,
 * unknown tokens otherwise —, and a logged-in admin's API reads); then SETTLE seconds of quiet ("steady" = the last
 * sample). Stops the server with SIGTERM to its process group (npm forwards it) and waits for every process of the tree.
 *
 *   npm run build && npx tsx bench/memory/run.ts [launchers=npm-dev,npm-prod,node] [scenarios=first,reopened,demo]
 *   SETTLE=10 REQUESTS=300
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { apiLogin } from '../../test/support/http-session.js';
import { freePort } from '../../test/support/server-process.js';

const SETTLE_S = Number(process.env.SETTLE ?? 10);
const REQUESTS = Number(process.env.REQUESTS ?? 300);
const root = path.resolve(import.meta.dirname, '../..');
const ADMIN_PASSWORD = 'initial-admin-pass-1';
const NEW_PASSWORD = 'Memory-bench-Kestrel-4471';

type Launcher = 'npm-dev' | 'npm-prod' | 'node';
type Scenario = 'first' | 'reopened' | 'demo';
const LAUNCHERS: Record<Launcher, { label: string; command: string; args: string[]; env: Record<string, string> }> = {
  'npm-dev': {
    label: '`npm start` (dev, tsx)',
    command: 'npm',
    args: ['start', '--', '--no-build'],
    env: { NODE_ENV: 'development' },
  },
  'npm-prod': {
    label: '`NODE_ENV=production npm start`',
    command: 'npm',
    args: ['start', '--', '--no-build'],
    env: { NODE_ENV: 'production' },
  },
  node: {
    label: '`NODE_ENV=production node dist/server/start.js`',
    command: process.execPath,
    args: ['dist/server/start.js', '--no-build'],
    env: { NODE_ENV: 'production' },
  },
};

const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (kb: number) => Math.round(kb / 1024);

interface ProcSample {
  pid: number;
  name: string;
  rssKb: number;
  pssKb: number;
  hwmKb: number;
}
interface TreeSample {
  rssKb: number;
  pssKb: number;
  procs: ProcSample[];
}

function readProc(pid: number): ProcSample | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
    let pssKb = 0;
    try {
      pssKb = Number(/^Pss:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
    } catch {
      // smaps_rollup needs Linux ≥ 4.14; RSS alone is still the measure.
    }
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    const name = cmdline
      .slice(0, 3)
      .map((a) => (a.startsWith('/') ? path.basename(a) : a))
      .join(' ');
    return { pid, name, rssKb: field('VmRSS'), pssKb, hwmKb: field('VmHWM') };
  } catch {
    return null; // exited between the listing and the read
  }
}

/** The process and all its descendants (by PPid over /proc). */
function treePids(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces and parentheses): state, ppid, …
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // exited meanwhile
    }
  }
  const out: number[] = [];
  const queue = [rootPid];
  while (queue.length) {
    const pid = queue.shift()!;
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

function sampleTree(rootPid: number): TreeSample {
  const procs = treePids(rootPid)
    .map(readProc)
    .filter((p): p is ProcSample => p !== null);
  return {
    rssKb: procs.reduce((s, p) => s + p.rssKb, 0),
    pssKb: procs.reduce((s, p) => s + p.pssKb, 0),
    procs,
  };
}

interface RunResult {
  launcher: Launcher;
  scenario: Scenario;
  startSeconds: number;
  peakRssKb: number;
  ready: TreeSample;
  steady: TreeSample;
  requests: number;
  errors: number;
}

let addressCounter = 0;
/** A distinct client address per request (the server trusts one proxy), so the per-address page limit is not hit. */
const nextAddress = () => {
  const i = ++addressCounter;
  return `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
};

/** A few hundred requests of the kinds a small installation serves; returns [sent, failed]. */
async function exercise(url: string, demo: boolean): Promise<[number, number]> {
  let sent = 0;
  let failed = 0;
  const get = async (p: string, headers: Record<string, string> = {}) => {
    sent++;
    const res = await fetch(url + p, { headers: { 'x-forwarded-for': nextAddress(), ...headers } });
    const text = await res.text();
    if (res.status >= 500 || res.status === 429) failed++;
    return text;
  };
  const index = await get('/', { 'accept-encoding': 'br' });
  const script = /src="(\/assets\/index-[^"]+\.js)"/.exec(index)?.[1];

  let auth: Record<string, string>;
  if (demo) {
    auth = (await apiLogin(url, 'demo-admin', 'rateloop-demo')).headers;
  } else {
    const first = await apiLogin(url, 'admin', ADMIN_PASSWORD).catch(() => null);
    if (first?.mustChangePassword) {
      const res = await fetch(`${url}/api/v1/auth/password`, {
        method: 'POST',
        headers: first.headers,
        body: JSON.stringify({ currentPassword: ADMIN_PASSWORD, newPassword: NEW_PASSWORD }),
      });
      if (res.status !== 204) throw new Error(`password change: ${res.status} ${await res.text()}`);
    }
    auth = first?.mustChangePassword === false ? first.headers : (await apiLogin(url, 'admin', NEW_PASSWORD)).headers;
  }
  // Real rating links where there are any (the demo's sandbox inbox); an unknown token still runs the page's route.
  const inbox = await get('/api/v1/sandbox/messages', auth);
  const links = [...new Set([...inbox.matchAll(/\/r\/[A-Za-z0-9_.~-]{16,}/g)].map((m) => m[0]))];
  const pages = links.length ? links : ['/r/unknown-token-for-the-memory-bench'];

  const apiReads = ['/api/v1/work-orders', '/api/v1/ratings', '/api/v1/employees', '/api/v1/setup-status'];
  const rounds = Math.ceil(REQUESTS / 8);
  for (let i = 0; i < rounds; i++) {
    await Promise.all([
      get('/', { 'accept-encoding': 'br' }),
      script ? get(script, { 'accept-encoding': 'br' }) : get('/'),
      get(pages[i % pages.length]!),
      get(pages[(i + 1) % pages.length]!),
      ...apiReads.map((p) => get(p, auth)),
    ]);
  }
  return [sent, failed];
}

async function runOnce(launcher: Launcher, scenario: Scenario, dataDir: string): Promise<RunResult> {
  const spec = LAUNCHERS[launcher];
  const port = await freePort();
  const args = scenario === 'demo' ? [...spec.args, '--demo'] : spec.args;
  const started = performance.now();
  const child: ChildProcess = spawn(spec.command, args, {
    cwd: root,
    // Its own process group: SIGTERM reaches npm, sh and the server alike, as Ctrl-C in a terminal would.
    detached: true,
    env: {
      ...process.env,
      ...spec.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      ADMIN_INITIAL_PASSWORD: ADMIN_PASSWORD,
      TRUST_PROXY: '1',
      // The demo's channels are sandbox ones, refused under NODE_ENV=production without this.
      SANDBOX_CHANNEL_ENABLED: 'true',
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
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pid = child.pid!;
  let peakRssKb = 0;
  const seen = new Set<number>();
  const sampler = setInterval(() => {
    const s = sampleTree(pid);
    for (const p of s.procs) seen.add(p.pid);
    peakRssKb = Math.max(peakRssKb, s.rssKb);
  }, 250);
  try {
    const deadline = Date.now() + 900_000;
    while (!out.includes('Rateloop is running at')) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${out}`);
      if (Date.now() > deadline) throw new Error(`server did not start in time:\n${out}`);
      await sleep(100);
    }
    const startSeconds = (performance.now() - started) / 1000;
    const ready = sampleTree(pid);
    log(`${launcher} ${scenario}: ready in ${startSeconds.toFixed(1)} s, tree ${mb(ready.rssKb)} MB RSS`);
    const [requests, errors] = await exercise(`http://127.0.0.1:${port}`, scenario === 'demo');
    await sleep(SETTLE_S * 1000);
    const steady = sampleTree(pid);
    log(`${launcher} ${scenario}: steady ${mb(steady.rssKb)} MB RSS, ${mb(steady.pssKb)} MB PSS`);
    return { launcher, scenario, startSeconds, peakRssKb, ready, steady, requests, errors };
  } finally {
    clearInterval(sampler);
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      // already gone
    }
    await exited;
    // The data folder is reopened next: wait until every process of the tree (the server holds the lock) is gone.
    const until = Date.now() + 30_000;
    while ([...seen].some((p) => fs.existsSync(`/proc/${p}`) && readProc(p) !== null) && Date.now() < until) {
      await sleep(100);
    }
  }
}

function breakdown(s: TreeSample): string {
  return s.procs.map((p) => `${p.name.split(' ')[0]} ${mb(p.rssKb)}`).join(' + ');
}

async function main() {
  if (!fs.existsSync(path.join(root, 'dist/server/start.js')) || !fs.existsSync(path.join(root, 'dist/web'))) {
    throw new Error('Run npm run build first.');
  }
  const launchers = (process.argv[2] ?? 'npm-dev,npm-prod,node').split(',') as Launcher[];
  const scenarios = (process.argv[3] ?? 'first,reopened,demo').split(',') as Scenario[];
  log(`node ${process.version}, ${os.cpus().length} CPUs, ${mb(os.totalmem() / 1024)} MB, settle ${SETTLE_S} s`);
  const results: RunResult[] = [];
  for (const launcher of launchers) {
    const dirs: string[] = [];
    const fresh = () => {
      const d = fs.mkdtempSync(path.join(os.tmpdir(), 'rateloop-mem-'));
      dirs.push(d);
      return d;
    };
    let last: string | null = null;
    for (const scenario of scenarios) {
      const dir: string = scenario === 'reopened' ? (last ?? fresh()) : fresh();
      if (scenario === 'reopened' && !last) await runOnce(launcher, 'first', dir); // something to reopen
      results.push(await runOnce(launcher, scenario, dir));
      if (scenario !== 'reopened') last = dir;
    }
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  }

  console.log(
    '\n| launcher | start | ready in | tree RSS at ready | peak tree RSS | **steady tree RSS** | steady PSS | steady, per process (MB RSS) | requests (failed) |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    console.log(
      `| ${LAUNCHERS[r.launcher].label} | ${r.scenario} | ${r.startSeconds.toFixed(1)} s | ${mb(r.ready.rssKb)} MB | ${mb(r.peakRssKb)} MB | **${mb(r.steady.rssKb)} MB** | ${mb(r.steady.pssKb)} MB | ${breakdown(r.steady)} | ${r.requests} (${r.errors}) |`,
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
