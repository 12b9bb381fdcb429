import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCOPES } from '../src/common/roles.js';
import { unsubscribeToken } from '../src/server/modules/delivery/opt-outs.js';
import { createTestApp, type TestApp, type TestClient } from './support/app.js';
import {
  departmentFactory,
  employeeFactory,
  ruleFactory,
  serviceTypeFactory,
  templateFactory,
  workOrderFactory,
} from './support/factories.js';
import {
  type BuiltRequest,
  buildRequest,
  CORE_TRIGGERS,
  type JsonSchema,
  type Operation,
  resolveRef,
  type Slot,
  sampleOf,
  slotsOf,
  TRIGGERS,
  type Trigger,
  triggerOf,
} from './support/fuzz-requests.js';
import { DEFAULT_TEMPLATE_ANSWERS, defaultTemplateVersionId, invitationFactory } from './support/invitations.js';

/**
 * Fuzzes the whole HTTP surface: every operation of the OpenAPI document plus the customer pages hidden from it
 * (`/r/<token>`, `/u/<token>`), anonymously, as an admin session and with an API key holding every scope. Each
 * request is a valid-ish one built from the operation's schema (ids of real resources where the name suggests
 * one) with one place replaced by something hostile: NUL, lone surrogates, 5,000 levels of nesting, `__proto__`,
 * wrong types, huge or impossible numbers and dates, bad percent-encoding, over-long values — or the whole request
 * broken (bad JSON, empty JSON, wrong media type, an oversized body).
 *
 * A failure is any 5xx, or an error (status ≥ 400) that is not `application/problem+json` (the customer pages may
 * answer with their own HTML page). Failures are collected and printed with the operation, the request and the
 * response.
 *
 * Two parts: a sweep that walks every operation × every place × the core triggers (deterministic), and a fast-check
 * property drawing random operations, callers, places and values. FUZZ_RUNS sets the property's number of runs
 * (default 1,000; the whole file takes about a minute per database); run longer locally, e.g.
 *   FUZZ_RUNS=20000 npx vitest run --project pglite test/fuzz.int.test.ts
 * FUZZ_SEED=<n> replays a random run; FUZZ_VERBOSE=1 prints the answer to every valid-ish request (to see that
 * the generated bodies get past validation).
 */
const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 1000);

type CallerName = 'anonymous' | 'session' | 'apiKey';

let t: TestApp;
let doc: JsonSchema;
let operations: Operation[];
const callers = {} as Record<CallerName, TestClient>;
/** Real resources, by the path segment (or parameter name) that addresses them. */
const ids: Record<string, string> = {};
let token = '';
let unsubscribe = '';

beforeAll(async () => {
  t = await createTestApp();
  const admin = await t.loginAs(['admin']);
  callers.session = admin;
  callers.anonymous = t.anon;
  const key = await admin.post('/api/v1/api-keys', { name: 'fuzz', scopes: [...SCOPES] });
  callers.apiKey = t.withApiKey(key.json().key);
  const spare = await admin.post('/api/v1/api-keys', { name: 'fuzz-spare', scopes: ['work_orders.read'] });
  ids['api-keys'] = spare.json().id;

  const db = t.ctx.db;
  const department = await departmentFactory(db);
  const serviceType = await serviceTypeFactory(db);
  const engineer = await employeeFactory(db, { departmentId: department.id });
  const template = await templateFactory(db, { serviceTypeIds: [serviceType.id] });
  const rule = await ruleFactory(db, template.id);
  const workOrder = await workOrderFactory(t.ctx, {
    serviceTypeId: serviceType.id,
    departmentId: department.id,
    engineerIds: [engineer.id],
  });
  const links = { appSecret: t.ctx.appSecret, publicBaseUrl: t.ctx.config.publicBaseUrl };
  const versionId = await defaultTemplateVersionId(db);
  const invitation = await invitationFactory(db, links, {
    templateVersionId: versionId,
    workOrderId: workOrder.id,
    submissionLimit: 1000,
  });
  token = invitation.token;
  unsubscribe = unsubscribeToken(t.ctx.appSecret, invitation.invitation.id, 'email');
  const rated = await t.anon.post(`${invitation.api}/ratings`, { answers: DEFAULT_TEMPLATE_ANSWERS });
  expect(rated.statusCode, rated.body).toBe(201);
  const employeeImport = await admin.post('/api/v1/employee-imports', {
    csv: 'employeeNo,name\nF-1,Fuzz',
    mode: 'valid_rows',
  });
  const workOrderImport = await admin.post('/api/v1/work-order-imports', { csv: 'subject,serviceType\nx,none' });
  Object.assign(ids, {
    departments: department.id,
    'service-types': serviceType.id,
    serviceTypeId: serviceType.id,
    employees: engineer.id,
    engineerId: engineer.id,
    departmentId: department.id,
    'rating-templates': template.id,
    templateId: template.id,
    'rating-template-versions': versionId,
    versionId,
    'rating-rules': rule.id,
    'rating-defaults': serviceType.id,
    'work-orders': workOrder.id,
    workOrderId: workOrder.id,
    invitations: invitation.invitation.id,
    invitationId: invitation.invitation.id,
    ratings: rated.json().id,
    'employee-imports': employeeImport.json().id,
    'work-order-imports': workOrderImport.json().id,
  });

  doc = (await t.anon.get('/api/openapi.json')).json();
  operations = [...openApiOperations(doc), ...customerPageOperations()];
}, 120_000);

