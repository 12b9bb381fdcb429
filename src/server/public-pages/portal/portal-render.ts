/**
 * The customer portal's pages (issue 20): phone first, no JavaScript, the rating page's stylesheet plus a few
 * rules of its own, everything inline under a strict CSP. Pure: view data in, HTML out.
 */
import { createHash } from 'node:crypto';
import {
  documentShell,
  escapeHtml as e,
  PAGE_CSS,
  type PageCompany,
  type PageLang,
  pageHeader,
} from '../../../common/rating-page/index.js';
import type { PortalHome, PortalWorkOrder } from '../../modules/portal/portal.service.js';
import { pt, statusText } from './portal-strings.js';

const EXTRA_CSS = [
  '.fld{display:block;margin:0 0 14px}',
  '.fld>span{display:block;margin:0 0 6px;font-weight:600}',
  '.fld>small{display:block;margin-top:6px;color:#475467;font-size:14px}',
  '.inp{display:block;width:100%;min-height:52px;padding:12px 14px;border:1px solid #98a2b3;border-radius:12px;background:#fff;color:#101828;font:inherit;font-size:18px}',
  '.inp:focus-visible{outline-offset:0;border-color:#1d4ed8}',
  '.inp[aria-invalid=true]{border-color:#d92d20}',
  '.inp.code{letter-spacing:.35em;font-variant-numeric:tabular-nums}',
  '.panel{margin:0 0 12px;padding:20px 16px;border:1px solid #e4e7ec;border-radius:16px;background:#fff}',
  '.panel h1{margin:0 0 6px;font-size:22px;line-height:1.35}',
  '.panel p{margin:0 0 14px;color:#475467}',
  '.lnk{display:inline-flex;align-items:center;min-height:44px;padding:0;border:0;background:none;color:#1d4ed8;font:inherit;font-size:15px;text-decoration:underline;cursor:pointer}',
  '.row{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:4px 16px}',
  '.bar{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:4px 12px;margin:0 4px 12px;color:#475467;font-size:14px}',
  '.wol{display:grid;gap:12px;margin:0;padding:0;list-style:none}',
  '.woi{padding:16px;border:1px solid #e4e7ec;border-radius:16px;background:#fff}',
  '.woi h2{margin:0 0 6px;font-size:17px;line-height:1.4;overflow-wrap:anywhere}',
  '.st{display:inline-block;padding:0 10px;border-radius:999px;background:#eff4ff;color:#1d4ed8;font-size:13px;line-height:24px;font-weight:600;white-space:nowrap}',
  '.st.done{background:#ecfdf3;color:#067647}',
  '.num{color:#475467;font-size:14px;font-variant-numeric:tabular-nums}',
  '.meta{display:grid;grid-template-columns:auto 1fr;gap:2px 12px;margin:10px 0 0;font-size:14px}',
  '.meta dt{color:#475467}',
  '.meta dd{margin:0;overflow-wrap:anywhere}',
  '.woi .btn{margin-top:14px;text-decoration:none;text-align:center;line-height:30px}',
  '.stars-v{color:#b54708;font-weight:600}',
  '.ph{margin:0 4px 8px;font-size:24px;line-height:1.3}',
  '.h2{margin:0 0 6px;font-size:17px}',
  '.wol+.panel,.card+.panel{margin-top:16px}',
  '.btn.sec{background:#fff;color:#1d4ed8;border:1px solid #1d4ed8;box-shadow:none}',
  '.btn.sec:active{background:#eff4ff}',
].join('');

/** The portal's stylesheet: the rating page's and the rules above (one string, hashed for the CSP). */
export const PORTAL_CSS = PAGE_CSS + EXTRA_CSS;
const STYLE_HASH = `'sha256-${createHash('sha256').update(PORTAL_CSS, 'utf8').digest('base64')}'`;

