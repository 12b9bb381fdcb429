import { type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from './support/app.js';
import { serviceTypeFactory } from './support/factories.js';
import { defaultTemplateVersionId } from './support/invitations.js';

/**
 * Keyset paging must see every row exactly once, in order, even when many rows share a millisecond or a
 * microsecond (PostgreSQL keeps microseconds; a cursor built from a JS Date keeps milliseconds and used to skip
 * rows). Each list gets a burst of rows with colliding sort values, written by SQL so the collisions are certain,
 * and is walked through the HTTP API with several page sizes; the expected order is the database's own ORDER BY.
 */
let t: TestApp;
let admin: TestClient;

const BURST = 200;
/** The burst's timestamps: groups of 4 share a microsecond, ~10 groups share each millisecond. */
const burstAt = (g: SQL) => sql`timestamptz '2025-06-01 10:00:00+00' + (${g} / 4) * interval '97 microseconds'`;

const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

async function seedBursts(db: TestApp['ctx']['db']) {
  const versionId = await defaultTemplateVersionId(db);
  const serviceTypeId = (await serviceTypeFactory(db)).id;
  const g = sql.raw('g');
  const series = sql.raw(`generate_series(1, ${BURST}) as g`);
  // One multi-row statement on top of each burst: every row of it gets the same now(), to the microsecond.
  const sameNow = sql.raw('generate_series(1, 20) as g');

  for (const [from, at] of [
    [series, burstAt(g)],
    [sameNow, sql`now()`],
  ] as const) {
    await db.execute(sql`
      insert into ratings (work_order_id, template_version_id, source, answers, normalised, language, submitted_at)
      select gen_random_uuid(), ${versionId}::uuid, 'customer', '{}'::jsonb, '{}'::jsonb, 'zh-CN', ${at} from ${from}`);
    await db.execute(sql`
      insert into audit_events (at, actor_type, action, entity_type, entity_id)
      select ${at}, 'system', 'paging.burst', 'test', g::text from ${from}`);
    await db.execute(sql`
      insert into invitations (work_order_id, template_version_id, source, channels, expires_at, created_at)
      select gen_random_uuid(), ${versionId}::uuid, 'rule', '{email}', now() + interval '14 days', ${at} from ${from}`);
    await db.execute(sql`
      insert into work_orders (number, subject, service_type_id, created_at)
      select 'PG-' || md5(random()::text), 'Paging ' || g, ${serviceTypeId}::uuid, ${at} from ${from}`);
  }
  // Text sorts: few distinct values (ties broken by id), mixed case, CJK, and 200-character CJK names whose
  // cursors are long.
  await db.execute(sql`
    insert into employees (employee_no, name)
    select (array['a', 'B', 'b', '张', 'Z'])[1 + g % 5] || '-' || (g % 13) || '-' || g, 'Paging ' || g from ${series}`);
  await db.execute(sql`
    insert into departments (name)
    select case when g % 10 = 0 then repeat('部', 200) else (array['Sales', 'sales', '服务部', 'Ops'])[1 + g % 4] end
    from ${series}`);
  await db.execute(sql`
    insert into service_types (name, code)
    select (array['Repair', 'repair', '安装', 'Install', 'Install'])[1 + g % 5], 'paging-' || g from ${series}`);
  await db.execute(sql`
    insert into rating_templates (name)
    select case when g % 10 = 0 then repeat('模板', 100) else (array['NPS', 'nps', '满意度', 'CSAT'])[1 + g % 4] end
    from ${series}`);
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.loginAs(['admin']);
  await seedBursts(t.ctx.db);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

interface List {
  path: string;
  /** The database's order of every row the list shows. */
  order: SQL;
}

const LISTS: List[] = [
  { path: '/api/v1/ratings', order: sql`select id::text as id from ratings order by submitted_at desc, id desc` },
  { path: '/api/v1/audit-events', order: sql`select id::text as id from audit_events order by at desc, id desc` },
  { path: '/api/v1/invitations', order: sql`select id::text as id from invitations order by created_at desc, id desc` },
  { path: '/api/v1/work-orders', order: sql`select id::text as id from work_orders order by created_at desc, id desc` },
  {
    path: '/api/v1/work-orders?sort=createdAt',
    order: sql`select id::text as id from work_orders order by created_at, id`,
  },
  { path: '/api/v1/employees', order: sql`select id::text as id from employees order by employee_no, id` },
  { path: '/api/v1/departments', order: sql`select id::text as id from departments order by name, id` },
  { path: '/api/v1/service-types', order: sql`select id::text as id from service_types order by name, id` },
  { path: '/api/v1/rating-templates', order: sql`select id::text as id from rating_templates order by name, id` },
];

async function walk(client: TestClient, path: string, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; ; pages++) {
    if (pages > 1000) throw new Error(`${path}: the walk does not end`);
    const url = `${path}${path.includes('?') ? '&' : '?'}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await client.get(url);
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    const page = res.json() as { items: { id: string }[]; nextCursor: string | null };
    expect(page.items.length).toBeLessThanOrEqual(limit);
    ids.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor;
    if (!cursor) return ids;
    expect(page.items.length).toBe(limit);
  }
}

describe('keyset paging walks every list exactly once, in order', () => {
  it('the bursts collide on the millisecond and on the microsecond', async () => {
    const [stats] = rowsOf<{ rows: number; micros: number; millis: number }>(
      await t.ctx.db.execute(sql`
        select count(*)::int as rows, count(distinct submitted_at)::int as micros,
               count(distinct date_trunc('milliseconds', submitted_at))::int as millis
        from ratings`),
    );
    expect(stats!.rows).toBe(BURST + 20);
    expect(stats!.micros).toBeLessThan(stats!.rows / 3);
    expect(stats!.millis).toBeLessThan(stats!.micros / 5);
  });

  for (const list of LISTS) {
    for (const limit of [3, 7, 10]) {
      it(`${list.path} in pages of ${limit}`, async () => {
        const expected = rowsOf<{ id: string }>(await t.ctx.db.execute(list.order)).map((r) => r.id);
        expect(expected.length).toBeGreaterThanOrEqual(BURST);
        const seen = await walk(admin, list.path, limit);
        expect(new Set(seen).size).toBe(seen.length);
        expect(seen).toEqual(expected);
      });
    }
  }

  it('a from/to filter compares at full precision', async () => {
    const [bounds] = rowsOf<{ from: string; to: string; n: number }>(
      await t.ctx.db.execute(sql`
        with b as (select ${burstAt(sql`20`)} as lo, ${burstAt(sql`120`)} as hi)
        select to_char(lo at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as from,
               to_char(hi at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as to,
               (select count(*)::int from ratings, b where submitted_at >= lo and submitted_at < hi) as n
        from b`),
    );
    expect(bounds!.from.slice(23, 26)).not.toBe('000'); // not a whole millisecond
    const res = await admin.get(`/api/v1/ratings?limit=500&from=${bounds!.from}&to=${bounds!.to}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items).toHaveLength(bounds!.n);
  });
});

