/**
 * Compiles the server for production (`npm run build` runs it after the console's build): one ES module per entry
 * point, `dist/server/start.js` (`npm start`) and `dist/server/worker.js` (`npm run worker`), with our own code
 * bundled and every package left to `node_modules`. The migrations are copied beside them: `db/migrate.ts` finds
 * its folder next to the running file. `scripts/run-server.js` runs this output when NODE_ENV=production.
 *
 *   npx tsx scripts/build-server.ts
 */
import fs from 'node:fs';
import path from 'node:path';
// esbuild comes with vite (a devDependency, as the build needs it anyway).
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const outdir = path.join(root, 'dist/server');

fs.rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { start: 'src/server/cli/start.ts', worker: 'src/server/cli/worker.ts' },
  outdir,
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  sourcemap: true,
  logLevel: 'warning',
});
fs.cpSync(path.join(root, 'src/server/db/migrations'), path.join(outdir, 'migrations'), { recursive: true });
console.log(`Server compiled to ${path.relative(root, outdir)}/ (start.js, worker.js, migrations/).`);
