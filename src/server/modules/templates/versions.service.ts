import { and, desc, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import { type Dimension, scoreRating, validateAnswers, weightPercentages } from '../../../common/scoring/index.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { ratingTemplates, ratingTemplateVersions } from '../../db/schema/templates.js';
import { anyUuid } from '../../db/sql.js';
import type { Actor } from '../../http/principal.js';
import { badRequest, conflict, issue, notFound } from '../../http/problem.js';
import { recordAudit } from '../audit/audit.service.js';
import {
  presentVersion,
  presentVersionSummary,
  type TemplateRow,
  type VersionRow,
  type VersionView,
} from './templates.presenter.js';
import type { DraftInput } from './templates.schemas.js';
import { publishErrors } from './templates.validation.js';

type VersionContent = Pick<VersionRow, 'layout' | 'weighting' | 'dimensions'>;

/** The template row, locked for the rest of the transaction so concurrent edits of one template serialise. */
export async function lockTemplate(tx: DbOrTx, id: string): Promise<TemplateRow> {
  const [row] = await tx.select().from(ratingTemplates).where(eq(ratingTemplates.id, id)).for('update');
  if (!row) throw notFound('Rating template', id);
  return row;
}

export async function latestVersion(tx: DbOrTx, templateId: string): Promise<VersionRow | undefined> {
  const [row] = await tx
    .select()
    .from(ratingTemplateVersions)
    .where(eq(ratingTemplateVersions.templateId, templateId))
    .orderBy(desc(ratingTemplateVersions.number))
    .limit(1);
  return row;
}

/** The newest published version of a template, or null (e.g. a new template whose v1 is still a draft). */
export async function latestPublishedVersionOf(db: DbOrTx, templateId: string): Promise<VersionView | null> {
  const [row] = await db
    .select({ v: ratingTemplateVersions, name: ratingTemplates.name })
    .from(ratingTemplateVersions)
    .innerJoin(ratingTemplates, eq(ratingTemplates.id, ratingTemplateVersions.templateId))
    .where(and(eq(ratingTemplateVersions.templateId, templateId), eq(ratingTemplateVersions.status, 'published')))
    .orderBy(desc(ratingTemplateVersions.number))
    .limit(1);
  return row ? presentVersion(row.v, row.name) : null;
}

export async function getVersion(db: DbOrTx, versionId: string): Promise<VersionView> {
  const [row] = await db
    .select({ v: ratingTemplateVersions, name: ratingTemplates.name })
    .from(ratingTemplateVersions)
    .innerJoin(ratingTemplates, eq(ratingTemplates.id, ratingTemplateVersions.templateId))
    .where(eq(ratingTemplateVersions.id, versionId));
  if (!row) throw notFound('Rating template version', versionId);
  return presentVersion(row.v, row.name);
}

/** A published (frozen) version: what invitations and ratings refer to. A draft id answers 404. */
export async function getPublishedVersion(db: DbOrTx, versionId: string): Promise<VersionView> {
  const version = await getVersion(db, versionId);
  if (version.status !== 'published') throw notFound('Published rating template version', versionId);
  return version;
}

export async function listVersions(db: Db, templateId: string) {
  const [exists] = await db
    .select({ id: ratingTemplates.id })
    .from(ratingTemplates)
    .where(eq(ratingTemplates.id, templateId));
  if (!exists) throw notFound('Rating template', templateId);
  const { dimensions: _content, ...columns } = getTableColumns(ratingTemplateVersions);
  const rows = await db
    .select({ ...columns, dimensionCount: sql<number>`jsonb_array_length(${ratingTemplateVersions.dimensions})` })
    .from(ratingTemplateVersions)
    .where(eq(ratingTemplateVersions.templateId, templateId))
    .orderBy(desc(ratingTemplateVersions.number));
  return { items: rows.map(presentVersionSummary), nextCursor: null };
}

/**
 * Overwrites a draft's content. The `status = 'draft'` condition is the guard: a published version matches nothing and
 * the call fails with 409 (the database trigger refuses it too), whoever calls this.
 */
export async function updateDraftVersion(tx: DbOrTx, versionId: string, content: VersionContent): Promise<VersionRow> {
  const [row] = await tx
    .update(ratingTemplateVersions)
    .set({ ...content, updatedAt: new Date() })
    .where(and(eq(ratingTemplateVersions.id, versionId), eq(ratingTemplateVersions.status, 'draft')))
    .returning();
  if (!row)
    throw conflict(
      'Only a draft can change; a published version is frozen. Edit the template to get a new draft.',
      'version-frozen',
    );
  return row;
}

export async function insertVersion(
  tx: DbOrTx,
  templateId: string,
  number: number,
  content: VersionContent,
): Promise<VersionRow> {
  const [row] = await tx
    .insert(ratingTemplateVersions)
    .values({ templateId, number, status: 'draft', ...content })
    .returning();
  return row!;
}

const refuseArchived = (t: TemplateRow) => {
  if (t.status === 'archived')
    throw conflict('The template is archived; unarchive it before editing.', 'template-archived');
};

/** Saves the draft; when the latest version is published, the draft is a new version (a copy edited by `input`). */
export async function saveDraft(db: Db, actor: Actor, templateId: string, input: DraftInput): Promise<VersionView> {
  return db.transaction(async (tx) => {
    const template = await lockTemplate(tx, templateId);
    refuseArchived(template);
    const latest = await latestVersion(tx, templateId);
    const content: VersionContent = {
      layout: input.layout,
      weighting: input.weighting,
      dimensions: input.dimensions as Dimension[],
    };
    const row =
      latest?.status === 'draft'
        ? await updateDraftVersion(tx, latest.id, content)
        : await insertVersion(tx, templateId, (latest?.number ?? 0) + 1, content);
    await recordAudit(tx, actor, {
      action: 'rating_template.draft_saved',
      entityType: 'rating_template',
      entityId: templateId,
      before: latest?.status === 'draft' ? { number: latest.number, dimensions: latest.dimensions } : null,
      after: { number: row.number, layout: row.layout, weighting: row.weighting, dimensions: row.dimensions },
    });
    return presentVersion(row, template.name);
  });
}

/** Publishes the draft after the full check (400 with every failing field). 409 when there is no draft. */
export async function publishDraft(db: Db, actor: Actor, templateId: string): Promise<VersionView> {
  return db.transaction(async (tx) => {
    const template = await lockTemplate(tx, templateId);
    refuseArchived(template);
    const latest = await latestVersion(tx, templateId);
    if (latest?.status !== 'draft') throw conflict('There is no draft to publish.', 'no-draft');
    const errors = publishErrors({ weighting: latest.weighting, dimensions: latest.dimensions });
    if (errors.length > 0) throw badRequest(`The draft cannot be published: ${errors.length} problem(s).`, errors);
    const [row] = await tx
      .update(ratingTemplateVersions)
      .set({ status: 'published', publishedAt: new Date(), publishedBy: actor.id, publishedByName: actor.name })
      .where(and(eq(ratingTemplateVersions.id, latest.id), eq(ratingTemplateVersions.status, 'draft')))
      .returning();
    await tx.update(ratingTemplates).set({ updatedAt: new Date() }).where(eq(ratingTemplates.id, templateId));
    await recordAudit(tx, actor, {
      action: 'rating_template.published',
      entityType: 'rating_template',
      entityId: templateId,
      after: { versionId: row!.id, number: row!.number },
    });
    return presentVersion(row!, template.name);
  });
}

export async function discardDraft(db: Db, actor: Actor, templateId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const template = await lockTemplate(tx, templateId);
    const latest = await latestVersion(tx, templateId);
    if (latest?.status !== 'draft') throw conflict('There is no draft to discard.', 'no-draft');
    await tx
      .delete(ratingTemplateVersions)
      .where(and(eq(ratingTemplateVersions.id, latest.id), eq(ratingTemplateVersions.status, 'draft')));
    await recordAudit(tx, actor, {
      action: 'rating_template.draft_discarded',
      entityType: 'rating_template',
      entityId: template.id,
      before: { number: latest.number, dimensions: latest.dimensions },
    });
  });
}

