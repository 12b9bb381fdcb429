import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config.js';
import { DataDirLockedError } from '../db/pglite-lock.js';
import { describeDemo, loadDemoData } from '../demo/index.js';
import { startRuntime } from '../main.js';

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
      {
        stdio: 'inherit',
      },
    );
  }
  const runtime = await startRuntime(config, { http: true, work: config.RUN_WORKERS });
  const demo = args.has('--demo') ? await loadDemoData(runtime.ctx) : null;

  const url = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}`;
  const lines = [
    '',
    `  Rateloop is running at ${url}`,
    `  Database: ${config.DATABASE_URL ? 'PostgreSQL' : `embedded (PGlite) in ${path.resolve(config.DATA_DIR)}`}`,
    `  API docs: ${url}/api/docs`,
  ];
  if (runtime.initialAdminPassword) {
    lines.push('', '  First administrator (shown once; you must change the password at the first login):');
    lines.push('    username: admin', `    password: ${runtime.initialAdminPassword}`);
  }
  if (demo) lines.push('', describeDemo(demo));
  console.log(`${lines.join('\n')}\n`);

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
