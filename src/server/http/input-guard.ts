import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badRequest, type FieldError, issue } from './problem.js';

/**
 * Input at the boundary, for every route and before any schema or service sees it:
 * - no string (value or object key) may hold U+0000 or a lone UTF-16 surrogate: PostgreSQL cannot store either in
 *   text/jsonb, so they would surface as a 500 deep inside a transaction;
 * - no value may nest deeper than MAX_INPUT_DEPTH objects/arrays: recursive validators and services (rule
 *   conditions, custom fields) would otherwise overflow the stack;
 * - no object may carry an own `__proto__` key (the JSON parser already refuses these; query strings and forms
 *   are parsed by other code).
 * The walk is iterative, so hostile nesting cannot overflow it, and stops at the first problem per location.
 */
export const MAX_INPUT_DEPTH = 32;

export const NOT_ALLOWED_CHARACTER = 'contains a character that is not allowed';

// A high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when PostgreSQL could not store the string as text (U+0000 or a lone surrogate). */
export function hasBadCharacter(s: string): boolean {
  return s.includes('\0') || LONE_SURROGATE.test(s);
}

/** Where in the request a value came from → the prefix of its error path (the convention of errors.ts). */
const LOCATIONS = [
  ['body', ''],
  ['query', 'query.'],
  ['params', 'params.'],
  ['headers', 'headers.'],
] as const;

/** A key as it may appear in an error path: bad characters shown as U+FFFD. */
const printable = (key: string) =>
  key.replaceAll('\0', '\ufffd').replace(new RegExp(LONE_SURROGATE.source, 'g'), '\ufffd');

/** A value met on the walk; the path is rebuilt from the parent links only when there is something to report. */
interface Visit {
  value: unknown;
  key: string | null;
  parent: Visit | null;
  depth: number;
}

function pathOf(prefix: string, visit: Visit, lastKey?: string): string {
  const segments = lastKey === undefined ? [] : [printable(lastKey)];
  for (let v: Visit | null = visit; v?.key != null; v = v.parent) segments.unshift(v.key);
  if (segments.length === 0) return prefix ? prefix.slice(0, -1) : '(root)';
  return prefix + segments.join('.');
}

/**
 * The first problem in `root` (depth-first, iterative), as a field error with the path prefixed by `prefix`; null
 * when the value is clean.
 */
export function inspectInput(root: unknown, prefix = '', maxDepth = MAX_INPUT_DEPTH): FieldError | null {
  const stack: Visit[] = [{ value: root, key: null, parent: null, depth: 0 }];
  while (stack.length > 0) {
    const visit = stack.pop()!;
    const { value, depth } = visit;
    if (typeof value === 'string') {
      if (hasBadCharacter(value)) return issue(pathOf(prefix, visit), 'invalid_character', NOT_ALLOWED_CHARACTER);
      continue;
    }
    if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) continue;
    if (depth >= maxDepth)
      return issue(pathOf(prefix, visit), 'too_deep', `is nested more than ${maxDepth} levels deep`, { max: maxDepth });
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--)
        stack.push({ value: value[i], key: String(i), parent: visit, depth: depth + 1 });
      continue;
    }
    const keys = Object.keys(value);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      if (hasBadCharacter(key)) return issue(pathOf(prefix, visit, key), 'invalid_character', NOT_ALLOWED_CHARACTER);
      if (key === '__proto__') return issue(pathOf(prefix, visit, key), 'forbidden_name', 'is not an allowed name');
      stack.push({ value: (value as Record<string, unknown>)[key], key, parent: visit, depth: depth + 1 });
    }
  }
  return null;
}

/** Throws a 400 (problem+json, naming the field) when one of the request's `locations` is unfit. */
export function guardRequestInput(
  req: FastifyRequest,
  locations: readonly (typeof LOCATIONS)[number][] = LOCATIONS,
): void {
  for (const [location, prefix] of locations) {
    const problem = inspectInput(req[location], prefix);
    if (problem) throw badRequest(`${problem.path}: ${problem.message}`, [problem]);
  }
}

const URL_AND_HEADERS = LOCATIONS.filter(([location]) => location !== 'body');
const BODY = LOCATIONS.filter(([location]) => location === 'body');

/**
 * Registers the guard for every route: path, query and headers first thing in `onRequest` (before access control
 * and rate limits, which use them as keys in the database), the body in `preValidation` (once parsed).
 */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('onRequest', async (req) => guardRequestInput(req, URL_AND_HEADERS));
  app.addHook('preValidation', async (req) => guardRequestInput(req, BODY));
}