const b64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const ID = '00000000-0000-4000-8000-000000000000';

function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; body: string }, path: string) {
  expect(res.statusCode, res.body).toBe(400);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(res.body) as { errors?: { path: string; message: string }[] };
  expect(body.errors?.map((e) => e.path)).toContain(path);
}

describe('forged cursors are a 400 on query.cursor, never a 500', () => {
  const anyList = [
    'not base64!',
    'e30', // {}
    b64('not json'),
    b64('null'),
    b64([1, 2]),
    b64({ v: '2025-06-01T10:00:00.000000Z' }),
    b64({ id: ID }),
    b64({ v: '2025-06-01T10:00:00.000000Z', id: 'not-a-uuid' }),
    b64({ v: '2025-06-01T10:00:00.000000Z', id: `${ID}'; drop table ratings; --` }),
    b64({ v: 'x', id: ID, extra: true }),
    b64({ v: null, id: ID }),
    b64({ v: { nested: true }, id: ID }),
  ];
  const timestampLists = [
    b64({ v: 1748772000000, id: ID }),
    b64({ v: 'yesterday', id: ID }),
    b64({ v: '2025-06-01T10:00:00.000Z', id: ID }), // milliseconds: not what this API issues
    b64({ v: '2026-02-30T10:00:00.000000Z', id: ID }),
    b64({ v: '0000-01-01T00:00:00.000000Z', id: ID }),
    b64({ v: '2025-06-01T24:00:00.000000Z', id: ID }),
    b64({ v: '2025-06-01T10:00:00.000000+08:00', id: ID }),
  ];
  const textLists = [
    b64({ v: 42, id: ID }),
    b64({ v: true, id: ID }),
    b64({ v: 'a\u0000b', id: ID }),
    b64('{"v":"\\ud800","id":"00000000-0000-4000-8000-000000000000"}'), // a lone surrogate
    b64({ v: 'x'.repeat(1001), id: ID }),
  ];

  for (const list of LISTS) {
    const timestamp = /ratings|audit|invitations|work-orders/.test(list.path);
    it(list.path, async () => {
      for (const cursor of [...anyList, ...(timestamp ? timestampLists : textLists)]) {
        const res = await admin.get(
          `${list.path}${list.path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`,
        );
        expectProblem(res, 'query.cursor');
      }
    });
  }

  it('an unknown sort of the work-order list is a 400 on query.sort', async () => {
    expectProblem(await admin.get('/api/v1/work-orders?sort=subject'), 'query.sort');
  });

  it('a cursor of another list with another sort kind is refused', async () => {
    const ratings = (await admin.get('/api/v1/ratings?limit=1')).json() as { nextCursor: string };
    const templates = (await admin.get('/api/v1/rating-templates?limit=1')).json() as { nextCursor: string };
    expect((await admin.get(`/api/v1/rating-templates?cursor=${ratings.nextCursor}`)).statusCode).toBe(200); // text
    expectProblem(await admin.get(`/api/v1/ratings?cursor=${templates.nextCursor}`), 'query.cursor');
  });
});

