import fs from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
  LogController,
} from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import pino from 'pino';
import { z } from 'zod';
import type { AppConfig } from './config.js';
import type { AppContext } from './context.js';
import { PROTECTED_PREFIX, registerAccessControl } from './http/access.js';
import { DEFAULT_BODY_LIMIT } from './http/body-limits.js';
import { registerErrorHandling, sendFrameworkError, sendProblem } from './http/errors.js';
import { registerInputGuard } from './http/input-guard.js';
import { readableLogStream } from './http/log-format.js';
import { CONTACT_LOG_PATHS, redactUrl, serializeRequest } from './http/log-privacy.js';
import { registerMetrics } from './http/metrics.js';
import { tooManyRequests } from './http/problem.js';
import { PROBLEM_COMPONENTS } from './http/problem-schema.js';
import { postgresRateLimitStore } from './http/rate-limit-store.js';
import { registerSecurityHeaders, SWAGGER_UI_CSP } from './http/security-headers.js';
import { unsubscribeRoutes } from './modules/delivery/unsubscribe.routes.js';
import { eventMetricsCollector as registerEventMetrics } from './modules/events/event-metrics.js';
import { eventProcessors, moduleRoutes } from './modules/index.js';
import { liveEventJsonSchema } from './modules/live/live.routes.js';
import { retentionMetricsCollector } from './modules/privacy/retention-metrics.js';
import { webhooksOpenApi } from './modules/webhooks/payloads.js';
import { publicPageRoutes } from './public-pages/index.js';

export type LoggerOptions = pino.LoggerOptions & { stream: pino.DestinationStream };

/**
 * The process's log (`pino(opts, opts.stream)`): pino's JSON lines in production (and tests), readable lines on the
 * terminal in development (`http/log-format.ts`). Written synchronously, so the start banner printed after start-up
 * comes after every start-up line (pino's default asynchronous stdout wrote some after it).
 */
export function loggerOptions(config: Pick<AppConfig, 'LOG_LEVEL' | 'NODE_ENV'>): LoggerOptions {
  return {
    level: config.LOG_LEVEL,
    // No credentials and no contact data in the logs (http/log-privacy.ts).
    redact: { paths: CONTACT_LOG_PATHS, censor: '~' },
    serializers: { req: serializeRequest },
    stream:
      config.NODE_ENV === 'development'
        ? readableLogStream(process.stdout, { color: Boolean(process.stdout.isTTY) })
        : pino.destination({ dest: 1, sync: true }),
  };
}

/**
 * Development: one short line per request at debug level (`GET /api/v1/… → 200 (3 ms)`, shown with LOG_LEVEL=debug),
 * instead of Fastify's two JSON lines at info, which scroll everything else away. A failed request still logs its
 * error at error level. Production keeps Fastify's request lines.
 */
class DevelopmentRequestLog extends LogController {
  override incomingRequest() {}
  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply) {
    const line = `${request.method} ${redactUrl(request.url)} → ${reply.statusCode} (${Math.round(reply.elapsedTime)} ms)`;
    if (error) reply.log.error({ err: error }, line);
    else reply.log.debug(line);
  }
}

/**
 * TRUST_PROXY as Fastify's `trustProxy` (never `true`: the client would choose its own address through
 * X-Forwarded-For). Fastify 5.12 ignores a bare number (it fails closed), so a hop count becomes proxy-addr's
 * function form: the socket peer is hop 0, and the `hops` nearest entries are trusted proxies.
 */
export function trustProxyOption(setting: AppConfig['TRUST_PROXY']): FastifyServerOptions['trustProxy'] {
  if (setting === false || setting === 0) return false;
  if (typeof setting === 'number') return (_address: string, hop: number) => hop < setting;
  return setting;
}

