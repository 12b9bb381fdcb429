import { and, desc, eq, getTableColumns, ilike, inArray, ne, type SQL, sql } from 'drizzle-orm';
import type { Dimension } from '../../../common/scoring/index.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { serviceTypes } from '../../db/schema/org.js';
import { ratingDefaults, ratingRules } from '../../db/schema/rules.js';
import { ratingTemplates, ratingTemplateVersions } from '../../db/schema/templates.js';
import { escapeLike } from '../../db/sql.js';
import { keyset } from '../../http/pagination.js';
import type { Actor } from '../../http/principal.js';
import { badRequest, conflict, type FieldError, issue } from '../../http/problem.js';
import { recordAudit } from '../audit/audit.service.js';
import { registeredUsersOf } from './template-users.js';
import { presentTemplate, presentVersion, presentVersionSummary, type TemplateRow } from './templates.presenter.js';
import type { CreateTemplateInput, UpdateTemplateInput } from './templates.schemas.js';
import { insertVersion, latestPublishedVersionOf, latestVersion, lockTemplate } from './versions.service.js';

const audited = (t: TemplateRow) => ({
  name: t.name,
  description: t.description,
  serviceTypeIds: t.serviceTypeIds,
  recordTypes: t.recordTypes,
  freeTextRetentionDays: t.freeTextRetentionDays,
  status: t.status,
  isDefault: t.isDefault,
});

/** 400 naming `serviceTypeIds.<i>` for ids that are not service types. */
async function checkServiceTypes(tx: DbOrTx, ids: string[] | undefined): Promise<void> {
  if (!ids?.length) return;
  const found = await tx.select({ id: serviceTypes.id }).from(serviceTypes).where(inArray(serviceTypes.id, ids));
  const known = new Set(found.map((r) => r.id));
  const errors: FieldError[] = ids.flatMap((id, i) =>
    known.has(id) ? [] : [issue(`serviceTypeIds.${i}`, 'not_found', 'is not a service type')],
  );
  if (errors.length) throw badRequest('Unknown service type(s).', errors);
}

const templatesPage = keyset({ kind: 'text', sort: ratingTemplates.name, id: ratingTemplates.id, order: 'asc' });

export async function listTemplates(
  db: Db,
  q: { limit: number; cursor?: string; status?: 'active' | 'archived'; serviceTypeId?: string; q?: string },
) {
  const where: (SQL | undefined)[] = [];
  if (q.status) where.push(eq(ratingTemplates.status, q.status));
  if (q.serviceTypeId) where.push(sql`${q.serviceTypeId}::uuid = any(${ratingTemplates.serviceTypeIds})`);
  if (q.q) where.push(ilike(ratingTemplates.name, `%${escapeLike(q.q)}%`));
  where.push(templatesPage.after(q.cursor));
  const rows = await db
    .select()
    .from(ratingTemplates)
    .where(and(...where))
    .orderBy(...templatesPage.orderBy)
    .limit(q.limit + 1);
  const ids = rows.map((r) => r.id);
  const { dimensions: _content, ...columns } = getTableColumns(ratingTemplateVersions);
  const versions = ids.length
    ? await db
        .select({ ...columns, dimensionCount: sql<number>`jsonb_array_length(${ratingTemplateVersions.dimensions})` })
        .from(ratingTemplateVersions)
        .where(inArray(ratingTemplateVersions.templateId, ids))
        .orderBy(desc(ratingTemplateVersions.number))
    : [];
  return templatesPage.page(
    rows,
    q.limit,
    (t) => {
      const own = versions.filter((v) => v.templateId === t.id); // newest first
      const published = own.find((v) => v.status === 'published');
      return {
        ...presentTemplate(t),
        latestVersion: own[0] ? presentVersionSummary(own[0]) : null,
        publishedVersionNumber: published?.number ?? null,
        publishedVersionId: published?.id ?? null,
        hasDraft: own[0]?.status === 'draft',
      };
    },
    (t) => ({ v: t.name, id: t.id }),
  );
}

export async function getTemplateDetail(db: Db, id: string) {
  return db.transaction(async (tx) => {
    const template = await lockTemplate(tx, id);
    const latest = await latestVersion(tx, id);
    const published = await latestPublishedVersionOf(tx, id);
    return {
      ...presentTemplate(template),
      draft: latest?.status === 'draft' ? presentVersion(latest, template.name) : null,
      published,
    };
  });
}

export async function createTemplate(db: Db, actor: Actor, input: CreateTemplateInput) {
  const created = await db.transaction(async (tx) => {
    await checkServiceTypes(tx, input.serviceTypeIds);
    const [row] = await tx
      .insert(ratingTemplates)
      .values({
        name: input.name,
        description: input.description ?? null,
        serviceTypeIds: input.serviceTypeIds,
        recordTypes: input.recordTypes,
        freeTextRetentionDays: input.freeTextRetentionDays ?? null,
      })
      .returning();
    const draft = input.draft ?? { layout: 'vertical' as const, weighting: false, dimensions: [] };
    await insertVersion(tx, row!.id, 1, {
      layout: draft.layout,
      weighting: draft.weighting,
      dimensions: draft.dimensions as Dimension[],
    });
    await recordAudit(tx, actor, {
      action: 'rating_template.created',
      entityType: 'rating_template',
      entityId: row!.id,
      after: audited(row!),
    });
    return row!;
  });
  return getTemplateDetail(db, created.id);
}

