import { ConfigError, loadConfig } from '../config.js';
import { DataDirLockedError } from '../db/pglite-lock.js';
import { startRuntime } from '../main.js';

/** `npm run worker`: runs the job workers without HTTP (use RUN_WORKERS=false on the servers). */
async function main() {
  const config = loadConfig();
  if (!config.DATABASE_URL) {
    console.error(
      'npm run worker needs DATABASE_URL: the embedded database serves one process, which runs its own workers.',
    );
    process.exit(2);
  }
  const runtime = await startRuntime(config, { http: false, work: true });
  runtime.ctx.log.info('worker started');
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      runtime.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}

main().catch((err) => {
  console.error(err instanceof ConfigError || err instanceof DataDirLockedError ? err.message : err);
  process.exit(err instanceof ConfigError ? 2 : 1);
});
