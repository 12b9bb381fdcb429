/**
 * Customer rating page renderer (browser-safe). The server-only CSP helpers are in `./csp`.
 */
export { escapeHtml, safeUrl } from './escape.js';
export { PAGE_CSS } from './page.css.js';
export { PAGE_JS } from './page.js.js';
export { type FormFields, parseFormAnswers, RESERVED_FIELD_PREFIX } from './parse.js';
export * from './render.js';
export * from './strings.js';