export async function updateTemplate(db: Db, actor: Actor, id: string, input: UpdateTemplateInput) {
  await db.transaction(async (tx) => {
    const before = await lockTemplate(tx, id);
    await checkServiceTypes(tx, input.serviceTypeIds);
    const [after] = await tx
      .update(ratingTemplates)
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.description !== undefined ? { description: input.description ?? null } : {}),
        ...(input.serviceTypeIds !== undefined ? { serviceTypeIds: input.serviceTypeIds } : {}),
        ...(input.recordTypes !== undefined ? { recordTypes: input.recordTypes } : {}),
        ...(input.freeTextRetentionDays !== undefined ? { freeTextRetentionDays: input.freeTextRetentionDays } : {}),
        updatedAt: new Date(),
      })
      .where(eq(ratingTemplates.id, id))
      .returning();
    await recordAudit(tx, actor, {
      action: 'rating_template.updated',
      entityType: 'rating_template',
      entityId: id,
      before: audited(before),
      after: audited(after!),
    });
  });
  return getTemplateDetail(db, id);
}

/** Rating rules, service-type defaults and registered users (follow-up rules) that would point at a template that can no longer be used. */
async function usersOf(tx: DbOrTx, templateId: string): Promise<string[]> {
  const rules = await tx
    .select({ name: ratingRules.name })
    .from(ratingRules)
    .where(eq(ratingRules.templateId, templateId));
  const defaults = await tx
    .select({ name: serviceTypes.name })
    .from(ratingDefaults)
    .innerJoin(serviceTypes, eq(serviceTypes.id, ratingDefaults.serviceTypeId))
    .where(eq(ratingDefaults.templateId, templateId));
  return [
    ...rules.map((r) => `rule "${r.name}"`),
    ...defaults.map((d) => `default of service type "${d.name}"`),
    ...(await registeredUsersOf(tx, templateId)),
  ];
}

export async function setArchived(db: Db, actor: Actor, id: string, archived: boolean) {
  await db.transaction(async (tx) => {
    const before = await lockTemplate(tx, id);
    if (archived && before.isDefault) {
      throw conflict(
        'The organisation default template cannot be archived; make another template the default first.',
        'default-template',
      );
    }
    if (archived) {
      const users = await usersOf(tx, id);
      if (users.length) throw conflict(`The template is still used by ${users.join(', ')}.`, 'template-in-use');
    }
    const status = archived ? 'archived' : 'active';
    if (before.status === status) return;
    await tx.update(ratingTemplates).set({ status, updatedAt: new Date() }).where(eq(ratingTemplates.id, id));
    await recordAudit(tx, actor, {
      action: archived ? 'rating_template.archived' : 'rating_template.unarchived',
      entityType: 'rating_template',
      entityId: id,
      before: { status: before.status },
      after: { status },
    });
  });
  return getTemplateDetail(db, id);
}

/** Only a template that was never published can go: anything published may already be answered, so archive it. */
export async function deleteTemplate(db: Db, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await lockTemplate(tx, id);
    if (await latestPublishedVersionOf(tx, id)) {
      throw conflict(
        'A published template may have been answered and cannot be deleted: archive it instead.',
        'template-published',
      );
    }
    await tx
      .delete(ratingTemplateVersions)
      .where(and(eq(ratingTemplateVersions.templateId, id), eq(ratingTemplateVersions.status, 'draft')));
    await tx.delete(ratingTemplates).where(eq(ratingTemplates.id, id));
    await recordAudit(tx, actor, {
      action: 'rating_template.deleted',
      entityType: 'rating_template',
      entityId: id,
      before: audited(before),
    });
  });
}

/** Makes this template the organisation default (the fallback when no rule and no service-type default applies). */
export async function setDefaultTemplate(db: Db, actor: Actor, id: string) {
  await db.transaction(async (tx) => {
    const target = await lockTemplate(tx, id);
    if (target.isDefault) return;
    if (target.status !== 'active') throw conflict('An archived template cannot be the default.', 'template-archived');
    if (!(await latestPublishedVersionOf(tx, id)))
      throw conflict('Publish the template before making it the default.', 'template-unpublished');
    const [previous] = await tx
      .update(ratingTemplates)
      .set({ isDefault: false, updatedAt: new Date() })
      .where(and(eq(ratingTemplates.isDefault, true), ne(ratingTemplates.id, id)))
      .returning({ id: ratingTemplates.id });
    await tx.update(ratingTemplates).set({ isDefault: true, updatedAt: new Date() }).where(eq(ratingTemplates.id, id));
    await recordAudit(tx, actor, {
      action: 'rating_template.default_set',
      entityType: 'rating_template',
      entityId: id,
      before: { defaultTemplateId: previous?.id ?? null },
      after: { defaultTemplateId: id },
    });
  });
  return getTemplateDetail(db, id);
}
