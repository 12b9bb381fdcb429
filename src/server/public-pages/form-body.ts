import type { FastifyInstance } from 'fastify';
import type { FormFields } from '../../common/rating-page/index.js';
import { ANONYMOUS_BODY_LIMIT } from '../http/body-limits.js';
import { hasBadCharacter, NOT_ALLOWED_CHARACTER } from '../http/input-guard.js';
import { fieldError } from '../http/problem.js';

/**
 * Parses `application/x-www-form-urlencoded` (the no-JS form post): a repeated name gives an array. The result has
 * no prototype (a field named `__proto__` is just a field); U+0000 in a name or value is refused with a 400.
 */
export function parseUrlEncoded(body: string): FormFields {
  const fields: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of new URLSearchParams(body)) {
    if (hasBadCharacter(name) || hasBadCharacter(value))
      throw fieldError(hasBadCharacter(name) ? '(field name)' : name, 'invalid_character', NOT_ALLOWED_CHARACTER);
    const prev = fields[name];
    fields[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return fields;
}

/** Registers the form parser in the calling plugin only (the JSON API keeps rejecting forms). */
export function acceptFormPosts(app: FastifyInstance): void {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: ANONYMOUS_BODY_LIMIT },
    (_req, body, done) => {
      try {
        done(null, parseUrlEncoded(body as string));
      } catch (err) {
        done(err as Error, undefined);
      }
    },
  );
}

/** A single text field (the first when repeated), or null. */
export function field(fields: FormFields, name: string, maxLength = 200): string | null {
  const raw = fields[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value && value.length <= maxLength ? value : null;
}
