import { eq } from 'drizzle-orm';
import type { Dimension } from '../../../common/scoring/index.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { ratingTemplates, ratingTemplateVersions } from '../../db/schema/templates.js';
import { SYSTEM_ACTOR } from '../../http/principal.js';
import { recordAudit } from '../audit/audit.service.js';

export const DEFAULT_TEMPLATE_NAME = '上门维修服务评价';

/** The manual's home-repair template (SCORING.md §2 worked example): 30 / 40 / 20 / 10 %. */
export const DEFAULT_TEMPLATE_DIMENSIONS: Dimension[] = [
  {
    key: 'response_speed',
    type: 'star5',
    required: true,
    weight: 30,
    label: { 'zh-CN': '响应速度', en: 'Response speed' },
  },
  {
    key: 'technical_ability',
    type: 'star5',
    required: true,
    weight: 40,
    label: { 'zh-CN': '技术能力', en: 'Technical ability' },
  },
  {
    key: 'attitude',
    type: 'star5',
    required: true,
    weight: 20,
    label: { 'zh-CN': '服务态度', en: 'Service attitude' },
  },
  {
    key: 'problem_resolved',
    type: 'yes_no',
    required: true,
    weight: 10,
    label: { 'zh-CN': '问题是否解决', en: 'Problem resolved' },
  },
  {
    key: 'would_recommend',
    type: 'single_choice',
    required: false,
    weight: 0,
    outcome: true,
    label: { 'zh-CN': '是否愿意推荐我们', en: 'Would you recommend us?' },
    options: [
      { key: 'yes', label: { 'zh-CN': '愿意', en: 'Yes' }, score: 100 },
      { key: 'no', label: { 'zh-CN': '不愿意', en: 'No' }, score: 0 },
      { key: 'not_sure', label: { 'zh-CN': '不确定', en: 'Not sure' } },
    ],
  },
  {
    key: 'suggestions',
    type: 'text',
    required: false,
    weight: 0,
    maxLength: 500,
    label: { 'zh-CN': '您的建议', en: 'Your suggestions' },
  },
];

/**
 * Seeds the organisation default template (published version 1) on the first start; does nothing once any default
 * exists. Two processes starting together on one PostgreSQL: the partial unique index on `is_default` lets one win.
 * Returns the template id when it was just created.
 */
export async function ensureDefaultTemplate(db: Db): Promise<string | null> {
  const [existing] = await db
    .select({ id: ratingTemplates.id })
    .from(ratingTemplates)
    .where(eq(ratingTemplates.isDefault, true))
    .limit(1);
  if (existing) return null;
  try {
    return await db.transaction(async (tx) => {
      const [template] = await tx
        .insert(ratingTemplates)
        .values({ name: DEFAULT_TEMPLATE_NAME, description: 'Home repair service rating', isDefault: true })
        .returning();
      const now = new Date();
      const [version] = await tx
        .insert(ratingTemplateVersions)
        .values({
          templateId: template!.id,
          number: 1,
          status: 'published',
          layout: 'vertical',
          weighting: true,
          dimensions: DEFAULT_TEMPLATE_DIMENSIONS,
          publishedAt: now,
          publishedByName: SYSTEM_ACTOR.name,
        })
        .returning();
      await recordAudit(tx, SYSTEM_ACTOR, {
        action: 'rating_template.seeded',
        entityType: 'rating_template',
        entityId: template!.id,
        after: { name: template!.name, versionId: version!.id, number: 1 },
      });
      return template!.id;
    });
  } catch (err) {
    if ((err as { code?: string }).code === '23505' || (err as { cause?: { code?: string } }).cause?.code === '23505')
      return null;
    throw err;
  }
}

/** The organisation's default template (the rating rules' last fallback), or undefined when none is marked. */
export async function defaultTemplateId(db: DbOrTx): Promise<string | undefined> {
  const [row] = await db
    .select({ id: ratingTemplates.id })
    .from(ratingTemplates)
    .where(eq(ratingTemplates.isDefault, true));
  return row?.id;
}
