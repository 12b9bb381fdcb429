import pino from 'pino';
import { ConfigError, loadConfig } from '../config.js';
import { runMigrations } from '../db/migrate.js';
import { DataDirLockedError } from '../db/pglite-lock.js';
import { describeDemo, loadDemoData } from '../demo/index.js';
import { openDatabase } from '../main.js';
import { ensureInitialAdmin } from '../modules/org/bootstrap.js';

/** `npm run demo`: loads the demo organisation into the configured database (stop the server first on PGlite). */
async function main() {
  const config = loadConfig();
  const database = await openDatabase(config);
  try {
    await runMigrations(database);
    const admin = await ensureInitialAdmin(database.db, config.ADMIN_INITIAL_PASSWORD);
    if (admin) console.log(`  First administrator: admin / ${admin.password} (change it at the first login)`);
    const result = await loadDemoData({ db: database.db, log: pino({ level: 'warn' }) });
    console.log(describeDemo(result));
  } finally {
    await database.close();
  }
}

main().catch((err) => {
  console.error(err instanceof ConfigError || err instanceof DataDirLockedError ? err.message : err);
  process.exit(err instanceof ConfigError ? 2 : 1);
});
