import { ConfigError, loadConfig } from '../config.js';
import { DataDirLockedError } from '../db/pglite-lock.js';
import { startRuntime } from '../main.js';
import { rebuildAnalytics } from '../modules/analytics/rebuild.service.js';
import { progressBar } from './progress-bar.js';

const PHASES = {
  ratings: '1/3 rating facts    ',
  invitations: '2/3 invitation facts',
  rollups: '3/3 rollups         ',
} as const;

/**
 * `npm run analytics:rebuild`: recomputes the analytics facts and rollups from the raw ratings and invitations
 * (after a restore, a bug fix in the rollups, or to check them). Safe while the server runs on PostgreSQL: the
 * processor keeps adding new ratings and nothing counts twice. On PGlite stop the server first.
 */
async function main() {
  const config = loadConfig();
  const runtime = await startRuntime(config, { http: false, work: false });
  const started = Date.now();
  try {
    const result = await rebuildAnalytics(runtime.ctx.db, {
      onProgress: ({ phase, done, total }) => {
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        process.stderr.write(`\r  ${PHASES[phase]} ${progressBar(done, total)} (${seconds} s)   `);
      },
    });
    process.stderr.write('\n');
    console.log(
      `  Analytics rebuilt from ${result.ratings} ratings and ${result.invitations} invitations in ` +
        `${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
  } finally {
    await runtime.stop();
  }
}

main().catch((err) => {
  console.error(err instanceof ConfigError || err instanceof DataDirLockedError ? err.message : err);
  process.exit(err instanceof ConfigError ? 2 : 1);
});
