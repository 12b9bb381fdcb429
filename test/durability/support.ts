import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type Database, openPglite, openPostgres } from '../../src/server/db/client.js';
import { apiLogin, createScratchDatabase } from '../support/http-session.js';
import { DEFAULT_TEMPLATE_ANSWERS } from '../support/invitations.js';
import { type ServerProcess, startServerProcess, startWorkerProcess } from '../support/server-process.js';

/**
 * Shared pieces of the durability tests (issue #21 part 4): whole server processes on an embedded data folder or a
 * scratch PostgreSQL database, killed with SIGKILL and started again, an admin client for the HTTP API, a rating
 * submission load, a TCP link that can go down or hold answers back (a provider that is unreachable, or that got a
 * request and has not answered yet), and the one summary line each test prints.
 */

/** `DURABILITY_LONG=1`: more rounds, a longer load, and pg-boss's own job expiry instead of the fast-forward. */
export const LONG = process.env.DURABILITY_LONG === '1';
export const POSTGRES_URL = process.env.TEST_DATABASE_URL;
export type Backend = 'pglite' | 'postgres';
export const BACKENDS: Backend[] = ['pglite', 'postgres'];
/** PostgreSQL runs when TEST_DATABASE_URL is set (vitest.config.ts refuses CI=true without it: never skipped there). */
export const skipBackend = (backend: Backend) => backend === 'postgres' && !POSTGRES_URL;

export const ADMIN_PASSWORD = 'kill-nine-survivor-42';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Prints the test's figures as one line `DURABILITY <test> key=value …` (copied into SECURITY.md "Durability"). */
export function report(test: string, figures: Record<string, string | number | boolean>): void {
  const pairs = Object.entries(figures).map(([k, v]) => `${k}=${typeof v === 'string' && /\s/.test(v) ? `"${v}"` : v}`);
  console.log(`DURABILITY ${test} ${pairs.join(' ')}`);
}

export const median = (xs: number[]) => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : Math.round((s[mid - 1]! + s[mid]!) / 2);
};
export const max = (xs: number[]) => (xs.length ? Math.max(...xs) : 0);

