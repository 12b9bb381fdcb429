/**
 * `npm start` / `npm run worker`: which server code runs.
 *   NODE_ENV=production → the compiled JavaScript from `npm run build` (dist/server/<entry>.js, built once, like the
 *                          console); missing → a clear message, exit 2.
 *   otherwise           → the TypeScript sources through tsx (no build step while developing).
 *
 *   node scripts/run-server.js start|worker [arguments for the entry point]
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const ENTRIES = { start: 'start', worker: 'worker' };
const root = path.resolve(import.meta.dirname, '..');
const entry = ENTRIES[process.argv[2] ?? ''];
if (!entry) {
  console.error('usage: node scripts/run-server.js start|worker [arguments]');
  process.exit(2);
}
// The entry point reads its own arguments from process.argv.slice(2).
process.argv.splice(2, 1);

if (process.env.NODE_ENV === 'production') {
  const compiled = path.join(root, 'dist/server', `${entry}.js`);
  if (!fs.existsSync(compiled)) {
    console.error(
      `NODE_ENV=production runs the compiled server, and ${path.relative(process.cwd(), compiled)} is missing: run npm run build first.`,
    );
    process.exit(2);
  }
  process.setSourceMapsEnabled(true);
  await import(pathToFileURL(compiled).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(path.join(root, 'src/server/cli', `${entry}.ts`)).href);
}
