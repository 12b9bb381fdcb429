import { ConfigError, loadConfig } from '../config.js';
import { DataDirLockedError } from '../db/pglite-lock.js';
import { describeDemo, loadDemoData } from '../demo/index.js';
import { startRuntime } from '../main.js';

/**
 * `npm run demo`: loads the demo organisation into the configured database (stop the server first on PGlite).
 * No HTTP and no workers: today's invitations stay queued and the server delivers them when it starts.
 */
async function main() {
  const config = loadConfig();
  const runtime = await startRuntime(config, { http: false, work: false });
  try {
    if (runtime.initialAdminPassword)
      console.log(`  First administrator: admin / ${runtime.initialAdminPassword} (change it at the first login)`);
    const result = await loadDemoData(runtime.ctx, { workersRunning: false });
    console.log(describeDemo(result));
  } finally {
    await runtime.stop();
  }
}

main().catch((err) => {
  console.error(err instanceof ConfigError || err instanceof DataDirLockedError ? err.message : err);
  process.exit(err instanceof ConfigError ? 2 : 1);
});
