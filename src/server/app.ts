import fs from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from './context.js';
import { PROTECTED_PREFIX, registerAccessControl } from './http/access.js';
import { registerErrorHandling, sendProblem } from './http/errors.js';
import { registerMetrics } from './http/metrics.js';
import { tooManyRequests } from './http/problem.js';
import { unsubscribeRoutes } from './modules/delivery/unsubscribe.routes.js';
import { moduleRoutes } from './modules/index.js';
import { publicPageRoutes } from './public-pages/index.js';

export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return { level, redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]'] };
}

/** Builds the HTTP application from the modules. Does not listen; main.ts and tests decide that. */
export async function buildApp(
  ctx: Omit<AppContext, 'log'>,
  opts: { logger?: FastifyServerOptions['logger'] } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    trustProxy: true,
    bodyLimit: 12 * 1024 * 1024,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  }).withTypeProvider<ZodTypeProvider>();
  const fullCtx: AppContext = { ...ctx, log: app.log };

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_req, rl) =>
      tooManyRequests(`Too many requests: at most ${rl.max} per ${rl.after}.`, Math.ceil(rl.ttl / 1000)),
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
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'An API key from POST /api/v1/api-keys.' },
          session: { type: 'apiKey', in: 'cookie', name: 'rl_session' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  registerAccessControl(app, fullCtx);
  registerMetrics(app);

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

/** Serves the built console, with the SPA's index.html for every other GET that wants HTML. */
async function registerConsole(app: FastifyInstance, distDir: string) {
  const hasConsole = fs.existsSync(path.join(distDir, 'index.html'));
  if (hasConsole) {
    // Vite's /assets/ files carry a content hash, so they never change; everything else is revalidated.
    // (wildcard routing, so a console rebuilt while the server runs is served too)
    await app.register(fastifyStatic, {
      root: distDir,
      index: false,
      cacheControl: false,
      setHeaders: (res, filePath) => {
        res.setHeader(
          'cache-control',
          filePath.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
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
