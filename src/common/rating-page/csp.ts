/**
 * Server-only (node:crypto): CSP source expressions for the rating page's inline script and stylesheet, so the
 * server can send e.g. `script-src 'sha256-…'; style-src 'sha256-…'` instead of a per-request nonce. Both strings are
 * constants, so the hashes are computed once.
 */
import { createHash } from 'node:crypto';
import { PAGE_CSS } from './page.css.js';
import { PAGE_JS } from './page.js.js';

/** `'sha256-<base64>'` of a string as it appears between the tags (UTF-8). */
export function cspHash(source: string): string {
  return `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`;
}

export const PAGE_SCRIPT_CSP_HASH: string = cspHash(PAGE_JS);
export const PAGE_STYLE_CSP_HASH: string = cspHash(PAGE_CSS);

/**
 * A strict Content-Security-Policy for the rating and status pages with inline assets. `logoOrigin` (e.g.
 * `https://cdn.example.com`) is allowed as an image source when the company logo is hosted elsewhere.
 */
export function ratingPageCsp(opts: { logoOrigin?: string | null; formAction?: string } = {}): string {
  const img = ["'self'", 'data:', ...(opts.logoOrigin ? [opts.logoOrigin] : [])].join(' ');
  return [
    "default-src 'none'",
    `script-src ${PAGE_SCRIPT_CSP_HASH}`,
    `style-src ${PAGE_STYLE_CSP_HASH}`,
    `img-src ${img}`,
    `form-action ${opts.formAction ?? "'self'"}`,
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
