import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  type PageLang,
  pickLanguage,
  renderStatusPage,
  STATUS_HTTP_CODE,
  type StatusKind,
} from '../../common/rating-page/index.js';
import type { LinkState } from '../modules/invitations/submission-slots.js';
import type { InvitationPageContext, PageCompany } from '../modules/ratings/page-context.js';
import { sendCustomerHtml } from './html-response.js';

export const pagePath = (token: string) => `/r/${encodeURIComponent(token)}`;
export const thanksPath = (token: string, formToken: string | null) =>
  `${pagePath(token)}/thanks${formToken ? `?k=${encodeURIComponent(formToken)}` : ''}`;

export const STATE_PAGE: Record<Exclude<LinkState, 'open'>, StatusKind> = {
  used: 'used',
  expired: 'expired',
  revoked: 'revoked',
};

/**
 * The company as last shown, for pages answered without reading the database (unknown links, rate limiting: a
 * flood of such requests must not cost a query each).
 */
let lastCompany: PageCompany = { name: 'Rateloop', logoUrl: null };
export const rememberCompany = (company: PageCompany) => {
  lastCompany = company;
};

/** A status page about a known invitation (used, rated, duplicate, expired, revoked, thanks). */
export function sendStatusPage(
  req: FastifyRequest,
  reply: FastifyReply,
  kind: StatusKind,
  lang: PageLang,
  page: Pick<InvitationPageContext, 'company' | 'workOrder'>,
  opts: { anotherCustomerHref?: string } = {},
) {
  rememberCompany(page.company);
  const html = renderStatusPage({
    kind,
    lang,
    company: page.company,
    workOrder: page.workOrder,
    anotherCustomerHref: opts.anotherCustomerHref,
    assets: { css: 'inline' },
  });
  return sendCustomerHtml(req, reply, STATUS_HTTP_CODE[kind], html, { logoUrl: page.company.logoUrl });
}

/** Unknown, forged or malformed links, and rate limiting: no invitation to speak of, the browser's language. */
export function sendAnonymousStatusPage(
  req: FastifyRequest,
  reply: FastifyReply,
  kind: 'unknown' | 'rate_limited' | 'too_large',
  retryAfterSeconds?: number,
) {
  const lang = pickLanguage(null, req.headers['accept-language']);
  const html = renderStatusPage({ kind, lang, company: lastCompany, assets: { css: 'inline' } });
  return sendCustomerHtml(req, reply, STATUS_HTTP_CODE[kind], html, {
    logoUrl: lastCompany.logoUrl,
    retryAfterSeconds,
  });
}
