import type { AppContext } from '../context.js';

/** Loads the demo organisation (idempotent). */
export async function loadDemoData(ctx: AppContext): Promise<void> {
  ctx.log.info('demo data: nothing to load yet');
}
