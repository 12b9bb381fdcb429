/**
 * The customer rating page (`GET /r/<token>`) and its status pages, as pure string renderers. Also used by the
 * console's phone-frame preview (`<iframe srcdoc>`), so the preview is exactly the customer page.
 * Browser-safe: no Node imports (CSP hashes live in the server-only `csp.ts`).
 *
 * The page works without JavaScript: a plain `<form method="post">` of native radio buttons, checkboxes and
 * textareas, posted as `application/x-www-form-urlencoded` with the dimension keys as field names (see
 * `parseFormAnswers`).
 */
import type { Answers, AnswerValue, Dimension, DimensionOption } from '../scoring/types.js';
import { escapeHtml, safeUrl } from './escape.js';
import { PAGE_CSS } from './page.css.js';
import { PAGE_JS } from './page.js.js';
import { type PageLang, type StringKey, t } from './strings.js';

/** Same as `DEFAULT_TEXT_MAX_LENGTH` in scoring/types (kept as a literal so this file does not load zod). */
export const TEXT_MAX_LENGTH_DEFAULT = 2000;

export interface PageCompany {
  name: string;
  logoUrl?: string | null;
}

export interface PageWorkOrder {
  number: string;
  subject: string;
}

/** How the stylesheet and script reach the page: inline (use a nonce or the hashes from `csp.ts`) or as files. */
export interface PageAssets {
  css: 'inline' | { href: string };
  script: 'inline' | { src: string } | 'none';
}

/** Hidden transport fields; names start with `_`, which no dimension key can (parseFormAnswers ignores them). */
export const CSRF_FIELD = '_csrf';
export const FORM_TOKEN_FIELD = '_form_token';
/** Pad mode: the token that binds the form to the engineer's suspended console session (a `pad` rating). */
export const PAD_TOKEN_FIELD = '_pad';

export interface RatingPageInput {
  template: { layout: 'vertical' | 'horizontal'; dimensions: readonly Dimension[] };
  lang: PageLang;
  company: PageCompany;
  /** null when the work order is not known to the page: no work-order line is shown. */
  workOrder: PageWorkOrder | null;
  /** e.g. `/r/<token>` */
  formAction: string;
  /** Re-render after a failed post: the answers as parsed by `parseFormAnswers`. */
  values?: Answers;
  /** Already-localised messages per dimension key; `_form` for one message above the form. */
  errors?: Record<string, string>;
  csrf?: string;
  formToken?: string;
  /** Pad mode: carried as a hidden field so the submission counts as the engineer's device's (`pad`). */
  padToken?: string;
  /** CSP nonce put on the inline `<script>` and `<style>`. */
  nonce?: string;
  assets: PageAssets;
  /** Console preview: the script never submits and reports the answers instead; adds `data-preview`. */
  preview?: boolean;
}

/**
 * `rated`: this browser already rated the invitation (its device cookie) — 200, "you already rated, thank you";
 * `duplicate`: the same form posted again (its single-use form token was used) — 409, "already submitted".
 */
export type StatusKind =
  | 'expired'
  | 'used'
  | 'rated'
  | 'duplicate'
  | 'unknown'
  | 'revoked'
  | 'thanks'
  | 'rate_limited'
  | 'too_large';

export interface StatusPageInput {
  kind: StatusKind;
  lang: PageLang;
  company: PageCompany;
  /** Shown under the company name when known (never for `unknown`). */
  workOrder?: PageWorkOrder | null;
  /** `thanks` only: offer the "contact me about this" form (negative ratings). Needs `contactAction`. */
  allowContactToggle?: boolean;
  /** Where the contact form posts (field `contact=yes`). */
  contactAction?: string;
  /** `thanks` only: the customer already asked to be contacted; shows a confirmation instead of the form. */
  contactRequested?: boolean;
  /**
   * `rated` / `duplicate` on a multi-use QR invitation with submissions left: the "I am another customer" link to a
   * fresh form (e.g. `/r/<token>?f=<new form token>`).
   */
  anotherCustomerHref?: string;
  /**
   * `thanks` only, pad mode: the rating was made on the engineer's device — "please hand the device back" with a
   * button to the console's unlock screen (this href).
   */
  handBackHref?: string;
  csrf?: string;
  formToken?: string;
  nonce?: string;
  /** Status pages have no script. */
  assets: Pick<PageAssets, 'css'>;
}

