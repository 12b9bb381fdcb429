import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { InvitationContact } from '../../src/common/invitations.js';
import type { Db } from '../../src/server/db/client.js';
import { ratingTemplates } from '../../src/server/db/schema/templates.js';
import { createInvitation } from '../../src/server/modules/invitations/invitations.service.js';
import { ensureDefaultTemplate } from '../../src/server/modules/templates/default-template.js';
import { latestPublishedVersionOf } from '../../src/server/modules/templates/versions.service.js';

/** The published version of the organisation's default template (seeded when missing). */
export async function defaultTemplateVersionId(db: Db): Promise<string> {
  await ensureDefaultTemplate(db);
  const [template] = await db.select().from(ratingTemplates).where(eq(ratingTemplates.isDefault, true)).limit(1);
  const version = await latestPublishedVersionOf(db, template!.id);
  return version!.id;
}

export interface InvitationOptions {
  templateVersionId: string;
  locale?: string | null;
  submissionLimit?: number;
  linkExpiryDays?: number;
  source?: 'qr' | 'rule' | 'manual';
  workOrderId?: string;
  /** `['email']` unless told; `['qr']` makes a QR invitation (its link visible to whoever reads the work order). */
  channels?: string[];
  /** The customer's contact (only the locale unless told). */
  contact?: InvitationContact;
}

/** An invitation on its own (invitations.work_order_id has no foreign key): its id, token and `/r/<token>` path. */
export async function invitationFactory(
  db: Db,
  links: { appSecret: string; publicBaseUrl: string },
  opts: InvitationOptions,
) {
  const { invitation, token } = await createInvitation(db, links, {
    workOrderId: opts.workOrderId ?? randomUUID(),
    templateVersionId: opts.templateVersionId,
    source: opts.source ?? 'rule',
    contact: opts.contact ?? { locale: opts.locale ?? null },
    channels: opts.channels ?? ['email'],
    submissionLimit: opts.submissionLimit ?? 1,
    linkExpiryDays: opts.linkExpiryDays,
  });
  return { invitation, token, path: `/r/${token}`, api: `/api/v1/public/invitations/${token}` };
}

/** Answers to the default template that score S = 80 (SCORING.md §2 worked example). */
export const DEFAULT_TEMPLATE_ANSWERS = {
  response_speed: 5,
  technical_ability: 4,
  attitude: 3,
  problem_resolved: true,
};

/** The same answers as the no-JS form posts them. */
export const DEFAULT_TEMPLATE_FORM = 'response_speed=5&technical_ability=4&attitude=3&problem_resolved=yes';
