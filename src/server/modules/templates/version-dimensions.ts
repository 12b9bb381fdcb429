import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Dimension } from '../../../common/scoring/index.js';
import type { DbOrTx } from '../../db/client.js';
import { ratingTemplateVersions } from '../../db/schema/templates.js';

/**
 * Every dimension ever published (of these templates, or of all), one per key: the newest published version's
 * definition wins, in that version's order; keys only older versions had follow. What a table of ratings answered
 * over several versions needs as its columns (the ratings export).
 */
export async function publishedDimensions(db: DbOrTx, templateIds?: readonly string[]): Promise<Dimension[]> {
  const rows = await db
    .select({ dimensions: ratingTemplateVersions.dimensions })
    .from(ratingTemplateVersions)
    .where(
      and(
        eq(ratingTemplateVersions.status, 'published'),
        templateIds ? inArray(ratingTemplateVersions.templateId, [...templateIds]) : undefined,
      ),
    )
    .orderBy(desc(ratingTemplateVersions.publishedAt));
  const byKey = new Map<string, Dimension>();
  for (const row of rows) for (const d of row.dimensions as Dimension[]) if (!byKey.has(d.key)) byKey.set(d.key, d);
  return [...byKey.values()];
}