/** The HTTP status each page kind should be served with. */
export const STATUS_HTTP_CODE: Readonly<Record<StatusKind, number>> = {
  thanks: 200,
  used: 409,
  rated: 200,
  duplicate: 409,
  expired: 410,
  revoked: 410,
  unknown: 404,
  rate_limited: 429,
  too_large: 413,
};

// ---------------------------------------------------------------------------------------------------------------

const e = escapeHtml;

function nonceAttr(nonce: string | undefined): string {
  return nonce ? ` nonce="${e(nonce)}"` : '';
}

function styleTag(css: PageAssets['css'], nonce: string | undefined): string {
  return css === 'inline'
    ? `<style${nonceAttr(nonce)}>${PAGE_CSS}</style>`
    : `<link rel="stylesheet" href="${e(css.href)}">`;
}

function scriptTag(script: PageAssets['script'], nonce: string | undefined): string {
  if (script === 'none') return '';
  return script === 'inline'
    ? `<script${nonceAttr(nonce)}>${PAGE_JS}</script>`
    : `<script src="${e(script.src)}" defer${nonceAttr(nonce)}></script>`;
}

/** The HTML document around a customer page's body (also the customer portal's, `public-pages/portal`). */
export function documentShell(opts: {
  lang: PageLang;
  title: string;
  head: string;
  body: string;
  htmlAttrs?: string;
}): string {
  return `<!doctype html><html lang="${opts.lang}"${opts.htmlAttrs ?? ''}><head><meta charset="utf-8">\
<meta name="viewport" content="width=device-width,initial-scale=1,viewport-fit=cover">\
<meta name="referrer" content="no-referrer"><meta name="robots" content="noindex,nofollow">\
<meta name="format-detection" content="telephone=no,email=no,address=no"><meta name="color-scheme" content="light">\
<title>${e(opts.title)}</title>${opts.head}</head><body>${opts.body}</body></html>`;
}

/** The company line (logo or initial, name), an optional heading and work order: every customer page's top. */
export function pageHeader(
  lang: PageLang,
  company: PageCompany,
  workOrder: PageWorkOrder | null | undefined,
  heading: string,
) {
  const logo = safeUrl(company.logoUrl);
  const initial = [...company.name.trim()][0] ?? '';
  const logoHtml = logo
    ? `<img class="logo" src="${e(logo)}" alt="" width="40" height="40">`
    : initial
      ? `<span class="logo mono" aria-hidden="true">${e(initial)}</span>`
      : '';
  const wo = workOrder
    ? `<p class="wo"><span class="wo-l">${e(t(lang, 'workOrder'))}</span><span class="wo-n">${e(workOrder.number)}</span>\
<span class="wo-s">${e(workOrder.subject)}</span></p>`
    : '';
  const h1 = heading ? `<h1>${e(heading)}</h1><p class="intro">${e(t(lang, 'intro'))}</p>` : '';
  return `<header class="hd"><div class="co">${logoHtml}<span>${e(company.name)}</span></div>${h1}${wo}</header>`;
}

// ---------------------------------------------------------------------------------------------------------------
// Widgets

interface Ctx {
  lang: PageLang;
  d: Dimension;
  id: string;
  value: AnswerValue | null | undefined;
  invalid: boolean;
  describedBy: string;
}

function attrs(ctx: Ctx, first: boolean): string {
  let out = '';
  if (first && ctx.d.required) out += ' required';
  if (ctx.invalid) out += ' aria-invalid="true"';
  return out;
}

function radio(ctx: Ctx, index: number, value: string, checked: boolean, type: 'radio' | 'checkbox' = 'radio') {
  const id = `${ctx.id}-${index}`;
  return {
    id,
    input: `<input class="vh" type="${type}" name="${e(ctx.d.key)}" id="${id}" value="${e(value)}"${
      checked ? ' checked' : ''
    }${type === 'radio' ? attrs(ctx, index === 0) : ctx.invalid ? ' aria-invalid="true"' : ''}>`,
  };
}

