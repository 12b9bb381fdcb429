/**
 * Building blocks of test/fuzz.int.test.ts: valid-ish values from an operation's JSON Schema, the places in a
 * request one mutation can hit, the hostile values, and the assembly of the request (as raw text, so a body can
 * carry what JSON.stringify would never write: 5,000 levels of nesting, `__proto__` keys, lone surrogates).
 */

export type JsonSchema = { [key: string]: unknown };
export type Location = 'path' | 'query' | 'header' | 'body';

export interface Operation {
  method: string;
  /** OpenAPI form: `/api/v1/work-orders/{id}`. */
  path: string;
  params: { name: string; in: 'path' | 'query' | 'header'; required: boolean; schema: JsonSchema }[];
  body?: { schema: JsonSchema; contentType: 'application/json' | 'application/x-www-form-urlencoded' };
  anonymous: boolean;
  /** Customer pages answer errors with their own HTML page, by design. */
  htmlErrors?: boolean;
}

/** One place a mutation lands: a parameter, or a body value by its path (`[]` = the whole body). */
export interface Slot {
  location: Location;
  path: (string | number)[];
}

/** A hostile value: `json` for bodies (raw JSON text), `raw` for URLs and forms (already percent-encoded). */
export interface Trigger {
  name: string;
  json: string;
  raw: string;
}

