import { type PageLang, pickLanguage } from '../../../common/rating-page/index.js';
import type { Dimension } from '../../../common/scoring/index.js';
import type { FieldError } from '../../http/problem.js';
import type { InvitationRow } from '../invitations/invitations.service.js';
import { effectiveStatus } from '../invitations/invitations.service.js';
import type { InvitationPageContext } from './page-context.js';
import type { PublicInvitationView } from './public.schemas.js';

/**
 * The page language: an explicit choice (`?lang=`), else the contact's locale, else the browser's, else the
 * organisation's default language (used as the browser's when it sends no Accept-Language).
 */
export function chooseLanguage(
  contactLocale: string | null | undefined,
  acceptLanguage: string | undefined,
  defaultLanguage: PageLang,
  explicit?: PageLang,
): PageLang {
  return explicit ?? pickLanguage(contactLocale, acceptLanguage || defaultLanguage);
}

function presentDimension(d: Dimension, lang: PageLang) {
  const help = d.help?.[lang]?.trim();
  return {
    key: d.key,
    type: d.type,
    required: d.required,
    label: d.label[lang],
    ...(help ? { help } : {}),
    ...(d.options ? { options: d.options.map((o) => ({ key: o.key, label: o.label[lang] })) } : {}),
    ...(d.type === 'text' && d.maxLength ? { maxLength: d.maxLength } : {}),
  };
}

/** What a mini-program or app needs to draw the page: no personal data beyond the work order's number and subject. */
export function presentPublicInvitation(
  invitation: InvitationRow,
  page: InvitationPageContext,
  lang: PageLang,
): PublicInvitationView {
  return {
    status: effectiveStatus(invitation),
    submissionsLeft: Math.max(0, invitation.submissionLimit - invitation.submissionCount),
    expiresAt: invitation.expiresAt.toISOString(),
    workOrder: page.workOrder,
    company: page.company,
    language: lang,
    template: {
      versionId: page.template.versionId,
      layout: page.template.layout,
      dimensions: page.template.dimensions.map((d) => presentDimension(d, lang)),
    },
  };
}

const isMissing = (v: unknown) =>
  v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

/**
 * `comment` (API-CONTRACT.md) is a convenience for clients that have one free-text box: it becomes the answer of
 * the template's first unanswered text question, optional ones first. With no such question it is rejected rather
 * than dropped (a customer's words are never silently lost).
 */
export function placeComment(
  dimensions: readonly Dimension[],
  answers: Record<string, unknown>,
  comment: string | undefined,
): { answers: Record<string, unknown>; commentKey: string | null; error?: FieldError } {
  if (comment === undefined || comment.trim() === '') return { answers, commentKey: null };
  const texts = dimensions.filter((d) => d.type === 'text' && isMissing(answers[d.key]));
  const target = texts.find((d) => !d.required) ?? texts[0];
  if (!target) {
    const hasText = dimensions.some((d) => d.type === 'text');
    return {
      answers,
      commentKey: null,
      error: {
        path: 'comment',
        code: 'no_comment_slot',
        message: hasText
          ? 'every text question is already answered: put the comment in answers'
          : 'this template has no text question to hold a comment',
      },
    };
  }
  return { answers: { ...answers, [target.key]: comment }, commentKey: target.key };
}