function isNumber(v: unknown, n: number): boolean {
  return v === n || v === String(n);
}

function star5(ctx: Ctx): string {
  let out = '<div class="stars">';
  for (let n = 1; n <= 5; n++) {
    const r = radio(ctx, n - 1, String(n), isNumber(ctx.value, n));
    const caption = `${t(ctx.lang, 'star', { n })} · ${t(ctx.lang, `star${n}` as StringKey)}`;
    out += `${r.input}<label for="${r.id}"><span aria-hidden="true">★</span><span class="cap">${e(caption)}</span></label>`;
  }
  return `${out}</div>`;
}

function scale(ctx: Ctx, min: number, max: number, low: StringKey, high: StringKey): string {
  let out = `<div class="seg${max - min + 1 === 11 ? ' n11' : ''}">`;
  for (let n = min; n <= max; n++) {
    const r = radio(ctx, n - min, String(n), isNumber(ctx.value, n));
    out += `${r.input}<label for="${r.id}">${n}</label>`;
  }
  return `${out}</div><div class="ends" id="${ctx.id}-x"><span>${e(t(ctx.lang, low))}</span><span>${e(
    t(ctx.lang, high),
  )}</span></div>`;
}

function yesNo(ctx: Ctx): string {
  const yes = radio(ctx, 0, 'yes', ctx.value === true || ctx.value === 'yes');
  const no = radio(ctx, 1, 'no', ctx.value === false || ctx.value === 'no');
  return `<div class="yn">${yes.input}<label for="${yes.id}">${e(t(ctx.lang, 'yes'))}</label>${no.input}<label for="${
    no.id
  }">${e(t(ctx.lang, 'no'))}</label></div>`;
}

function choices(ctx: Ctx, multi: boolean): string {
  const selected = Array.isArray(ctx.value) ? ctx.value : typeof ctx.value === 'string' ? [ctx.value] : [];
  const options: readonly DimensionOption[] = ctx.d.options ?? [];
  const items = options.map((o, i) => {
    const r = radio(ctx, i, o.key, selected.includes(o.key), multi ? 'checkbox' : 'radio');
    return `${r.input}<label for="${r.id}">${e(o.label[ctx.lang])}</label>`;
  });
  return `<div class="opts">${items.join('')}</div>`;
}

function text(ctx: Ctx): string {
  const max = ctx.d.maxLength ?? TEXT_MAX_LENGTH_DEFAULT;
  const value = typeof ctx.value === 'string' ? ctx.value : '';
  // The HTML parser drops one newline right after <textarea>: add one so a leading newline survives.
  const content = value.startsWith('\n') || value.startsWith('\r') ? `\n${value}` : value;
  const describedBy = [ctx.describedBy, `${ctx.id}-t-m`].filter(Boolean).join(' ');
  return `<textarea id="${ctx.id}-t" name="${e(ctx.d.key)}" rows="4" maxlength="${max}" aria-labelledby="${
    ctx.id
  }-l" aria-describedby="${describedBy}"${ctx.d.required ? ' required' : ''}${
    ctx.invalid ? ' aria-invalid="true"' : ''
  }>${e(content)}</textarea><div class="tmeta"><span id="${ctx.id}-t-m">${e(
    t(ctx.lang, 'maxChars', { max }),
  )}</span><span class="count" id="${ctx.id}-t-c" hidden></span></div>`;
}

function widget(ctx: Ctx): string {
  switch (ctx.d.type) {
    case 'star5':
      return star5(ctx);
    case 'score10':
      return scale(ctx, 1, 10, 'scoreLow', 'scoreHigh');
    case 'nps':
      return scale(ctx, 0, 10, 'npsLow', 'npsHigh');
    case 'yes_no':
      return yesNo(ctx);
    case 'single_choice':
      return choices(ctx, false);
    case 'multi_choice':
      return choices(ctx, true);
    case 'text':
      return text(ctx);
  }
}

