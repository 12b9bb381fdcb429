import { loadConfig } from '../../config.js';
import type { Db } from '../../db/client.js';
import type { LinkContext } from '../invitations/invitations.service.js';
import { ensureAppSecret } from '../settings/settings.service.js';

/**
 * Jobs get no AppContext, but messages need the app secret (tokens) and the public base URL. Every process that
 * builds the HTTP app registers them here (deliveryRoutes); a worker-only process derives them from its environment
 * exactly as main.ts does.
 */
const registry = new WeakMap<Db, LinkContext>();

export function registerDeliveryLinks(db: Db, links: LinkContext): void {
  registry.set(db, links);
}

export async function deliveryLinksOf(db: Db): Promise<LinkContext> {
  const known = registry.get(db);
  if (known) return known;
  const config = loadConfig(process.env);
  const links = { appSecret: await ensureAppSecret(db, config.APP_SECRET), publicBaseUrl: config.publicBaseUrl };
  registry.set(db, links);
  return links;
}