/** Polls `check` until it answers a value (not null/false), or throws after `timeoutMs` with `what()`. */
export async function waitUntil<T>(
  check: () => Promise<T | null | false>,
  timeoutMs: number,
  what: () => string,
  everyMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what()}`);
    await sleep(everyMs);
  }
}

type WorkerProcess = Awaited<ReturnType<typeof startWorkerProcess>>;

async function killHard(child: ServerProcess['child']): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await exited;
}

/**
 * One installation: an embedded data folder (PGlite) or a scratch PostgreSQL database, and the processes started on
 * it. On PostgreSQL the HTTP server may leave the jobs to separate `npm run worker` processes (`workers: false`).
 */
export class Deployment {
  server: ServerProcess | null = null;
  worker: WorkerProcess | null = null;
  private readonly started: { child: ServerProcess['child'] }[] = [];

  private constructor(
    readonly backend: Backend,
    private readonly env: Record<string, string>,
    readonly dataDir: string | undefined,
    private readonly scratch: Awaited<ReturnType<typeof createScratchDatabase>> | null,
  ) {}

  static async create(backend: Backend, env: Record<string, string> = {}): Promise<Deployment> {
    if (backend === 'postgres') {
      if (!POSTGRES_URL) throw new Error('TEST_DATABASE_URL is not set');
      const scratch = await createScratchDatabase(POSTGRES_URL, 'rateloop_dur');
      return new Deployment(backend, { ...env, DATABASE_URL: scratch.url }, undefined, scratch);
    }
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rateloop-durability-'));
    return new Deployment(backend, env, dataDir, null);
  }

  get databaseUrl(): string | undefined {
    return this.env.DATABASE_URL;
  }

  /** Starts the server on this installation's data; `workers: false` leaves the jobs to `startWorker`. */
  async startServer(opts: { workers?: boolean; timeoutMs?: number } = {}): Promise<ServerProcess> {
    const env = { ...this.env, ...(opts.workers === false ? { RUN_WORKERS: 'false' } : {}) };
    this.server = await startServerProcess({ env, dataDir: this.dataDir, timeoutMs: opts.timeoutMs, compiled: true });
    this.started.push(this.server);
    return this.server;
  }

  /** `npm run worker` on the PostgreSQL database (job workers and event processors, no HTTP). */
  async startWorker(): Promise<WorkerProcess> {
    if (!this.databaseUrl) throw new Error('a separate worker needs PostgreSQL');
    this.worker = await startWorkerProcess(this.databaseUrl, this.env);
    this.started.push(this.worker);
    return this.worker;
  }

  /** kill -9 of the server, as a crash would. */
  async killServer(): Promise<void> {
    if (this.server) await killHard(this.server.child);
    this.server = null;
  }

  async killWorker(): Promise<void> {
    if (this.worker) await killHard(this.worker.child);
    this.worker = null;
  }

  /**
   * Opens the database in this process. PGlite: only while no server runs on the folder (it takes the folder's lock,
   * and clears a crashed process's stale one like a start would).
   */
  async offline<T>(fn: (db: Database) => Promise<T>): Promise<T> {
    const db = this.databaseUrl ? await openPostgres(this.databaseUrl, 1) : await openPglite(this.dataDir!);
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  }

  /** Kills whatever still runs, then drops the scratch database / removes the data folder. */
  async dispose(): Promise<void> {
    for (const p of this.started.splice(0)) await killHard(p.child);
    this.server = null;
    this.worker = null;
    if (this.scratch) await this.scratch.drop();
    if (this.dataDir) fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** Time from spawning a server (`start`) until its `/readyz` answers 200. */
export async function timedStart(start: () => Promise<{ url: string }>): Promise<{ url: string; ms: number }> {
  const t0 = performance.now();
  const { url } = await start();
  await waitUntil(
    async () => (await fetch(`${url}/readyz`).catch(() => null))?.status === 200,
    30_000,
    () => `${url}/readyz`,
    50,
  );
  return { url, ms: Math.round(performance.now() - t0) };
}

/** The admin's session over HTTP, as an integration would use the API. Any status ≥ 300 throws. */
export class AdminApi {
  constructor(
    public baseUrl: string,
    private readonly headers: Record<string, string>,
  ) {}

  /** First start: the initial password is changed (until then every other call answers 403). */
  static async bootstrap(server: ServerProcess): Promise<AdminApi> {
    const first = await apiLogin(server.url, 'admin', server.adminPassword);
    const api = new AdminApi(server.url, first.headers);
    await api.call('POST', '/auth/password', { currentPassword: server.adminPassword, newPassword: ADMIN_PASSWORD });
    return new AdminApi(server.url, (await apiLogin(server.url, 'admin', ADMIN_PASSWORD)).headers);
  }

  async call<T = Record<string, unknown>>(method: string, apiPath: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}/api/v1${apiPath}`, {
      method,
      headers: this.headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${apiPath} → ${res.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  }

  /** Every item of a keyset-paged list (`limit=500`, following `nextCursor`). */
  async all<T>(listPath: string): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null = null;
    do {
      const sep = listPath.includes('?') ? '&' : '?';
      const page: { items: T[]; nextCursor: string | null } = await this.call(
        'GET',
        `${listPath}${sep}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }
}

export interface CustomerRow {
  /** The work order's externalId: how a test finds its customer again. */
  ref: string;
  email?: string;
  phone?: string;
}

const csvField = (v: string | undefined) =>
  v === undefined ? '' : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;

/** The organisation's default rating template (seeded at the first start). */
export async function defaultTemplateId(api: AdminApi): Promise<string> {
  const { items } = await api.call<{ items: { id: string; isDefault: boolean }[] }>(
    'GET',
    '/rating-templates?limit=50',
  );
  return items.find((t) => t.isDefault)!.id;
}

/**
 * Completed work orders through the CSV import (one request), of a new service type with the workflow `nodes`
 * (default none: nothing is invited until `inviteAll`). Answers the work-order id per `ref`.
 */
export async function importCompletedWorkOrders(
  api: AdminApi,
  rows: CustomerRow[],
  nodes: Record<string, unknown>[] = [],
): Promise<Map<string, string>> {
  const code = `dur-${randomUUID().slice(0, 8)}`;
  const st = await api.call<{ id: string }>('POST', '/service-types', { name: `Durability ${code}`, code });
  await api.call('PUT', `/service-types/${st.id}/workflow`, { nodes });
  const header = 'externalId,subject,serviceType,customerName,customerEmail,customerPhone,customerLocale,status';
  const lines = rows.map((r) =>
    [r.ref, `Durability ${r.ref}`, code, `Customer ${r.ref}`, r.email, r.phone, 'en', 'completed']
      .map(csvField)
      .join(','),
  );
  const started = await api.call<{ id: string }>('POST', '/work-order-imports', {
    csv: `${header}\n${lines.join('\n')}\n`,
    mode: 'all_or_nothing',
  });
  await waitUntil(
    async () => {
      const imp = await api.call<{ status: string; errors: unknown[] }>('GET', `/work-order-imports/${started.id}`);
      if (imp.status === 'failed') throw new Error(`import failed: ${JSON.stringify(imp.errors)}`);
      return imp.status === 'succeeded';
    },
    120_000,
    () => `work-order import ${started.id}`,
  );
  const orders = await api.all<{ id: string; externalId: string | null }>(`/work-orders?serviceTypeId=${st.id}`);
  const byRef = new Map(orders.map((o) => [o.externalId!, o.id]));
  if (byRef.size !== rows.length) throw new Error(`imported ${byRef.size} of ${rows.length} work orders`);
  return byRef;
}

/** Sends one invitation per work order by hand (`bulk/send-invitations`, 500 at a time) on `channels`. */
export async function inviteAll(api: AdminApi, workOrderIds: string[], channels: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < workOrderIds.length; i += 500) {
    const { results } = await api.call<{
      results: { id: string; ok: boolean; invitationId: string | null; error: unknown }[];
    }>('POST', '/work-orders/bulk/send-invitations', { ids: workOrderIds.slice(i, i + 500), channels });
    for (const r of results) {
      if (!r.ok || !r.invitationId) throw new Error(`invitation for ${r.id} refused: ${JSON.stringify(r.error)}`);
      ids.push(r.invitationId);
    }
  }
  return ids;
}

export interface InvitationItem {
  id: string;
  status: string;
  token: string | null;
  channels: string[];
  workOrder: { id: string; number: string; subject: string } | null;
}

/** A client address per submission (the server trusts one proxy hop): the public per-address limit is per customer. */
export const clientAddress = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

/** A customer's rating through the public JSON API (`POST /public/invitations/{token}/ratings`). */
export async function submitRating(
  baseUrl: string,
  token: string,
  key: string,
  address: string,
): Promise<{ status: number; ratingId: string | null }> {
  const res = await fetch(`${baseUrl}/api/v1/public/invitations/${token}/ratings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key, 'x-forwarded-for': address },
    body: JSON.stringify({ answers: DEFAULT_TEMPLATE_ANSWERS, comment: 'durability' }),
    signal: AbortSignal.timeout(15_000),
  });
  const body = (await res.json().catch(() => null)) as { id?: string } | null;
  return { status: res.status, ratingId: body?.id ?? null };
}

