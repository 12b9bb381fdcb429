import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import type { AppContext, PublicRateLimits } from '../../src/server/context.js';
import type { Database } from '../../src/server/db/client.js';
import { type JobHooks, JobQueue } from '../../src/server/jobs/queue.js';
import { closeChannelRuntime } from '../../src/server/modules/channels/runtime.js';
import { EventPump } from '../../src/server/modules/events/event-pump.js';
import type { EventProcessor } from '../../src/server/modules/events/processors.js';
import { eventProcessors, jobDefinitions } from '../../src/server/modules/index.js';
import { ensureAppSecret } from '../../src/server/modules/settings/settings.service.js';
import { createTestDatabase } from './db.js';
import { createLoginEmployee, TEST_PASSWORD } from './factories.js';

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  database: Database;
  /** Anonymous requests. */
  anon: TestClient;
  /**
   * A logged-in console user holding `roles` (a new employee each call), in no department unless `departmentId`:
   * supervisors and engineers see only their departments' work orders (src/server/modules/access/scope.ts).
   */
  loginAs(
    roles: string[],
    opts?: { mustChangePassword?: boolean; departmentId?: string },
  ): Promise<TestClient & { employeeId: string; username: string }>;
  /** Requests carrying an API key. */
  withApiKey(key: string): TestClient;
  close(): Promise<void>;
}

export interface TestClient {
  /** What every request of this client carries (the session cookie and CSRF token, or the API key). */
  headers: Record<string, string>;
  request(opts: InjectOptions): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
}

/** Routes that answer an endless event stream: injected as a stream, whose head is all a walker can check. */
const STREAMING_PATHS = new Set(['/api/v1/events']);

async function injectStreaming(app: FastifyInstance, opts: InjectOptions): Promise<LightMyRequestResponse> {
  const res = await app.inject({ ...opts, payloadAsStream: true });
  const stream = res.stream();
  let body = '';
  if (String(res.headers['content-type'] ?? '').startsWith('text/event-stream')) stream.destroy();
  else for await (const chunk of stream) body += String(chunk);
  return {
    ...res,
    statusCode: res.statusCode,
    headers: res.headers,
    body,
    payload: body,
    json: () => JSON.parse(body),
  } as LightMyRequestResponse;
}

function client(app: FastifyInstance, headers: Record<string, string>): TestClient {
  const request = (opts: InjectOptions) => {
    const merged = { ...opts, headers: { ...headers, ...(opts.headers ?? {}) } };
    const path = String(opts.url ?? '').split('?')[0]!;
    return STREAMING_PATHS.has(path) ? injectStreaming(app, merged) : app.inject(merged);
  };
  return {
    headers,
    request,
    get: (url) => request({ method: 'GET', url }),
    post: (url, body) => request({ method: 'POST', url, ...(body === undefined ? {} : { payload: body as object }) }),
    patch: (url, body) => request({ method: 'PATCH', url, payload: body as object }),
    delete: (url) => request({ method: 'DELETE', url }),
  };
}

/** Logs `username` in (password TEST_PASSWORD) and returns a client carrying its session cookie and CSRF token. */
export async function loginClient(app: FastifyInstance, username: string): Promise<TestClient> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password: TEST_PASSWORD },
  });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookies = Object.fromEntries(res.cookies.map((c) => [c.name, c.value]));
  const cookie = Object.entries(cookies)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');
  return client(app, { cookie, 'x-csrf-token': cookies.rl_csrf ?? '' });
}

/**
 * A whole application on its own fresh database (PGlite, or PostgreSQL in the postgres project).
 * `work: true` also runs the job workers (polling every 0.5 s); `publicRateLimits` replaces the customer-facing limits
 * (many tests send every request from one address).
 */
export async function createTestApp(
  opts: {
    work?: boolean;
    env?: Record<string, string>;
    publicRateLimits?: Partial<PublicRateLimits>;
    jobHooks?: JobHooks;
    /** With `work`: the event processors the pump runs (default: the application's own). */
    processors?: EventProcessor[];
  } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', WEB_DIST_DIR: '/nonexistent', ...opts.env });
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const appSecret = await ensureAppSecret(database.db, config.APP_SECRET);
  const jobs = new JobQueue(
    database,
    log,
    { config, appSecret, now: () => new Date(), hooks: opts.jobHooks },
    { pollingIntervalSeconds: 0.5 },
  );
  jobs.register(...jobDefinitions);
  await jobs.start();
  let pump: EventPump | null = null;
  if (opts.work) {
    await jobs.work();
    pump = new EventPump(
      { database, jobs, config, appSecret, now: () => new Date(), log },
      opts.processors ?? eventProcessors,
      { relayIntervalMs: 50, idleIntervalMs: 250 },
    );
    await pump.start();
  }
  const publicRateLimits = opts.publicRateLimits;
  const app = await buildApp({ config, database, db: database.db, jobs, appSecret, publicRateLimits });
  await app.ready();
  const ctx: AppContext = { config, database, db: database.db, jobs, log, appSecret, publicRateLimits };

  return {
    app,
    ctx,
    database,
    anon: client(app, {}),
    async loginAs(roles, loginOpts = {}) {
      const { employee, username } = await createLoginEmployee(database.db, {
        roles,
        mustChangePassword: loginOpts.mustChangePassword,
        ...(loginOpts.departmentId ? { overrides: { departmentId: loginOpts.departmentId } } : {}),
      });
      return { ...(await loginClient(app, username)), employeeId: employee.id, username };
    },
    withApiKey: (key) => client(app, { authorization: `Bearer ${key}` }),
    async close() {
      await app.close();
      await pump?.stop();
      // Waits for running jobs (returns as soon as they end): a job cut off by the database closing under it fails in
      // pg-boss's own code as an unhandled rejection.
      await jobs.stop(15_000);
      await closeChannelRuntime(database.db);
      await database.close();
    },
  };
}