/** No script at all; the inline stylesheet by hash; forms post to the portal only. */
export function portalCsp(logoOrigin: string | null): string {
  return [
    "default-src 'none'",
    "script-src 'none'",
    `style-src ${STYLE_HASH}`,
    `img-src 'self' data:${logoOrigin ? ` ${logoOrigin}` : ''}`,
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

interface Frame {
  lang: PageLang;
  company: PageCompany;
}

function shell(frame: Frame, title: string, main: string): string {
  const other: PageLang = frame.lang === 'zh-CN' ? 'en' : 'zh-CN';
  const switcher = `<nav class="bar" aria-label="Language"><span></span><a class="lnk" href="/c/?lang=${other}" \
hreflang="${other}" lang="${other}">${other === 'en' ? 'English' : '中文'}</a></nav>`;
  return documentShell({
    lang: frame.lang,
    title: `${title} · ${frame.company.name}`,
    head: `<style>${PORTAL_CSS}</style>`,
    body: `<main class="page">${pageHeader(frame.lang, frame.company, null, '')}${switcher}${main}</main>`,
  });
}

const errorLine = (id: string, error: string | null | undefined) =>
  `<p class="err" id="${id}" role="alert">${error ? e(error) : ''}</p>`;

/** Words the sign-in page may lead with: why it is asked (a rating that needs sign-in, WeChat's first visit). */
export type SignInNote = 'signInToRate' | 'wechatFirst' | 'wechatFailed' | 'notYourRating';

export function renderSignInPage(
  frame: Frame & {
    phone?: string | null;
    email?: string | null;
    error?: string | null;
    emailError?: string | null;
    note?: SignInNote | null;
  },
): string {
  const { lang } = frame;
  const invalid = frame.error ? ' aria-invalid="true"' : '';
  const emailInvalid = frame.emailError ? ' aria-invalid="true"' : '';
  const heading = frame.note === 'signInToRate' ? pt(lang, 'signInToRateHeading') : pt(lang, 'signInHeading');
  const note = frame.note
    ? `<p class="note" data-testid="portal-note">${e(pt(lang, frame.note === 'signInToRate' ? 'signInToRateIntro' : frame.note))}</p>`
    : '';
  const main = `<section class="panel" aria-labelledby="h"><h1 id="h">${e(heading)}</h1>${note}\
<p>${e(pt(lang, 'signInIntro'))}</p><form method="post" action="/c/sign-in" accept-charset="utf-8" novalidate>\
<input type="hidden" name="lang" value="${lang}"><label class="fld"><span>${e(pt(lang, 'phone'))}</span>\
<input class="inp" type="tel" name="phone" autocomplete="tel" inputmode="tel" maxlength="32" required \
value="${e(frame.phone ?? '')}" aria-describedby="phone-err phone-help"${invalid}>\
<small id="phone-help">${e(pt(lang, 'phoneHelp'))}</small></label>${errorLine('phone-err', frame.error)}\
<div class="actions"><button class="btn" type="submit" data-testid="portal-send-code">${e(pt(lang, 'sendCode'))}</button>\
</div></form></section><section class="panel" aria-labelledby="h-mail"><h2 id="h-mail" class="h2">${e(pt(lang, 'orEmail'))}</h2>\
<form method="post" action="/c/sign-in-email" accept-charset="utf-8" novalidate><input type="hidden" name="lang" value="${lang}">\
<label class="fld"><span>${e(pt(lang, 'email'))}</span><input class="inp" type="email" name="email" autocomplete="email" \
inputmode="email" maxlength="254" required value="${e(frame.email ?? '')}" aria-describedby="email-err"${emailInvalid}>\
</label>${errorLine('email-err', frame.emailError)}<div class="actions"><button class="btn sec" type="submit" \
data-testid="portal-send-email">${e(pt(lang, 'sendEmailCode'))}</button></div></form></section>`;
  return shell(frame, pt(lang, 'title'), main);
}

export function renderCodePage(
  frame: Frame & { masked: string; byEmail: boolean; validMinutes: number; error?: string | null },
): string {
  const { lang } = frame;
  const invalid = frame.error ? ' aria-invalid="true"' : '';
  const intro = pt(lang, frame.byEmail ? 'codeIntroEmail' : 'codeIntro', {
    to: frame.masked,
    minutes: frame.validMinutes,
  });
  const main = `<section class="panel" aria-labelledby="h"><h1 id="h">${e(pt(lang, 'codeHeading'))}</h1>\
<p>${e(intro)}</p>\
<form method="post" action="/c/code" accept-charset="utf-8" novalidate><input type="hidden" name="lang" value="${lang}">\
<label class="fld"><span>${e(pt(lang, 'code'))}</span><input class="inp code" type="text" name="code" \
autocomplete="one-time-code" inputmode="numeric" pattern="[0-9]{6}" maxlength="6" required autofocus \
aria-describedby="code-err"${invalid}></label>${errorLine('code-err', frame.error)}<div class="actions">\
<button class="btn" type="submit" data-testid="portal-sign-in">${e(pt(lang, 'signIn'))}</button></div></form>\
<div class="row"><form method="post" action="/c/resend"><input type="hidden" name="lang" value="${lang}">\
<button class="lnk" type="submit">${e(pt(lang, 'resend'))}</button></form>\
<a class="lnk" href="/c/sign-in?lang=${lang}">${e(pt(lang, 'otherAddress'))}</a></div></section>`;
  return shell(frame, pt(lang, 'codeHeading'), main);
}

/**
 * An e-mailed sign-in link asks for one tap before it signs in: mail scanners that fetch every link (GET) must not
 * spend it. `token` is null when the link cannot sign in any more (`problem` says why).
 */
export function renderLinkPage(
  frame: Frame & { token: string | null; who: string | null; problem: 'unknown' | 'expired' | 'used' | null },
): string {
  const { lang } = frame;
  const problemKey = { unknown: 'linkUnknown', expired: 'linkExpired', used: 'linkUsed' } as const;
  const body =
    frame.token && frame.who
      ? `<p>${e(pt(lang, 'linkIntro', { who: frame.who }))}</p><form method="post" action="/c/link" accept-charset="utf-8">\
<input type="hidden" name="lang" value="${lang}"><input type="hidden" name="token" value="${e(frame.token)}">\
<div class="actions"><button class="btn" type="submit" data-testid="portal-link-sign-in">${e(pt(lang, 'signIn'))}</button></div></form>`
      : `<p class="err" role="alert">${e(pt(lang, problemKey[frame.problem ?? 'unknown']))}</p>\
<a class="lnk" href="/c/sign-in?lang=${lang}">${e(pt(lang, 'signInHeading'))}</a>`;
  const main = `<section class="panel" aria-labelledby="h"><h1 id="h">${e(pt(lang, 'linkHeading'))}</h1>${body}</section>`;
  return shell(frame, pt(lang, 'linkHeading'), main);
}

const DONE = new Set(['completed', 'closed']);

function dateText(lang: PageLang, timeZone: string, at: Date): string {
  return new Intl.DateTimeFormat(lang, { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(at);
}

function workOrderItem(
  frame: Frame & { timeZone: string; canConfirm: boolean; nameError?: { workOrderId: string; text: string } | null },
  w: PortalWorkOrder,
): string {
  const { lang } = frame;
  const status = `<span class="st${DONE.has(w.status) ? ' done' : ''}">${e(statusText(lang, w.status))}</span>`;
  const number = `<span class="num">${e(pt(lang, 'number'))} ${e(w.number)}</span>`;
  if (!w.detail) {
    const error = frame.nameError?.workOrderId === w.id ? frame.nameError.text : null;
    const form = frame.canConfirm
      ? `<form method="post" action="/c/confirm" accept-charset="utf-8" novalidate>\
<input type="hidden" name="lang" value="${lang}"><input type="hidden" name="workOrder" value="${e(w.id)}">\
<label class="fld"><span>${e(pt(lang, 'confirmName'))}</span><input class="inp" type="text" name="name" \
autocomplete="name" maxlength="100" required aria-describedby="name-err-${e(w.id)}"${error ? ' aria-invalid="true"' : ''}>\
</label>${errorLine(`name-err-${e(w.id)}`, error)}<button class="btn" type="submit">${e(pt(lang, 'confirm'))}</button></form>`
      : '';
    return `<li class="woi" data-testid="portal-work-order"><div class="row">${number}${status}</div>${form}</li>`;
  }
  const d = w.detail;
  const meta = [
    [pt(lang, 'serviceType'), d.serviceType],
    [pt(lang, 'engineers'), d.engineers.join('、')],
    [pt(lang, 'created'), dateText(lang, frame.timeZone, d.createdAt)],
    [pt(lang, 'completed'), d.completedAt ? dateText(lang, frame.timeZone, d.completedAt) : ''],
  ]
    .filter(([, value]) => value)
    .map(([label, value]) => `<dt>${e(label!)}</dt><dd>${e(value!)}</dd>`)
    .join('');
  const rating = d.rating
    ? `<dt>${e(pt(lang, 'rated'))}</dt><dd><span class="stars-v">${d.rating.stars === null ? '—' : `${'★'.repeat(d.rating.stars)}`}</span> \
${e(dateText(lang, frame.timeZone, d.rating.submittedAt))}${d.rating.count > 1 ? e(pt(lang, 'ratedTimes', { count: d.rating.count })) : ''}</dd>`
    : '';
  const rate = d.ratePath
    ? `<a class="btn" href="${e(d.ratePath)}" data-testid="portal-rate">${e(pt(lang, 'rateNow'))}</a>`
    : '';
  return `<li class="woi" data-testid="portal-work-order"><div class="row">${number}${status}</div>\
<h2>${e(d.subject)}</h2><dl class="meta">${meta}${rating}</dl>${rate}</li>`;
}

export function renderHomePage(
  frame: Frame & {
    who: string;
    /** Signed in by e-mail: the page speaks of the address, not the number. */
    byEmail: boolean;
    timeZone: string;
    home: PortalHome;
    nameError?: { workOrderId: string; text: string } | null;
  },
): string {
  const { lang, home } = frame;
  const pending = home.workOrders.filter((w) => w.detail?.ratePath).length;
  const top = `<div class="bar"><span>${e(pt(lang, 'signedInAs', { who: frame.who }))}${
    pending ? ` · <strong>${e(pt(lang, 'pendingCount', { count: pending }))}</strong>` : ''
  }</span><form method="post" action="/c/sign-out"><input type="hidden" name="lang" value="${lang}"><button class="lnk" type="submit" data-testid="portal-sign-out">\
${e(pt(lang, 'signOut'))}</button></form></div>`;
  const shared =
    home.shared && home.workOrders.some((w) => !w.detail)
      ? `<p class="note">${e(pt(lang, home.canConfirm ? 'sharedNote' : 'errorNameLocked'))}</p>`
      : '';
  const list = home.workOrders.length
    ? `<ul class="wol">${home.workOrders.map((w) => workOrderItem({ ...frame, canConfirm: home.canConfirm }, w)).join('')}</ul>`
    : `<section class="card"><p>${e(pt(lang, frame.byEmail ? 'emptyEmail' : 'empty'))}</p></section>`;
  const invitations = `<section class="panel" aria-labelledby="inv-h" data-testid="portal-invitations">\
<h2 id="inv-h" class="h2">${e(pt(lang, 'invitationsHeading'))}</h2><p>${e(pt(lang, `${home.optedOut ? 'optedOut' : 'optedIn'}${frame.byEmail ? 'Email' : ''}`))}</p>\
<form method="post" action="/c/invitations"><input type="hidden" name="lang" value="${lang}">\
<input type="hidden" name="wanted" value="${home.optedOut ? 'yes' : 'no'}"><button class="lnk" type="submit" \
data-testid="portal-opt">${e(pt(lang, home.optedOut ? 'optIn' : 'optOut'))}</button></form></section>`;
  const main = `<h1 class="ph">${e(pt(lang, 'homeHeading'))}</h1>${top}${shared}${list}${invitations}`;
  return shell(frame, pt(lang, 'homeHeading'), main);
}
