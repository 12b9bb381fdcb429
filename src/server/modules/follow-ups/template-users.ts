import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { followUpRules } from '../../db/schema/follow-ups.js';

/**
 * The follow-up rules whose agents would fill in this template: the templates module refuses to archive a template
 * still named here (a rule-mode task would have no survey to ask).
 */
export async function followUpRulesUsingTemplate(db: DbOrTx, templateId: string): Promise<string[]> {
  const rows = await db
    .select({ name: followUpRules.name })
    .from(followUpRules)
    .where(eq(followUpRules.templateId, templateId));
  return rows.map((r) => r.name);
}