export interface SubmissionOutcome {
  token: string;
  key: string;
  /** The kill round during which the submission began (0: before the first kill was planned). */
  round: number;
  /** The HTTP status finally answered (null: no answer before giving up). */
  status: number | null;
  ratingId: string | null;
  /** Tries that got no HTTP answer (connection refused or reset: the server was down or died mid-request). */
  networkErrors: number;
}

/**
 * A steady stream of submissions: `clients` customers at a time, each rating the next of `tokens` (round robin: QR
 * invitations that take many customers each), `paceMs` apart. A try without an HTTP answer (the server died or is
 * down) is repeated with the SAME Idempotency-Key until an answer comes — as a customer's app retries — against
 * `baseUrl`, which the test points at the restarted server.
 */
export class SubmissionLoad {
  readonly outcomes: SubmissionOutcome[] = [];
  baseUrl: string;
  round = 0;
  private next = 0;
  private stopping = false;
  private running: Promise<void>[] = [];

  constructor(
    private readonly tokens: string[],
    baseUrl: string,
    private readonly opts: { clients: number; paceMs: number; giveUpMs: number },
  ) {
    this.baseUrl = baseUrl;
  }

  start(): void {
    this.stopping = false;
    this.running = Array.from({ length: this.opts.clients }, () => this.client());
  }