/** Builds the HTTP application from the modules. Does not listen; main.ts and tests decide that. */
export async function buildApp(
  ctx: Omit<AppContext, 'log'>,
  opts: { logger?: FastifyBaseLogger } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    ...(opts.logger ? { loggerInstance: opts.logger } : { logger: false }),
    trustProxy: trustProxyOption(ctx.config.TRUST_PROXY),
    bodyLimit: DEFAULT_BODY_LIMIT,
    frameworkErrors: (err, _req, reply) => sendFrameworkError(err, reply),
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    ...(ctx.config.NODE_ENV === 'development' ? { logController: new DevelopmentRequestLog() } : {}),
  }).withTypeProvider<ZodTypeProvider>();
  const fullCtx: AppContext = { ...ctx, log: app.log };

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  registerInputGuard(app);
  registerSecurityHeaders(app);

  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, {
    global: false,
    // On PostgreSQL the counters live in the database, so a limit holds across every server process. PGlite keeps
    // the plugin's in-memory store: only one process can ever open a PGlite data folder (the data-folder lock
    // refuses a second one), so that process's memory already sees every request.
    ...(ctx.database.kind === 'postgres' ? { store: postgresRateLimitStore(ctx.database) } : {}),
    errorResponseBuilder: (req, rl) => {
      const window = windowText(req.routeOptions.config.rateLimit);
      return tooManyRequests(
        `Too many requests${window ? `: at most ${rl.max} per ${window}` : ''}. Try again in ${rl.after}.`,
        Math.ceil(rl.ttl / 1000),
      );
    },
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Rateloop API',
        version: '1',
        description: 'After-sales service evaluation: invite, rate, score, remediate, analyse.',
      },
      components: {
        schemas: {
          ...PROBLEM_COMPONENTS,
          // The `data` of each message of GET /api/v1/events (a stream has no JSON response schema of its own).
          LiveEvent: liveEventJsonSchema(),
        },
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'An API key from POST /api/v1/api-keys.' },
          session: { type: 'apiKey', in: 'cookie', name: 'rl_session' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
      // OpenAPI 3.1: the events Rateloop POSTs to an integrator's endpoints, with their versioned bodies.
      webhooks: webhooksOpenApi(),
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: SWAGGER_UI_CSP });

  registerAccessControl(app, fullCtx);
  const registry = registerMetrics(app, ctx.config);
  registerEventMetrics(registry, ctx.db, eventProcessors);
  retentionMetricsCollector(registry, ctx.db);

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await ctx.database.ping();
      await ctx.jobs.ping();
      return { status: 'ok' };
    } catch (err) {
      return sendProblem(reply, 503, 'not-ready', 'Not ready', `Dependency unavailable: ${(err as Error).message}`);
    }
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(
    async (api) => {
      for (const plugin of moduleRoutes(fullCtx)) await api.register(plugin);
    },
    { prefix: PROTECTED_PREFIX.replace(/\/$/, '') },
  );

  await app.register(publicPageRoutes(fullCtx));
  await app.register(unsubscribeRoutes(fullCtx));

  await registerConsole(app, path.resolve(ctx.config.WEB_DIST_DIR));
  return app;
}

const DURATION = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|sec|secs|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?)?\s*$/i;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "minute", "30 seconds", … for a route's `config.rateLimit.timeWindow` (ms, or a string like '1 minute'). */
export function windowText(rateLimit: unknown): string | null {
  const timeWindow = (rateLimit as { timeWindow?: unknown } | undefined)?.timeWindow;
  let ms: number | null = typeof timeWindow === 'number' ? timeWindow : null;
  if (typeof timeWindow === 'string') {
    const m = DURATION.exec(timeWindow);
    if (m) ms = Number(m[1]) * (UNIT_MS[(m[2] ?? 'ms').toLowerCase().replace(/^(ms|[smhd]).*$/, '$1')] ?? 1);
  }
  if (!ms || !Number.isFinite(ms)) return null;
  for (const [unit, size] of [
    ['day', 86_400_000],
    ['hour', 3_600_000],
    ['minute', 60_000],
    ['second', 1000],
  ] as const) {
    if (ms % size === 0) return ms === size ? unit : `${ms / size} ${unit}s`;
  }
  return `${ms} ms`;
}

/** Files the console build may have precompressed (and the precompressed variants themselves). */
const PRECOMPRESSED = /\.(?:js|mjs|css|html|svg|json|txt|map)(?:\.br|\.gz)?$/;

/** Serves the built console, with the SPA's index.html for every other GET that wants HTML. */
async function registerConsole(app: FastifyInstance, distDir: string) {
  const hasConsole = fs.existsSync(path.join(distDir, 'index.html'));
  if (hasConsole) {
    // Vite's /assets/ files carry a content hash, so they never change; everything else is revalidated.
    // (wildcard routing, so a console rebuilt while the server runs is served too)
    // `preCompressed`: the build wrote `<file>.br` / `<file>.gz` beside each text file (src/web/vite.config.ts), sent
    // to a browser that accepts them; caches must keep one copy per Accept-Encoding.
    await app.register(fastifyStatic, {
      root: distDir,
      index: false,
      cacheControl: false,
      preCompressed: true,
      setHeaders: (res, filePath) => {
        res.setHeader(
          'cache-control',
          filePath.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
        if (PRECOMPRESSED.test(filePath)) res.setHeader('vary', 'Accept-Encoding');
      },
    });
    app.get('/', { schema: { hide: true } }, (_req, reply) =>
      reply.header('cache-control', 'no-cache').sendFile('index.html'),
    );
  }
  app.setNotFoundHandler((req, reply) => {
    const wantsHtml =
      req.method === 'GET' && !req.url.startsWith('/api/') && (req.headers.accept ?? '').includes('text/html');
    if (!wantsHtml)
      return sendProblem(reply, 404, 'not-found', 'Not found', `No route ${req.method} ${req.url.split('?')[0]}.`);
    if (!hasConsole) {
      return reply
        .type('text/html; charset=utf-8')
        .send('<!doctype html><title>Rateloop</title><p>The console is not built. Run <code>npm run build</code>.</p>');
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}

export const idParam = z.object({ id: z.uuid().describe('The resource id.') });