afterAll(async () => {
  await t?.close();
});

function openApiOperations(openapi: JsonSchema): Operation[] {
  const ops: Operation[] = [];
  const paths = openapi.paths as Record<string, Record<string, JsonSchema>>;
  for (const [path, methods] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = ((op.parameters as JsonSchema[]) ?? []).map((p) => ({
        name: p.name as string,
        in: p.in as 'path' | 'query' | 'header',
        required: Boolean(p.required),
        schema: resolveRef(openapi, (p.schema as JsonSchema) ?? {}),
      }));
      const content = (op.requestBody as JsonSchema | undefined)?.content as Record<string, JsonSchema> | undefined;
      const json = content?.['application/json']?.schema as JsonSchema | undefined;
      const security = op.security as unknown[] | undefined;
      ops.push({
        method: method.toUpperCase(),
        path,
        params,
        // Provider callbacks read their raw body; the schema does not document it, but they take one.
        body: json
          ? { schema: json, contentType: 'application/json' }
          : path.includes('/channel-callbacks/')
            ? {
                schema: { type: 'object', properties: { MessageStatus: { type: 'string' } } },
                contentType: 'application/json',
              }
            : undefined,
        anonymous: Array.isArray(security) && security.length === 0,
      });
    }
  }
  return ops;
}

/** The customer pages: server-rendered, hidden from OpenAPI, answering errors with their own HTML page. */
function customerPageOperations(): Operation[] {
  const tokenParam = { name: 'token', in: 'path' as const, required: true, schema: { type: 'string' } };
  const form = (required: string[], properties: Record<string, JsonSchema>) => ({
    schema: { type: 'object', required, properties },
    contentType: 'application/x-www-form-urlencoded' as const,
  });
  const text = { type: 'string' };
  const page = (method: string, path: string, extra: Partial<Operation> = {}): Operation => ({
    method,
    path,
    params: [tokenParam],
    anonymous: true,
    htmlErrors: true,
    ...extra,
  });
  return [
    page('GET', '/r/{token}', {
      params: [tokenParam, { name: 'preselect', in: 'query', required: false, schema: text }],
    }),
    page('POST', '/r/{token}', {
      body: form(['response_speed', 'technical_ability', 'attitude', 'problem_resolved', '_form_token'], {
        response_speed: { const: '5' },
        technical_ability: { const: '4' },
        attitude: { const: '3' },
        problem_resolved: { const: 'yes' },
        recommend: { const: 'yes' },
        suggestions: { const: '很好' },
        _form_token: { const: 'f0a1b2c3-d4e5-4f60-8a7b-8c9d0e1f2a3b' },
      }),
    }),
    page('GET', '/r/{token}/thanks', {
      params: [tokenParam, { name: 'k', in: 'query', required: false, schema: text }],
    }),
    page('POST', '/r/{token}/contact', {
      body: form(['_form_token', 'contact'], { _form_token: { const: 'x' }, contact: { const: 'yes' } }),
    }),
    page('GET', '/u/{token}'),
    page('POST', '/u/{token}', { body: form(['List-Unsubscribe'], { 'List-Unsubscribe': { const: 'One-Click' } }) }),
  ];
}

/** The id of a real resource for a parameter or property, chosen by the path segment before it or its name. */
function idFor(op: Operation, name: string): string {
  if (name === 'token') return op.path.startsWith('/u/') ? unsubscribe : token;
  const segments = op.path.split('/');
  const at = segments.indexOf(`{${name}}`);
  const segment = at > 0 ? segments[at - 1]! : '';
  return ids[name] ?? ids[segment] ?? ids[name.replace(/Ids$/, 'Id')] ?? '3f1c2b9a-0d4e-4c55-9a7e-1b2c3d4e5f60';
}