  /** Stops beginning submissions; answers once every submission begun has its answer (or gave up). */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.running);
  }

  private async client(): Promise<void> {
    while (!this.stopping) {
      const index = this.next++;
      const outcome: SubmissionOutcome = {
        token: this.tokens[index % this.tokens.length]!,
        key: randomUUID(),
        round: this.round,
        status: null,
        ratingId: null,
        networkErrors: 0,
      };
      this.outcomes.push(outcome);
      const deadline = Date.now() + this.opts.giveUpMs;
      while (outcome.status === null && Date.now() < deadline) {
        try {
          const answer = await submitRating(this.baseUrl, outcome.token, outcome.key, clientAddress(index));
          outcome.status = answer.status;
          outcome.ratingId = answer.ratingId;
        } catch {
          outcome.networkErrors++;
          await sleep(100);
        }
      }
      await sleep(this.opts.paceMs);
    }
  }
}

/**
 * A TCP link to a local fake that the test can take down (connections refused, open ones cut) and bring back on the
 * same port, and whose answers it can hold back (`answerDelayMs`): the provider got the request and acted on it, its
 * answer is still on the way — the moment a crash makes a send's outcome unknown to the sender.
 */
export class FaultyLink {
  port = 0;
  answerDelayMs = 0;
  /** Answer chunks received from the fake and not yet passed on. */
  held = 0;
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();

  constructor(private readonly targetPort: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async up(): Promise<this> {
    const server = net.createServer((client) => this.connect(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
    return this;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private connect(client: net.Socket): void {
    const upstream = net.connect(this.targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.on('data', (d) => upstream.write(d));
    client.on('end', () => upstream.end());
    client.on('close', () => upstream.destroy());
    // Answers keep their order; each waits answerDelayMs from its arrival.
    let chain = Promise.resolve();
    const later = (deliver: () => void) => {
      const due = Date.now() + this.answerDelayMs;
      this.held++;
      chain = chain.then(async () => {
        const wait = due - Date.now();
        if (wait > 0) await sleep(wait);
        this.held--;
        if (!client.destroyed) deliver();
      });
    };
    upstream.on('data', (d) => later(() => client.write(d)));
    upstream.on('end', () => later(() => client.end()));
    upstream.on('close', () => later(() => client.destroy()));
  }
}

/**
 * Brings the webhook retries scheduled later (the schedule's 5 s, then 5 min, 30 min … waits) forward to now, as if
 * that time had passed while the receiver was back. The delivery job makes try n whenever it runs (it checks only that
 * try n was not made), so this changes when, not what. Answers how many.
 */
export async function bringWebhookRetriesForward(db: Database): Promise<number> {
  const { rows } = await db.executeSql(
    `update pgboss.job set start_after = now()
     where name = 'webhooks.deliver' and state in ('created', 'retry') and start_after > now()
     returning id`,
    [],
  );
  return rows.length;
}

export function countBy(keys: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const k of keys) counts[k] = (counts[k] ?? 0) + 1;
  return counts;
}
