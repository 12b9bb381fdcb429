import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config.js';
import { DataDirLockedError } from '../db/pglite-lock.js';
import { describeDemo, loadDemoData } from '../demo/index.js';
import { startRuntime } from '../main.js';
import { formatBanner, lanIPv4 } from './banner.js';

/** `npm start [-- --demo]`: serves the console and the API; builds the console first if it is missing. */
async function main() {
  const args = new Set(process.argv.slice(2));
  const config = loadConfig();
  const distIndex = path.join(path.resolve(config.WEB_DIST_DIR), 'index.html');
  if (!fs.existsSync(distIndex) && !args.has('--no-build')) {
    console.log('Building the console (first start only)…');
    execFileSync(
      process.execPath,
      [
        path.resolve('node_modules/vite/bin/vite.js'),
        'build',
        '--config',
        'src/web/vite.config.ts',
        '--logLevel',
        'warn',
      ],
      // The console is always the production build (React's development build is twice the size), whatever
      // NODE_ENV this process was started with.
      { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } },
    );
  }
  const runtime = await startRuntime(config, { http: true, work: config.RUN_WORKERS });
  const demo = args.has('--demo') ? await loadDemoData(runtime.ctx, { workersRunning: config.RUN_WORKERS }) : null;

  // The log writes synchronously (http/log-format.ts, app.ts loggerOptions), so every start-up line is out before
  // the banner and nothing printed later pushes the one-time password away.
  console.log(
    formatBanner({
      host: config.HOST,
      port: config.PORT,
      publicBaseUrl: config.PUBLIC_BASE_URL ? config.publicBaseUrl : null,
      lanAddress: lanIPv4(),
      database: config.DATABASE_URL ? 'PostgreSQL' : `embedded (PGlite) in ${path.resolve(config.DATA_DIR)}`,
      adminPassword: runtime.initialAdminPassword,
      demo: demo ? describeDemo(demo) : null,
    }),
  );

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      runtime.ctx.log.info({ signal }, 'shutting down');
      runtime
        .stop()
        .then(() => process.exit(0))
        .catch((err) => {
          console.error(err);
          process.exit(1);
        });
    });
  }
}

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof DataDirLockedError) {
    console.error(err.message);
    process.exit(2);
  }
  console.error(err);
  process.exit(1);
});
