import type { FastifyInstance, FastifyReply } from 'fastify';
import { PAGE_SCRIPT_CSP_HASH } from '../../common/rating-page/csp.js';

const policy = (directives: Record<string, string>) =>
  Object.entries(directives)
    .map(([name, value]) => `${name} ${value}`)
    .join('; ');

/**
 * The console (index.html for `/` and every SPA route): scripts only from our own origin — Vite emits no inline
 * script (checked in the built index.html) — plus the one hashed constant script of the customer page, which the
 * template editor's phone preview runs in an `<iframe srcdoc>` (a srcdoc frame inherits this policy).
 */
export const CONSOLE_CSP = policy({
  'default-src': "'self'",
  'script-src': `'self' ${PAGE_SCRIPT_CSP_HASH}`,
  // Ant Design (CSS-in-JS) injects <style> elements at run time, and the previews' srcdoc documents carry inline
  // styles: 'unsafe-inline' for styles only. Styles cannot run code; scripts stay locked down.
  'style-src': "'self' 'unsafe-inline'",
  // QR codes come from our API; data:/blob: for generated images; https: for logos and images that e-mail
  // templates reference on the company's own servers (shown in the previews). Images cannot run code.
  'img-src': "'self' data: blob: https:",
  'font-src': "'self' data:",
  'connect-src': "'self'",
  'object-src': "'none'",
  'base-uri': "'none'",
  'form-action': "'self'",
  'frame-ancestors': "'none'",
});

/** Swagger UI at /api/docs (set through @fastify/swagger-ui's `staticCSP`; its page has no inline script). */
export const SWAGGER_UI_CSP: Record<string, string> = {
  'default-src': "'self'",
  'script-src': "'self'",
  'script-src-attr': "'none'",
  'style-src': "'self' 'unsafe-inline'",
  'img-src': "'self' data:",
  'font-src': "'self' data:",
  'connect-src': "'self'",
  'object-src': "'none'",
  'base-uri': "'none'",
  'form-action': "'self'",
  'frame-ancestors': "'none'",
};

/** Anything the API sends (JSON, problems, QR images, exports, metrics): nothing to load, never framed. */
export const API_CSP = policy({ 'default-src': "'none'", 'frame-ancestors': "'none'" });

/**
 * Fallback for a customer page (`/r/…`, `/u/…`) that sets no policy of its own; the rating page sends its own
 * stricter one with hashes (public-pages/html-response.ts), which is never replaced.
 */
export const CUSTOMER_PAGE_CSP = policy({
  'default-src': "'none'",
  'style-src': "'unsafe-inline'",
  'img-src': "'self' data:",
  'form-action': "'self'",
  'base-uri': "'none'",
  'frame-ancestors': "'none'",
});

const API_PATH = /^\/(api\/|healthz$|readyz$|metrics$)/;
const CUSTOMER_PATH = /^\/(r|u)\//;
const JSON_TYPE = /^application\/([\w.+-]+\+)?json\b/i;

function setIfMissing(reply: FastifyReply, name: string, value: string): void {
  if (!reply.hasHeader(name)) reply.header(name, value);
}

/**
 * Security headers on every response, added in `onSend` only where the route did not set its own (the customer
 * pages' hashed CSP, the QR card's CSP, the console's and QR images' cache headers are kept). Register before the
 * plugins whose routes it must cover (swagger-ui): Fastify copies hooks into a plugin scope when it is created.
 */
export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (req, reply, payload) => {
    setIfMissing(reply, 'x-content-type-options', 'nosniff');
    setIfMissing(reply, 'x-frame-options', 'DENY');
    setIfMissing(reply, 'referrer-policy', 'same-origin');
    setIfMissing(reply, 'cross-origin-opener-policy', 'same-origin');

    const path = req.url.split('?', 1)[0] ?? '/';
    const type = String(reply.getHeader('content-type') ?? '');
    const isJson = JSON_TYPE.test(type);
    if (API_PATH.test(path) || isJson) {
      setIfMissing(reply, 'content-security-policy', API_CSP);
      // Answers are per user and often personal: no browser or proxy keeps them.
      setIfMissing(reply, 'cache-control', 'no-store');
    } else if (CUSTOMER_PATH.test(path)) {
      if (type.startsWith('text/html')) setIfMissing(reply, 'content-security-policy', CUSTOMER_PAGE_CSP);
    } else if (type.startsWith('text/html')) {
      setIfMissing(reply, 'content-security-policy', CONSOLE_CSP);
    }
    return payload;
  });
}
