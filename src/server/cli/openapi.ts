/**
 * Writes the OpenAPI document of the HTTP API (npm run gen:api; src/web/api/schema.d.ts is generated from it).
 * Builds the app exactly as the server does (buildApp) but never listens and never opens a database: routes only
 * reach the database while answering a request, so the context's database and job queue are stand-ins that fail
 * loudly if anything touches them during registration.
 *
 * Usage: tsx src/server/cli/openapi.ts [out.json]   (stdout without an argument)
 */
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import type { AppContext } from '../context.js';

function untouchable<T extends object>(name: string, known: Record<string, unknown> = {}): T {
  return new Proxy(known, {
    get(target, prop) {
      if (typeof prop === 'string' && prop in target) return target[prop];
      if (prop === 'then' || typeof prop === 'symbol') return undefined;
      throw new Error(`openapi: ${name}.${String(prop)} was used while building the app; it has no ${name} here`);
    },
  }) as T;
}

export async function openApiDocument(): Promise<unknown> {
  const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', WEB_DIST_DIR: '/nonexistent' });
  const database = untouchable<AppContext['database']>('database', { kind: 'pglite' });
  const ctx: Omit<AppContext, 'log'> = {
    config,
    database,
    db: untouchable<AppContext['db']>('db'),
    jobs: untouchable<AppContext['jobs']>('jobs'),
    appSecret: 'openapi-generation-only',
  };
  const app = await buildApp(ctx);
  await app.ready();
  const doc = app.swagger();
  await app.close();
  return doc;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const out = process.argv[2];
  const text = `${JSON.stringify(await openApiDocument(), null, 2)}\n`;
  if (out) fs.writeFileSync(out, text);
  else process.stdout.write(text);
}