function valuesOf(op: Operation) {
  const params: Record<string, string> = {};
  for (const p of op.params) {
    const v = p.in === 'path' ? idFor(op, p.name) : sampleOf(doc, p.schema, (n) => idFor(op, n), p.name, 1);
    params[p.name] = String(v);
  }
  const sample = op.body ? sampleOf(doc, op.body.schema, (n) => idFor(op, n)) : undefined;
  const body = BODY_HINTS[`${op.method} ${op.path}`]
    ? { ...(sample as object), ...BODY_HINTS[`${op.method} ${op.path}`]!() }
    : sample;
  return { params, body };
}

/** What the schema cannot say (one of two fields, the template's questions), so the valid-ish body gets through. */
const BODY_HINTS: Record<string, () => Record<string, unknown>> = {
  'POST /api/v1/public/invitations/{token}/ratings': () => ({ answers: DEFAULT_TEMPLATE_ANSWERS, comment: '好' }),
  'POST /api/v1/rating-rules/dry-run': () => ({ workOrderId: ids['work-orders'] }),
  'POST /api/v1/rating-templates/score-preview': () => ({
    versionId: ids.versionId,
    answers: DEFAULT_TEMPLATE_ANSWERS,
  }),
};

/** Who calls: anonymous for public operations (and sometimes for the others), else a session or an API key. */
function callerFor(op: Operation, pick: number): CallerName {
  if (op.anonymous) return 'anonymous';
  // The session must survive the run; usersOnly routes refuse API keys with a 403 (still checked).
  if (op.path.endsWith('/auth/logout')) return pick % 2 === 0 ? 'anonymous' : 'apiKey';
  return (['session', 'apiKey', 'session', 'anonymous'] as const)[pick % 4]!;
}

interface Failure {
  operation: string;
  caller: CallerName;
  mutation: string;
  request: BuiltRequest;
  status: number;
  contentType: string;
  body: string;
}

const failures: Failure[] = [];
/** Answers by status, printed after each part: a sweep answered only with 400s would prove little. */
const statuses: Record<number, number> = {};

function verdict(op: Operation, res: LightMyRequestResponse): boolean {
  if (res.statusCode >= 500) return false;
  if (res.statusCode < 400) return true;
  const type = String(res.headers['content-type'] ?? '');
  return type.startsWith('application/problem+json') || (Boolean(op.htmlErrors) && type.startsWith('text/html'));
}

const shorten = (s: string | undefined, n = 300) => (s && s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);

let requestCount = 0;

async function send(op: Operation, caller: CallerName, request: BuiltRequest, mutation: string): Promise<boolean> {
  requestCount += 1;
  const res = await callers[caller].request({
    method: request.method as 'GET',
    url: request.url,
    headers: request.headers,
    // A new client address per request, so the per-IP rate limits do not hide the routes behind 429s.
    remoteAddress: `10.${(requestCount >> 16) & 255}.${(requestCount >> 8) & 255}.${requestCount & 255}`,
    ...(request.payload === undefined ? {} : { payload: request.payload }),
  });
  if (process.env.FUZZ_VERBOSE && (mutation.startsWith('none') || res.statusCode === 429))
    console.info(`${caller} ${op.method} ${op.path} → ${res.statusCode} ${res.body.slice(0, 200)}`);
  statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
  if (verdict(op, res)) return true;
  failures.push({
    operation: `${op.method} ${op.path}`,
    caller,
    mutation,
    request: { ...request, url: shorten(request.url)!, payload: shorten(request.payload) },
    status: res.statusCode,
    contentType: String(res.headers['content-type'] ?? ''),
    body: shorten(res.body, 400)!,
  });
  return false;
}