const utf8Percent = (s: string) =>
  [...Buffer.from(s, 'utf8')]
    .map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16)}`))
    .join('');

/** A trigger from a JS value: its JSON text, and its percent-encoded text form for URLs and forms. */
export function triggerOf(name: string, value: unknown, raw?: string): Trigger {
  const json = JSON.stringify(value) ?? 'null';
  return { name, json, raw: raw ?? utf8Percent(typeof value === 'string' ? value : json) };
}

const nested = (n: number) => ({ json: '['.repeat(n) + ']'.repeat(n), obj: `${'{"a":'.repeat(n)}1${'}'.repeat(n)}` });

export const TRIGGERS: Trigger[] = [
  triggerOf('NUL', 'a\u0000b', 'a%00b'),
  triggerOf('lone high surrogate', 'x\ud800y', 'x%ED%A0%80y'),
  triggerOf('lone low surrogate', '\udc00', '%ED%B0%80'),
  triggerOf('bad percent-encoding', '%FF%FE', '%FF%FE'),
  triggerOf('truncated percent-encoding', '%', '%'),
  triggerOf('long string', 'x'.repeat(20_000)),
  triggerOf('long CJK string', '长'.repeat(3_000)),
  triggerOf('over 100 characters', 'y'.repeat(150)),
  triggerOf('empty string', ''),
  triggerOf('blank', '   '),
  triggerOf('negative', -1),
  triggerOf('zero', 0),
  triggerOf('fraction', 1.5),
  triggerOf('huge number', 1e308),
  triggerOf('beyond int32', 2_147_483_648),
  triggerOf('beyond safe integer', '9007199254740993', '9007199254740993'),
  triggerOf('number as text', '42'),
  triggerOf('true', true),
  triggerOf('null', null),
  triggerOf('empty object', {}),
  triggerOf('empty array', []),
  triggerOf('not a uuid', 'not-a-uuid'),
  triggerOf('nil uuid', '00000000-0000-0000-0000-000000000000'),
  triggerOf('year 9999', '9999-12-31T23:59:59.999Z'),
  triggerOf('year 275760', '+275760-09-13T00:00:00.000Z'),
  triggerOf('impossible date', '2024-02-30T25:61:00Z'),
  triggerOf('year 0', '0000-01-01'),
  triggerOf('path traversal', '../../etc/passwd'),
  triggerOf('SQL', "' OR 1=1 --"),
  triggerOf('emoji', '😀👍🏽'),
  { name: 'deep arrays (5,000)', json: nested(5000).json, raw: '['.repeat(5000) },
  { name: 'deep objects (5,000)', json: nested(5000).obj, raw: `a${'[a]'.repeat(5000)}` },
  { name: 'nested 40', json: nested(40).json, raw: 'x' },
  { name: '__proto__ key', json: '{"__proto__":{"polluted":1}}', raw: '__proto__' },
  { name: 'constructor.prototype', json: '{"constructor":{"prototype":{"polluted":1}}}', raw: 'constructor' },
  { name: 'NUL in a key', json: '{"a\\u0000":1}', raw: '%00' },
  { name: 'lone surrogate in a key', json: '{"\\ud800":1}', raw: '%ED%A0%80' },
  { name: 'many items', json: `[${'1,'.repeat(20_000)}1]`, raw: 'z'.repeat(5000) },
];

/** The triggers the exhaustive sweep uses for every slot (the random property uses all and more). */
export const CORE_TRIGGERS = [
  'NUL',
  'lone high surrogate',
  'deep arrays (5,000)',
  '__proto__ key',
  'true',
  'long string',
  'year 275760',
  'huge number',
  'lone low surrogate',
  'bad percent-encoding',
  'deep objects (5,000)',
  'NUL in a key',
  'empty object',
  'beyond int32',
  'over 100 characters',
].map((n) => TRIGGERS.find((t) => t.name === n)!);

let unique = 0;
const PATTERN_CANDIDATES = () => [
  `fz${++unique}`,
  'fuzz',
  'abc',
  'A1',
  'x-1',
  '13800000000',
  'zh-CN',
  'a@example.com',
  '#Name#',
  'svc-1',
];

export function resolveRef(doc: JsonSchema, schema: JsonSchema): JsonSchema {
  let s = schema;
  for (let i = 0; i < 20 && typeof s.$ref === 'string'; i++) {
    let node: unknown = doc;
    for (const part of s.$ref.replace(/^#\//, '').split('/')) node = (node as JsonSchema)?.[part];
    s = (node as JsonSchema) ?? {};
  }
  return s;
}

/**
 * A valid-ish value for `schema`: required properties only (optional ones often exclude each other), enums take
 * their first value, ids come from `idFor` (real resources when the name suggests one), strings try a few
 * candidates against the pattern.
 */
export function sampleOf(
  doc: JsonSchema,
  schema: JsonSchema,
  idFor: (name: string) => string,
  name = '',
  depth = 0,
): unknown {
  const s = resolveRef(doc, schema);
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  if ('default' in s && depth > 0 && s.default !== undefined) return s.default;
  const options = (s.anyOf ?? s.oneOf ?? s.allOf) as JsonSchema[] | undefined;
  if (options) {
    const option = options.find((o) => resolveRef(doc, o).type !== 'null') ?? options[0]!;
    return sampleOf(doc, option, idFor, name, depth);
  }
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'object': {
      if (depth > 8) return {};
      const out: Record<string, unknown> = {};
      const required = new Set((s.required as string[]) ?? []);
      for (const [key, prop] of Object.entries((s.properties as Record<string, JsonSchema>) ?? {}))
        if (required.has(key)) out[key] = sampleOf(doc, prop, idFor, key, depth + 1);
      return out;
    }
    case 'array': {
      if (depth > 8 || !s.items || !s.minItems) return [];
      return [sampleOf(doc, s.items as JsonSchema, idFor, name, depth + 1)];
    }
    case 'integer':
    case 'number': {
      const min =
        typeof s.minimum === 'number' ? s.minimum : typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum + 1 : 1;
      const max = typeof s.maximum === 'number' ? s.maximum : Number.MAX_SAFE_INTEGER;
      return Math.min(Math.max(min, 1), max);
    }
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'string': {
      if (s.format === 'uuid') return idFor(name);
      if (s.format === 'date-time') return new Date(Date.UTC(2026, 0, 15)).toISOString();
      if (s.format === 'date') return '2026-01-15';
      if (s.format === 'email') return 'fuzz@example.com';
      if (s.format === 'uri') return 'https://example.com/x';
      const min = typeof s.minLength === 'number' ? s.minLength : 0;
      const max = typeof s.maxLength === 'number' ? s.maxLength : 1000;
      const fits = (c: string) =>
        c.length >= min && c.length <= max && (typeof s.pattern !== 'string' || new RegExp(s.pattern, 'u').test(c));
      return PATTERN_CANDIDATES().find(fits) ?? 'x'.repeat(Math.max(min, 1));
    }
    default:
      return 'fuzz';
  }
}

/** The schema itself, or the first option that is not `null` of an anyOf/oneOf. */
function concrete(doc: JsonSchema, schema: JsonSchema): JsonSchema {
  const s = resolveRef(doc, schema);
  const options = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined;
  if (!options) return s;
  return resolveRef(doc, options.find((o) => resolveRef(doc, o).type !== 'null') ?? options[0]!);
}

/**
 * Every place in the operation's request one mutation can hit: each parameter, the whole body, and every body
 * property the schema names (required or not; array items as index 0) down to `maxDepth`.
 */
export function slotsOf(doc: JsonSchema, op: Operation, maxDepth = 4): Slot[] {
  const slots: Slot[] = op.params.map((p) => ({ location: p.in, path: [p.name] }));
  if (op.body) {
    slots.push({ location: 'body', path: [] });
    const walk = (schema: JsonSchema, path: (string | number)[]) => {
      if (path.length >= maxDepth) return;
      const s = concrete(doc, schema);
      if (s.type === 'array' && s.items) {
        slots.push({ location: 'body', path: [...path, 0] });
        walk(s.items as JsonSchema, [...path, 0]);
      }
      for (const [key, prop] of Object.entries((s.properties as Record<string, JsonSchema>) ?? {})) {
        slots.push({ location: 'body', path: [...path, key] });
        walk(prop, [...path, key]);
      }
      if (s.additionalProperties && typeof s.additionalProperties === 'object')
        slots.push({ location: 'body', path: [...path, 'anyKey'] });
    };
    walk(op.body.schema, []);
  }
  if (!op.params.some((p) => p.in === 'query')) slots.push({ location: 'query', path: ['unexpected'] });
  return slots;
}

export interface BuiltRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

const MARK = '"@@FUZZ@@"';

function setAt(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = (root && typeof root === 'object' ? structuredClone(root) : {}) as Record<string | number, unknown>;
  let node = copy;
  for (const [i, key] of path.slice(0, -1).entries()) {
    if (!node[key] || typeof node[key] !== 'object') node[key] = typeof path[i + 1] === 'number' ? [] : {};
    node = node[key] as Record<string | number, unknown>;
  }
  node[path.at(-1)!] = value;
  return copy;
}

const formText = (fields: Record<string, unknown>) =>
  Object.entries(fields)
    .map(([k, v]) => `${utf8Percent(k)}=${v === '@@FUZZ@@' ? v : utf8Percent(String(v))}`)
    .join('&');

/**
 * The request for `op` with the valid-ish `values`, and `trigger` (if any) at `slot`. Path and query values are
 * placed raw (they are percent-encoded already); a body gets the trigger's JSON text in place.
 */
export function buildRequest(
  op: Operation,
  values: { params: Record<string, string>; body: unknown },
  mutation?: { slot: Slot; trigger: Trigger },
): BuiltRequest {
  const hits = (location: Location, name: string | number) =>
    mutation?.slot.location === location && mutation.slot.path[0] === name;
  let url = op.path;
  const query: string[] = [];
  const headers: Record<string, string> = {};
  for (const p of op.params) {
    const mutated = hits(p.in, p.name);
    if (!mutated && !p.required) continue;
    const value = mutated ? mutation!.trigger.raw : utf8Percent(values.params[p.name] ?? '');
    if (p.in === 'path') url = url.replace(`{${p.name}}`, value);
    else if (p.in === 'query') query.push(`${p.name}=${value}`);
    else headers[p.name] = mutated ? decodeURIComponentSafe(value) : (values.params[p.name] ?? '');
  }
  if (mutation?.slot.location === 'query' && !op.params.some((p) => p.name === mutation.slot.path[0]))
    query.push(`${mutation.slot.path[0]}=${mutation.trigger.raw}`);
  if (query.length > 0) url += `?${query.join('&')}`;
  if (!op.body) return { method: op.method, url, headers };
  headers['content-type'] = op.body.contentType;
  const bodyMutated = mutation?.slot.location === 'body';
  const body = bodyMutated ? setAt(values.body, mutation!.slot.path, '@@FUZZ@@') : values.body;
  if (op.body.contentType === 'application/x-www-form-urlencoded') {
    if (bodyMutated && mutation!.slot.path.length === 0)
      return { method: op.method, url, headers, payload: mutation!.trigger.raw };
    const text = formText(body as Record<string, unknown>);
    return {
      method: op.method,
      url,
      headers,
      payload: bodyMutated ? text.replace('@@FUZZ@@', mutation!.trigger.raw) : text,
    };
  }
  const text = JSON.stringify(body);
  return { method: op.method, url, headers, payload: bodyMutated ? text.replace(MARK, mutation!.trigger.json) : text };
}

/** Header values travel as latin1; anything else is sent as its percent-encoded text. */
function decodeURIComponentSafe(s: string): string {
  try {
    const decoded = decodeURIComponent(s);
    return /^[\u0020-\u007e\u00a0-\u00ff]*$/.test(decoded) ? decoded : s;
  } catch {
    return s;
  }
}
