import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { serviceTypes } from '../../db/schema/org.js';
import { ratingDefaults } from '../../db/schema/rules.js';
import { ratingTemplates } from '../../db/schema/templates.js';
import type { Actor } from '../../http/principal.js';
import { notFound } from '../../http/problem.js';
import { recordAudit } from '../audit/audit.service.js';
import { getServiceType } from '../org/service-types.service.js';
import { checkUsableTemplate } from './rules.service.js';

/** Each service type's default template: the fallback when no rule matches (before the organisation default). */
export async function listRatingDefaults(db: Db) {
  const rows = await db
    .select({ d: ratingDefaults, serviceTypeName: serviceTypes.name, templateName: ratingTemplates.name })
    .from(ratingDefaults)
    .innerJoin(serviceTypes, eq(serviceTypes.id, ratingDefaults.serviceTypeId))
    .innerJoin(ratingTemplates, eq(ratingTemplates.id, ratingDefaults.templateId))
    .orderBy(asc(serviceTypes.name), asc(serviceTypes.id));
  return {
    items: rows.map((r) => ({
      serviceTypeId: r.d.serviceTypeId,
      serviceTypeName: r.serviceTypeName,
      templateId: r.d.templateId,
      templateName: r.templateName,
      updatedAt: r.d.updatedAt.toISOString(),
    })),
    nextCursor: null,
  };
}

export async function setRatingDefault(db: Db, actor: Actor, serviceTypeId: string, templateId: string) {
  await db.transaction(async (tx) => {
    await getServiceType(tx, serviceTypeId); // 404 when unknown
    await checkUsableTemplate(tx, templateId);
    const [before] = await tx.select().from(ratingDefaults).where(eq(ratingDefaults.serviceTypeId, serviceTypeId));
    await tx
      .insert(ratingDefaults)
      .values({ serviceTypeId, templateId })
      .onConflictDoUpdate({ target: ratingDefaults.serviceTypeId, set: { templateId, updatedAt: new Date() } });
    await recordAudit(tx, actor, {
      action: 'rating_default.set',
      entityType: 'service_type',
      entityId: serviceTypeId,
      before: before ? { templateId: before.templateId } : null,
      after: { templateId },
    });
  });
  const { items } = await listRatingDefaults(db);
  return items.find((d) => d.serviceTypeId === serviceTypeId)!;
}

export async function removeRatingDefault(db: Db, actor: Actor, serviceTypeId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await tx.delete(ratingDefaults).where(eq(ratingDefaults.serviceTypeId, serviceTypeId)).returning();
    if (!before) throw notFound('Rating default for service type', serviceTypeId);
    await recordAudit(tx, actor, {
      action: 'rating_default.removed',
      entityType: 'service_type',
      entityId: serviceTypeId,
      before: { templateId: before.templateId },
    });
  });
}
