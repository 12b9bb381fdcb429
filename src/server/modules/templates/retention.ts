/**
 * What the retention job needs to know of templates (issue 21): how long each keeps its ratings' free text, its
 * versions, and which questions of a version are text.
 */
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { ratingTemplates, ratingTemplateVersions } from '../../db/schema/templates.js';
import { anyUuid } from '../../db/sql.js';

export interface TemplateRetention {
  templateId: string;
  name: string;
  /** Null: the organisation's default. */
  freeTextRetentionDays: number | null;
  versionIds: string[];
}

/** Every template (archived ones too: their ratings still hold text) with its versions. */
export async function templateRetentions(db: DbOrTx): Promise<TemplateRetention[]> {
  const rows = await db
    .select({
      templateId: ratingTemplates.id,
      name: ratingTemplates.name,
      days: ratingTemplates.freeTextRetentionDays,
      versionId: ratingTemplateVersions.id,
    })
    .from(ratingTemplates)
    .innerJoin(ratingTemplateVersions, eq(ratingTemplateVersions.templateId, ratingTemplates.id));
  const out = new Map<string, TemplateRetention>();
  for (const r of rows) {
    const t = out.get(r.templateId) ?? {
      templateId: r.templateId,
      name: r.name,
      freeTextRetentionDays: r.days,
      versionIds: [],
    };
    t.versionIds.push(r.versionId);
    out.set(r.templateId, t);
  }
  return [...out.values()];
}

/** The keys of the text questions of these versions (a version without one maps to []). */
export async function textKeysOfVersions(db: DbOrTx, versionIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!versionIds.length) return out;
  const rows = await db
    .select({ id: ratingTemplateVersions.id, dimensions: ratingTemplateVersions.dimensions })
    .from(ratingTemplateVersions)
    .where(anyUuid(ratingTemplateVersions.id, [...new Set(versionIds)]));
  for (const r of rows)
    out.set(
      r.id,
      r.dimensions.filter((d) => d.type === 'text').map((d) => d.key),
    );
  return out;
}