/** Scores answers with the engine, against an edited (unsaved) template or a stored version. */
export async function scorePreview(
  db: Db,
  input: {
    template?: { weighting: boolean; dimensions: Dimension[] };
    versionId?: string;
    answers: Record<string, unknown>;
  },
) {
  if (!input.template === !input.versionId)
    throw badRequest('Give either `template` or `versionId`.', [
      issue('template', 'exactly_one', 'give either template or versionId', { fields: 'template, versionId' }),
    ]);
  const template = input.template ?? (await getVersion(db, input.versionId!));
  const scoring = { weighting: template.weighting, dimensions: template.dimensions };
  const weights = weightPercentages(scoring).dimensions.map(({ key, percent }) => ({ key, percent }));
  const checked = validateAnswers(scoring, input.answers);
  if (!checked.ok) {
    return {
      valid: false,
      errors: checked.errors,
      score: null,
      stars: null,
      roundedStars: null,
      tenPoint: null,
      class: null,
      weights,
    };
  }
  const s = scoreRating(scoring, checked.answers);
  return {
    valid: true,
    errors: [],
    score: s.score,
    stars: s.stars,
    roundedStars: s.roundedStars,
    tenPoint: s.tenPoint,
    class: s.class,
    weights,
  };
}

/** For rules and defaults: the template with its latest published version id, or null when the id is unknown. */
export async function templateForUse(
  db: DbOrTx,
  templateId: string,
): Promise<{ id: string; name: string; status: 'active' | 'archived'; publishedVersionId: string | null } | null> {
  const [template] = await db.select().from(ratingTemplates).where(eq(ratingTemplates.id, templateId));
  if (!template) return null;
  const published = await latestPublishedVersionOf(db, templateId);
  return { id: template.id, name: template.name, status: template.status, publishedVersionId: published?.id ?? null };
}

/** The names of these templates by id (for other modules' lists that show which template they use). */
export async function templateNames(db: DbOrTx, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .select({ id: ratingTemplates.id, name: ratingTemplates.name })
    .from(ratingTemplates)
    .where(inArray(ratingTemplates.id, unique));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Several versions by id with their template id (analytics reads the frozen dimensions of rated versions). */
export async function versionsByIds(db: DbOrTx, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({
      id: ratingTemplateVersions.id,
      templateId: ratingTemplateVersions.templateId,
      weighting: ratingTemplateVersions.weighting,
      dimensions: ratingTemplateVersions.dimensions,
    })
    .from(ratingTemplateVersions)
    .where(anyUuid(ratingTemplateVersions.id, ids));
}

/** Every published version's dimensions, newest publication first (labels: the latest published version's). */
export async function publishedDimensionsNewestFirst(db: DbOrTx): Promise<Dimension[][]> {
  const rows = await db
    .select({ dimensions: ratingTemplateVersions.dimensions })
    .from(ratingTemplateVersions)
    .where(eq(ratingTemplateVersions.status, 'published'))
    .orderBy(desc(ratingTemplateVersions.publishedAt), desc(ratingTemplateVersions.number));
  return rows.map((r) => r.dimensions);
}
