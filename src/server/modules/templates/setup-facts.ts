import { and, eq, isNotNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { ratingTemplateVersions } from '../../db/schema/templates.js';

/** For the set-up checklist: someone published a template version (the seeded default does not count). */
export async function hasOwnPublishedTemplate(db: DbOrTx): Promise<boolean> {
  const rows = await db
    .select({ id: ratingTemplateVersions.id })
    .from(ratingTemplateVersions)
    .where(and(eq(ratingTemplateVersions.status, 'published'), isNotNull(ratingTemplateVersions.publishedBy)))
    .limit(1);
  return rows.length > 0;
}