function question(input: RatingPageInput, d: Dimension): string {
  const { lang } = input;
  const id = `q-${d.key}`;
  const error = input.errors?.[d.key];
  const helpText = d.help?.[lang]?.trim() || (d.type === 'multi_choice' ? t(lang, 'multiHint') : '');
  const helpId = helpText ? `${id}-h` : '';
  const scaleId = d.type === 'nps' || d.type === 'score10' ? `${id}-x` : '';
  const errId = `${id}-e`;
  // Text questions carry the description on the textarea itself (it is labelled by the legend).
  const groupDescribedBy = [helpId, scaleId, error ? errId : ''].filter(Boolean).join(' ');
  const ctx: Ctx = {
    lang,
    d,
    id,
    value: input.values?.[d.key],
    invalid: Boolean(error),
    describedBy: d.type === 'text' ? [helpId, error ? errId : ''].filter(Boolean).join(' ') : '',
  };
  const marker = d.required
    ? `<span class="tag req">${e(t(lang, 'required'))}</span>`
    : `<span class="tag opt">${e(t(lang, 'optional'))}</span>`;
  const fsAttrs = [
    `class="q t-${d.type}${error ? ' has-err' : ''}"`,
    `id="${id}"`,
    `data-key="${e(d.key)}"`,
    `data-type="${d.type}"`,
    d.required ? 'data-required' : '',
    d.type !== 'text' && groupDescribedBy ? `aria-describedby="${groupDescribedBy}"` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return `<fieldset ${fsAttrs}><legend id="${id}-l"><span class="ql">${e(d.label[lang])}</span>${marker}</legend>${
    helpText ? `<p class="help" id="${helpId}">${e(helpText)}</p>` : ''
  }<div class="body"><div class="ctl">${widget(ctx)}</div><p class="err" id="${errId}"${error ? ' role="alert"' : ''}>${
    error ? e(error) : ''
  }</p></div></fieldset>`;
}

// ---------------------------------------------------------------------------------------------------------------

/** The complete rating page as an HTML document. Every interpolated value is escaped. */
export function renderRatingPage(input: RatingPageInput): string {
  const { lang } = input;
  const layout = input.template.layout === 'horizontal' ? 'l-h' : 'l-v';
  const formError = input.errors?._form;
  const hidden =
    (input.csrf ? `<input type="hidden" name="${CSRF_FIELD}" value="${e(input.csrf)}">` : '') +
    (input.formToken ? `<input type="hidden" name="${FORM_TOKEN_FIELD}" value="${e(input.formToken)}">` : '') +
    (input.padToken ? `<input type="hidden" name="${PAD_TOKEN_FIELD}" value="${e(input.padToken)}">` : '');
  const anyRequired = input.template.dimensions.some((d) => d.required);
  const submit = t(lang, 'submit');
  const form = `<form class="rf" method="post" action="${e(input.formAction)}" accept-charset="utf-8" \
enctype="application/x-www-form-urlencoded" data-msg-required="${e(t(lang, 'errorRequired'))}" \
data-msg-counter="${e(t(lang, 'counter'))}"${input.preview ? ' data-preview' : ''}>${
    formError ? `<div class="banner" role="alert">${e(formError)}</div>` : ''
  }${anyRequired ? `<p class="note">${e(t(lang, 'requiredNote'))}</p>` : ''}${hidden}${input.template.dimensions
    .map((d) => question(input, d))
    .join('')}<div class="actions"><button class="btn" type="submit" data-label="${e(submit)}" data-busy="${e(
    t(lang, 'submitting'),
  )}">${e(submit)}</button></div></form>`;
  const body = `<main class="page ${layout}">${pageHeader(lang, input.company, input.workOrder, t(lang, 'heading'))}${form}\
<p class="ft">${e(t(lang, 'footer'))}</p></main>${scriptTag(input.assets.script, input.nonce)}`;
  return documentShell({
    lang,
    title: `${t(lang, 'pageTitle')} · ${input.company.name}`,
    head: styleTag(input.assets.css, input.nonce),
    body,
    htmlAttrs: input.preview ? ' data-preview' : '',
  });
}

const STATUS_TEXT: Record<StatusKind, { title: StringKey; body: StringKey; icon: string; tone: '' | 'ok' | 'warn' }> = {
  thanks: { title: 'thanksTitle', body: 'thanksBody', icon: '✓', tone: 'ok' },
  used: { title: 'usedTitle', body: 'usedBody', icon: '✓', tone: '' },
  rated: { title: 'usedTitle', body: 'usedBody', icon: '✓', tone: 'ok' },
  duplicate: { title: 'duplicateTitle', body: 'duplicateBody', icon: '✓', tone: 'ok' },
  expired: { title: 'expiredTitle', body: 'expiredBody', icon: '!', tone: 'warn' },
  revoked: { title: 'revokedTitle', body: 'revokedBody', icon: '!', tone: 'warn' },
  unknown: { title: 'unknownTitle', body: 'unknownBody', icon: '?', tone: '' },
  rate_limited: { title: 'rateLimitedTitle', body: 'rateLimitedBody', icon: '…', tone: 'warn' },
  too_large: { title: 'tooLargeTitle', body: 'tooLargeBody', icon: '!', tone: 'warn' },
};

/** The clear pages around the form: expired, already used, unknown, revoked, rate limited, and thank you. */
export function renderStatusPage(input: StatusPageInput): string {
  const { lang, kind } = input;
  const text = STATUS_TEXT[kind];
  let contact = '';
  if (kind === 'thanks' && input.contactRequested) {
    contact = `<div class="contact"><p role="status">${e(t(lang, 'contactDone'))}</p></div>`;
  } else if (kind === 'thanks' && input.allowContactToggle && input.contactAction) {
    const hidden =
      (input.csrf ? `<input type="hidden" name="${CSRF_FIELD}" value="${e(input.csrf)}">` : '') +
      (input.formToken ? `<input type="hidden" name="${FORM_TOKEN_FIELD}" value="${e(input.formToken)}">` : '');
    contact = `<form class="contact" method="post" action="${e(input.contactAction)}" accept-charset="utf-8">\
<p>${e(t(lang, 'thanksNegative'))}</p>${hidden}<label class="chk"><input type="checkbox" name="contact" value="yes">\
<span>${e(t(lang, 'contactToggle'))}</span></label><button class="btn" type="submit">${e(
      t(lang, 'contactSubmit'),
    )}</button></form>`;
  }
  if ((kind === 'rated' || kind === 'duplicate') && input.anotherCustomerHref) {
    contact = `<div class="another"><p>${e(t(lang, 'anotherCustomerHint'))}</p><a class="btn" href="${e(
      input.anotherCustomerHref,
    )}" rel="nofollow">${e(t(lang, 'anotherCustomer'))}</a></div>`;
  }
  const handBack = kind === 'thanks' && input.handBackHref !== undefined;
  if (handBack) {
    contact += `<div class="another handback" data-hand-back><p>${e(t(lang, 'handBackBody'))}</p><a class="btn" href="${e(
      input.handBackHref ?? '',
    )}" rel="nofollow">${e(t(lang, 'handBackButton'))}</a></div>`;
  }
  const title = handBack ? t(lang, 'handBackTitle') : t(lang, text.title);
  const lead = handBack ? t(lang, 'thanksTitle') : t(lang, text.body);
  const workOrder = kind === 'unknown' ? null : input.workOrder;
  const body = `<main class="page">${pageHeader(lang, input.company, workOrder, '')}<section class="card" \
aria-labelledby="st-h"><span class="ic${text.tone ? ` ${text.tone}` : ''}" aria-hidden="true">${text.icon}</span>\
<h1 id="st-h">${e(title)}</h1><p>${e(lead)}</p>${contact}</section></main>`;
  return documentShell({
    lang,
    title: `${title} · ${input.company.name}`,
    head: styleTag(input.assets.css, input.nonce),
    body,
  });
}
