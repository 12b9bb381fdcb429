import { brotliCompressSync, gzipSync, constants as zlibConstants } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ratingPageCsp } from '../../common/rating-page/csp.js';

/** Below this size compression costs more than it saves. */
const MIN_COMPRESS_BYTES = 1024;

/** `br` (quality 5: ~1 ms for a page, within a few % of the maximum) when accepted, else `gzip`, else identity. */
export function negotiateEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | null {
  if (!acceptEncoding) return null;
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name = '', ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([0-9.]+)/.exec(p)?.[1]).find(Boolean);
    accepted.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const ok = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return null;
}

export function logoOrigin(logoUrl: string | null | undefined): string | null {
  if (!logoUrl) return null;
  try {
    return new URL(logoUrl).origin;
  } catch {
    return null;
  }
}

/**
 * Sends a customer page: personal (the link is the customer's), so never stored by caches; strict CSP with the
 * hashes of the renderer's inline style and script (no third-party request can happen); no referrer leaks the
 * token; compressed here because the app has no compression plugin and the page is the one budgeted response.
 */
export function sendCustomerHtml(
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  html: string,
  opts: { logoUrl?: string | null; retryAfterSeconds?: number; csp?: string } = {},
) {
  reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('content-security-policy', opts.csp ?? ratingPageCsp({ logoOrigin: logoOrigin(opts.logoUrl) }))
    .header('referrer-policy', 'no-referrer')
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('vary', 'accept-encoding, accept-language');
  if (opts.retryAfterSeconds) reply.header('retry-after', String(opts.retryAfterSeconds));
  const body = Buffer.from(html, 'utf8');
  const encoding = body.length >= MIN_COMPRESS_BYTES ? negotiateEncoding(req.headers['accept-encoding']) : null;
  if (!encoding) return reply.send(body);
  const compressed =
    encoding === 'br'
      ? brotliCompressSync(body, {
          params: {
            [zlibConstants.BROTLI_PARAM_QUALITY]: 5,
            [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length,
            [zlibConstants.BROTLI_PARAM_MODE]: zlibConstants.BROTLI_MODE_TEXT,
          },
        })
      : gzipSync(body, { level: 6 });
  return reply.header('content-encoding', encoding).send(compressed);
}

/** Post/Redirect/Get: a refresh of the next page never re-posts the form. */
export function seeOther(reply: FastifyReply, location: string) {
  return reply.code(303).header('cache-control', 'no-store').header('location', location).send();
}
