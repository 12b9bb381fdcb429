import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { AppConfig } from '../config.js';
import { ipAllowList } from './ip-allow-list.js';
import { forbidden } from './problem.js';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Who may read /metrics: a scraper sending `Authorization: Bearer <METRICS_TOKEN>`, or a client whose address
 * (`req.ip`, which honours X-Forwarded-For only as far as the trustProxy setting allows) is in METRICS_ALLOW.
 * Nobody by default: the metrics show routes, traffic and process internals.
 */
export function metricsGuard(config: Pick<AppConfig, 'METRICS_TOKEN' | 'METRICS_ALLOW'>) {
  const allowed = ipAllowList(config.METRICS_ALLOW);
  const token = config.METRICS_TOKEN ? digest(config.METRICS_TOKEN) : null;
  return (req: FastifyRequest): boolean => {
    const presented = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    // Digests of equal length, so the comparison takes the same time whatever was sent.
    if (token && presented && timingSafeEqual(digest(presented), token)) return true;
    return allowed(req.ip);
  };
}

/** Prometheus metrics at /metrics: process defaults plus request latency by route. */
export function registerMetrics(
  app: FastifyInstance,
  config: Pick<AppConfig, 'METRICS_TOKEN' | 'METRICS_ALLOW'>,
): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'rateloop_http_request_duration_seconds',
    help: 'HTTP request duration by route',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  app.addHook('onResponse', async (req, reply) => {
    duration.observe(
      { method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  const mayRead = metricsGuard(config);
  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    if (!mayRead(req))
      throw forbidden('Metrics need the METRICS_TOKEN bearer token or a client address in METRICS_ALLOW.');
    reply.type(registry.contentType);
    return registry.metrics();
  });
  return registry;
}