describe('dates in query strings are checked at the boundary', () => {
  const refused: [string, string][] = [
    ['/api/v1/work-orders?createdFrom=0000-01-01', 'query.createdFrom'],
    ['/api/v1/work-orders?createdTo=1899-12-31', 'query.createdTo'],
    ['/api/v1/work-orders?completedFrom=2026-02-30', 'query.completedFrom'],
    ['/api/v1/work-orders?completedTo=10000-01-01', 'query.completedTo'],
    ['/api/v1/work-orders?createdFrom=9999-12-31T23:00:00-05:00', 'query.createdFrom'], // year 10000 in UTC
    ['/api/v1/ratings?from=0000-01-01T00:00:00Z', 'query.from'],
    ['/api/v1/ratings?to=2026-02-29T00:00:00Z', 'query.to'],
    ['/api/v1/ratings?from=2026-01-01', 'query.from'], // an instant is required here
    ['/api/v1/audit-events?from=1800-01-01T00:00:00Z', 'query.from'],
    ['/api/v1/audit-events?to=2026-13-01T00:00:00Z', 'query.to'],
    ['/api/v1/invitations?from=0001-01-01T00:00:00Z', 'query.from'],
    ['/api/v1/invitations?to=2026-04-31T00:00:00%2B08:00', 'query.to'],
  ];
  for (const [url, path] of refused) {
    it(`${url} → 400 on ${path}`, async () => {
      expectProblem(await admin.get(url), path);
    });
  }

  it('dates at the edges of the range are accepted', async () => {
    for (const url of [
      '/api/v1/work-orders?createdFrom=1900-01-01&createdTo=9999-12-31',
      '/api/v1/work-orders?completedFrom=2024-02-29T00:00:00.123456%2B08:00',
      '/api/v1/ratings?from=1900-01-01T00:00:00Z&to=9999-12-31T23:59:59.999999Z',
      '/api/v1/audit-events?from=1900-01-01T00:00:00Z&to=9999-12-31T00:00:00Z',
      '/api/v1/invitations?from=1900-01-01T00:00:00Z&to=9999-12-31T00:00:00Z',
    ]) {
      const res = await admin.get(url);
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    }
  });
});