function report(): string {
  const seen = new Set<string>();
  const unique = failures.filter((f) => {
    const key = `${f.operation} ${f.mutation} ${f.status}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return `${failures.length} bad answers (${unique.length} distinct):\n${unique
    .slice(0, 60)
    .map((f) => JSON.stringify(f, null, 1))
    .join('\n')}`;
}

/** Whole-request breakage for operations with a body. */
function brokenBodies(op: Operation): { name: string; patch: Partial<BuiltRequest> }[] {
  const json = { 'content-type': 'application/json' };
  const oversize = op.anonymous ? 20 * 1024 : 1024 * 1024 + 10;
  return [
    { name: 'bad JSON', patch: { headers: json, payload: '{"a":' } },
    { name: 'empty JSON body', patch: { headers: json, payload: '' } },
    { name: 'JSON null', patch: { headers: json, payload: 'null' } },
    { name: 'JSON array', patch: { headers: json, payload: '[1,2]' } },
    { name: 'top-level __proto__', patch: { headers: json, payload: '{"__proto__":{"admin":true}}' } },
    { name: 'text/plain', patch: { headers: { 'content-type': 'text/plain' }, payload: 'hello' } },
    { name: 'unknown media type', patch: { headers: { 'content-type': 'application/x-fuzz' }, payload: 'x' } },
    {
      name: 'form with __proto__',
      patch: {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: '__proto__=1&__proto__=2&%00=x',
      },
    },
    { name: 'oversized body', patch: { headers: json, payload: JSON.stringify({ pad: 'p'.repeat(oversize) }) } },
  ];
}

describe('fuzz: every operation answers hostile input with a 4xx problem document', () => {
  it('finds the operations (OpenAPI + customer pages)', () => {
    expect(operations.length).toBeGreaterThan(80);
  });

  it('sweeps every operation × caller × place × core trigger', async () => {
    for (const [i, op] of operations.entries()) {
      const values = valuesOf(op);
      for (const caller of new Set([callerFor(op, 0), callerFor(op, 1), callerFor(op, 3)]))
        await send(op, caller, buildRequest(op, values), 'none (valid-ish)');
      for (const [j, slot] of slotsOf(doc, op, 3).entries()) {
        for (const [k, trigger] of CORE_TRIGGERS.entries()) {
          const request = buildRequest(op, values, { slot, trigger });
          await send(op, callerFor(op, i + j + k), request, `${describeSlot(slot)} ← ${trigger.name}`);
        }
      }
      if (op.body) {
        for (const broken of brokenBodies(op)) {
          const base = buildRequest(op, values);
          const request = { ...base, ...broken.patch, headers: { ...base.headers, ...broken.patch.headers } };
          await send(op, callerFor(op, i), request, broken.name);
        }
      }
    }
    console.info(`fuzz answers by status: ${JSON.stringify(statuses)}`);
    expect(failures, report()).toEqual([]);
  }, 600_000);

  it('survives random operations, places and values (fast-check)', async () => {
    failures.length = 0;
    const anyText = fc.string({
      unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
      maxLength: 40,
    });
    const value: fc.Arbitrary<Trigger> = fc.oneof(
      fc.constantFrom(...TRIGGERS),
      anyText.map((s) => triggerOf('random text', s)),
      fc.jsonValue({ maxDepth: 3 }).map((v) => triggerOf('random JSON', v)),
      fc.integer({ min: 1, max: 6000 }).map((n) => ({
        name: `nested ${n}`,
        json: '['.repeat(n) + ']'.repeat(n),
        raw: '%5B'.repeat(Math.min(n, 50)),
      })),
      fc
        .oneof(fc.double(), fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }))
        .map((n) => ({ name: 'random number', json: String(n), raw: String(n) })),
    );
    const run = await fc.check(
      fc.asyncProperty(fc.nat(), fc.nat(), fc.nat(), value, async (o, c, s, trigger) => {
        const op = operations[o % operations.length]!;
        const values = valuesOf(op);
        const slots = slotsOf(doc, op);
        const slot = slots[s % slots.length]!;
        const request = buildRequest(op, values, { slot, trigger });
        // Bad answers are collected (so one run reports them all) rather than ending the run.
        await send(
          op,
          callerFor(op, c),
          request,
          `${describeSlot(slot)} ← ${trigger.name}: ${shorten(trigger.json, 80)}`,
        );
      }),
      {
        numRuns: FUZZ_RUNS,
        endOnFailure: true,
        seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined,
      },
    );
    console.info(`fuzz answers by status: ${JSON.stringify(statuses)} (FUZZ_SEED=${run.seed})`);
    // The collected failures say more than fast-check's counterexample; an exception in the harness is rethrown.
    expect(failures, `${report()}\nreplay with FUZZ_SEED=${run.seed}`).toEqual([]);
    if (run.failed) throw run.errorInstance ?? new Error(`fuzz property failed (FUZZ_SEED=${run.seed})`);
  }, 600_000);
});

function describeSlot(slot: Slot): string {
  const prefix = slot.location === 'body' ? 'body' : slot.location;
  return [prefix, ...slot.path].join('.');
}
