import type { Dimension, ScoringTemplate } from '../../../common/scoring/index.js';
import type { DbOrTx } from '../../db/client.js';
import { readAll } from '../../db/reads.js';
import type { InvitationRow } from '../invitations/invitations.service.js';
import { getOrganisationProfile, type OrganisationProfile } from '../settings/settings.service.js';
import { getPublishedVersion } from '../templates/versions.service.js';

/** The frozen template version a rating answers, in the shape the renderer and the scoring engine need. */
export interface FrozenTemplate extends ScoringTemplate {
  versionId: string;
  layout: 'vertical' | 'horizontal';
}

/**
 * Published versions never change (templates/versions.service), so they are cached for the life of the process:
 * the customer page and the submission are the hot paths and should not re-read a template per request.
 * Bounded so a long-running process with many versions does not grow without limit.
 */
const VERSION_CACHE_LIMIT = 1000;
const versionCache = new Map<string, FrozenTemplate>();

export async function frozenTemplate(db: DbOrTx, versionId: string): Promise<FrozenTemplate> {
  const cached = versionCache.get(versionId);
  if (cached) return cached;
  const v = await getPublishedVersion(db, versionId);
  const template: FrozenTemplate = {
    versionId: v.id,
    layout: v.layout,
    weighting: v.weighting,
    // The version is exactly what was validated and published (the presenter returns it byte-for-byte).
    dimensions: v.dimensions as Dimension[],
  };
  if (versionCache.size >= VERSION_CACHE_LIMIT) versionCache.delete(versionCache.keys().next().value!);
  versionCache.set(versionId, template);
  return template;
}

/**
 * The organisation profile, re-read at most every few seconds: every page view needs it, and a change of company
 * name or logo showing up on customer pages 5 s later is harmless. Per process, so nothing to invalidate across
 * servers.
 */
const PROFILE_TTL_MS = 5_000;
const profileCache = new WeakMap<DbOrTx, { at: number; profile: Promise<OrganisationProfile> }>();

export function organisationProfile(db: DbOrTx): Promise<OrganisationProfile> {
  const now = Date.now();
  const cached = profileCache.get(db);
  if (cached && now - cached.at <= PROFILE_TTL_MS) return cached.profile;
  const profile = getOrganisationProfile(db);
  profileCache.set(db, { at: now, profile });
  profile.catch(() => profileCache.delete(db));
  return profile;
}

export interface PageCompany {
  name: string;
  logoUrl: string | null;
}

export interface PageWorkOrder {
  number: string;
  subject: string;
}

export interface InvitationPageContext {
  company: PageCompany;
  /** null while the work-orders module cannot tell (or the work order is gone): the page then shows no number. */
  workOrder: PageWorkOrder | null;
  template: FrozenTemplate;
  /** The organisation's language for contacts without a locale and browsers without a usable Accept-Language. */
  defaultLanguage: 'zh-CN' | 'en';
}

/**
 * Everything the customer page and the public JSON show besides the questions' answers — and nothing more: the
 * company, the work order's number and subject (no customer data; read with the invitation, see opening.service),
 * and the frozen template version. Both come from per-process caches: no I/O on the hot path.
 */
export async function invitationPageContext(
  db: DbOrTx,
  invitation: Pick<InvitationRow, 'templateVersionId'>,
  workOrder: PageWorkOrder | null,
): Promise<InvitationPageContext> {
  const [profile, template] = await readAll(db, [
    () => organisationProfile(db),
    () => frozenTemplate(db, invitation.templateVersionId),
  ]);
  return {
    company: { name: profile.companyName, logoUrl: profile.logoUrl },
    workOrder,
    template,
    defaultLanguage: profile.defaultLanguage,
  };
}
