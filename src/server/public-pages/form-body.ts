import type { FastifyInstance } from 'fastify';
import type { FormFields } from '../../common/rating-page/index.js';

/** A rating form is a few KB at most (text answers are capped at 2,000 characters each). */
const FORM_BODY_LIMIT = 256 * 1024;

/** Parses `application/x-www-form-urlencoded` (the no-JS form post): a repeated name gives an array. */
export function parseUrlEncoded(body: string): FormFields {
  const fields: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const prev = fields[name];
    fields[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return fields;
}

/** Registers the form parser in the calling plugin only (the JSON API keeps rejecting forms). */
export function acceptFormPosts(app: FastifyInstance): void {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT },
    (_req, body, done) => done(null, parseUrlEncoded(body as string)),
  );
}

/** A single text field (the first when repeated), or null. */
export function field(fields: FormFields, name: string, maxLength = 200): string | null {
  const raw = fields[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value && value.length <= maxLength ? value : null;
}
