/**
 * The dashboard benchmark's data (issue 16): an organisation of `regions × teams` departments, `engineers`
 * engineers, `stores` stores and four service types, and `ratings` ratings over the last two years — each with its
 * work order and invitation (≈ 1.25 invitations per rating, so the funnel has something to count) — written with
 * set-based SQL in chunks, fast enough for 10,000,000 ratings on PostgreSQL.
 *
 * Answers are exact: a thousand answer combinations of the default template are scored in JavaScript with the
 * shared scoring code (`src/common/scoring`, SCORING.md), sorted by score, and each rating takes the combination its
 * quality picks — quality = a two-year trend + the engineer's bias + noise, so teams and engineers differ.
 */
import { randomUUID } from 'node:crypto';
import type { CleanAnswers } from '../../src/common/scoring/index.js';
import { scoreRating } from '../../src/common/scoring/index.js';
import type { Database } from '../../src/server/db/client.js';
import { frozenTemplate } from '../../src/server/modules/ratings/page-context.js';

export interface DashboardDataSize {
  ratings: number;
  regions: number;
  teamsPerRegion: number;
  engineers: number;
  stores: number;
  days: number;
}

export const SIZE_10M: DashboardDataSize = {
  ratings: 10_000_000,
  regions: 6,
  teamsPerRegion: 9, // 6 regions + 54 teams = 60 departments
  engineers: 2000,
  stores: 300,
  days: 730,
};

const COMBOS = 1000;
const SERVICE_TYPES = ['repair', 'inspection', 'installation', 'delivery'];
const CHANNELS = ['sms', 'email', 'wechat', 'qr'];
const COMMENTS = ['师傅很专业，准时上门。', '等的时间有点长。', 'Quick and friendly service.', '修完第二天又坏了。'];

type Query = <T>(text: string, values?: unknown[]) => Promise<T[]>;

export function queryOf(database: Database): Query {
  return async <T>(text: string, values: unknown[] = []) =>
    (database.pool
      ? (await database.pool.query(text, values)).rows
      : (await database.sql.query(text, values)).rows) as T[];
}

/** A deterministic generator for the answer combinations (the SQL side uses random(): only the shape matters). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function comboRows(database: Database, templateVersionId: string) {
  const template = await frozenTemplate(database.db, templateVersionId);
  const random = rng(16);
  const stars = () => 1 + Math.floor(random() * 5);
  const combos = Array.from({ length: COMBOS }, (_, i) => {
    const base = random();
    // Correlated stars (a good visit is good on every dimension), some answers left out, some comments.
    const star = () => Math.max(1, Math.min(5, Math.round(1 + 4 * base + (random() - 0.5) * 1.5)));
    const answers: CleanAnswers = {
      response_speed: star(),
      technical_ability: star(),
      attitude: i % 50 === 0 ? stars() : star(),
      problem_resolved: random() < 0.2 + 0.75 * base,
    };
    if (random() < 0.6) answers.would_recommend = base > 0.6 ? 'yes' : base < 0.3 ? 'no' : 'not_sure';
    if (random() < 0.3) answers.suggestions = COMMENTS[Math.floor(random() * COMMENTS.length)]!;
    const s = scoreRating(template, answers);
    return { answers, ...s };
  });
  combos.sort((a, b) => (a.score ?? -1) - (b.score ?? -1));
  return combos;
}

/** Whether the database already holds the generated data (a rerun measures without generating again). */
export async function generatedRatings(database: Database): Promise<number> {
  const q = queryOf(database);
  const [row] = await q<{ n: string }>("select count(*)::text as n from work_orders where number like 'B%'");
  return Number(row?.n ?? 0) > 0
    ? Number((await q<{ n: string }>('select count(*)::text as n from ratings'))[0]!.n)
    : 0;
}

export interface Generated {
  regionIds: string[];
  teamIds: string[];
  engineerIds: string[];
  stores: string[];
  serviceTypeIds: string[];
}

/** What a previous run generated (for the requests' filters). */
export async function generatedShape(database: Database): Promise<Generated> {
  const q = queryOf(database);
  const ids = async (text: string) => (await q<{ id: string }>(text)).map((r) => r.id);
  return {
    regionIds: await ids("select id from departments where code like 'bench-region-%' order by code"),
    teamIds: await ids("select id from departments where code like 'bench-team-%' order by code"),
    engineerIds: await ids("select id from employees where employee_no like 'BE%' order by employee_no"),
    stores: (await q<{ s: string }>('select distinct store as s from work_orders where store is not null')).map(
      (r) => r.s,
    ),
    serviceTypeIds: await ids("select id from service_types where code like 'bench-%' order by code"),
  };
}

export async function generateDashboardData(
  database: Database,
  templateVersionId: string,
  size: DashboardDataSize,
  onProgress: (done: number, total: number) => void,
): Promise<Generated> {
  const q = queryOf(database);
  const regionIds: string[] = [];
  const teamIds: string[] = [];
  const teamRegion: string[] = [];
  for (let r = 0; r < size.regions; r++) {
    const region = randomUUID();
    regionIds.push(region);
    await q("insert into departments (id, name, code, kind) values ($1, $2, $3, 'region')", [
      region,
      `Region ${r + 1}`,
      `bench-region-${String(r + 1).padStart(2, '0')}`,
    ]);
    for (let t = 0; t < size.teamsPerRegion; t++) {
      const team = randomUUID();
      teamIds.push(team);
      teamRegion.push(region);
      await q("insert into departments (id, name, code, kind, parent_id) values ($1, $2, $3, 'team', $4)", [
        team,
        `Team ${r + 1}-${t + 1}`,
        `bench-team-${String(r + 1).padStart(2, '0')}-${String(t + 1).padStart(2, '0')}`,
        region,
      ]);
    }
  }
  const engineerIds = Array.from({ length: size.engineers }, () => randomUUID());
  const engineerTeam = engineerIds.map((_, i) => teamIds[i % teamIds.length]!);
  const random = rng(7);
  // A team's level and an engineer's own: some teams and people are clearly better than others.
  const teamBias = teamIds.map(() => (random() - 0.5) * 0.25);
  const engineerBias = engineerIds.map((_, i) => teamBias[i % teamIds.length]! + (random() - 0.5) * 0.2);
  await q(
    `insert into employees (id, employee_no, name, department_id, roles)
     select id, 'BE' || lpad(n::text, 5, '0'), 'Engineer ' || n, team, array['engineer']
       from unnest($1::uuid[], $2::uuid[]) with ordinality as e(id, team, n)`,
    [engineerIds, engineerTeam],
  );
  await q(
    'create table if not exists bench_engineers (n int primary key, id uuid, team uuid, region uuid, bias float8)',
  );
  await q(
    `insert into bench_engineers (n, id, team, region, bias)
     select n, id, team, region, bias
       from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::float8[]) with ordinality as e(id, team, region, bias, n)`,
    [engineerIds, engineerTeam, engineerIds.map((_, i) => teamRegion[i % teamIds.length]!), engineerBias],
  );
  const serviceTypeIds: string[] = [];
  for (const code of SERVICE_TYPES) {
    const [row] = await q<{ id: string }>('insert into service_types (name, code) values ($1, $2) returning id', [
      `Bench ${code}`,
      `bench-${code}`,
    ]);
    serviceTypeIds.push(row!.id);
  }
  const stores = Array.from({ length: size.stores }, (_, i) => `Store ${String(i + 1).padStart(3, '0')}`);

  const combos = await comboRows(database, templateVersionId);
  await q(
    `create table if not exists bench_combos (idx int primary key, answers jsonb, normalised jsonb, score float8,
       stars float8, rounded_stars smallint, class text)`,
  );
  await q(
    `insert into bench_combos select idx - 1, a, nm, s, st, rs, c
       from unnest($1::jsonb[], $2::jsonb[], $3::float8[], $4::float8[], $5::smallint[], $6::text[])
            with ordinality as x(a, nm, s, st, rs, c, idx)`,
    [
      combos.map((c) => JSON.stringify(c.answers)),
      combos.map((c) => JSON.stringify(c.normalised)),
      combos.map((c) => c.score),
      combos.map((c) => c.stars),
      combos.map((c) => c.roundedStars),
      combos.map((c) => c.class),
    ],
  );

  await generateWorkOrders(database, templateVersionId, size, { serviceTypeIds, stores }, 1, onProgress);
  await q('analyze');
  return { regionIds, teamIds, engineerIds, stores, serviceTypeIds };
}

/**
 * A run that stopped part-way (its chunks are committed): generates the remaining work orders, numbered on from the
 * last one, with the organisation already written.
 */
export async function resumeDashboardData(
  database: Database,
  templateVersionId: string,
  size: DashboardDataSize,
  onProgress: (done: number, total: number) => void,
): Promise<Generated> {
  const shape = await generatedShape(database);
  const [row] = await queryOf(database)<{ n: number }>(
    "select max(substring(number from 2)::int) as n from work_orders where number like 'B%'",
  );
  await generateWorkOrders(database, templateVersionId, size, shape, (row?.n ?? 0) + 1, onProgress);
  return generatedShape(database);
}

/** Work orders `first`… with their invitations and ratings, in chunks (one transaction each). */
async function generateWorkOrders(
  database: Database,
  templateVersionId: string,
  size: DashboardDataSize,
  shape: { serviceTypeIds: string[]; stores: string[] },
  first: number,
  onProgress: (done: number, total: number) => void,
) {
  const { serviceTypeIds, stores } = shape;
  // ≈ 1.25 invitations (and work orders) per rating: 80 % of the invitations are answered.
  const workOrders = Math.round(size.ratings / 0.8);
  const chunk = database.pool ? 250_000 : 50_000;
  // One session for the chunks: the planner cannot estimate the CTEs' row counts and would otherwise pick nested
  // loops joining the inserted work orders to the inserted invitations (quadratic: hours at 10 M).
  const session = database.pool ? await database.pool.connect() : null;
  const run = async (text: string, values: unknown[] = []) =>
    session ? await session.query(text, values) : await database.sql.query(text, values);
  await run('set enable_nestloop = off');
  try {
    for (let from = first; from <= workOrders; from += chunk) {
      const to = Math.min(workOrders, from + chunk - 1);
      await generateChunk(run, from, to, {
        serviceTypeIds,
        stores,
        engineers: size.engineers,
        days: size.days,
        workOrders,
        templateVersionId,
      });
      onProgress(to, workOrders);
    }
  } finally {
    await run('reset enable_nestloop');
    session?.release();
  }
  await queryOf(database)('analyze');
}

async function generateChunk(
  run: (text: string, values?: unknown[]) => Promise<unknown>,
  from: number,
  to: number,
  p: {
    serviceTypeIds: string[];
    stores: string[];
    engineers: number;
    days: number;
    workOrders: number;
    templateVersionId: string;
  },
) {
  await run(
    `with wo as (
         insert into work_orders (number, subject, service_type_id, engineer_ids, department_id, region_id, store,
                                  touchpoint, status, created_at, updated_at, completed_at, closed_at)
         select 'B' || g, 'Bench work order ' || g, ($3::uuid[])[1 + (g % 4)],
                case when x.r2 < 0.1 then array[e.id, e2.id] else array[e.id] end, e.team, e.region,
                ($4::text[])[1 + floor(x.r3 * $5)::int], case when g % 4 = 3 then 'delivery' end, 'closed',
                x.at, x.at + interval '30 hours', x.at + interval '4 hours', x.at + interval '30 hours'
           from generate_series($1::int, $2::int) g
           cross join lateral (
             select 1 + floor(random() * $6 + 0 * g)::int as e1, 1 + floor(random() * $6)::int as e2n,
                    random() as r2, random() as r3,
                    now() - interval '26 hours' - make_interval(days => $7) * (1 - (g - 1)::float8 / $8) - random() * interval '4 hours' as at
           ) x
           join bench_engineers e on e.n = x.e1
           join bench_engineers e2 on e2.n = x.e2n
         returning id, completed_at, engineer_ids),
       inv as (
         insert into invitations (work_order_id, template_version_id, source, channels, status, expires_at,
                                  delivered_at, opened_at, first_submitted_at, submission_count, created_at, updated_at)
         select wo.id, $9, case when y.ch = 'qr' then 'qr' else 'rule' end, array[y.ch],
                case when y.delivered then 'delivered' else 'failed' end, wo.completed_at + interval '14 days',
                case when y.delivered then wo.completed_at + interval '1 minute' end,
                case when y.delivered and y.opened then wo.completed_at + interval '20 minutes' end,
                case when y.delivered and y.rated then wo.completed_at + y.after end,
                case when y.delivered and y.rated then 1 else 0 end, wo.completed_at, wo.completed_at
           from wo cross join lateral (
             select ($10::text[])[1 + floor(random() * 4 + 0 * extract(epoch from wo.completed_at))::int] as ch,
                    random() < 0.95 as delivered, random() < 0.88 as opened, random() < 0.845 as rated,
                    random() * interval '20 hours' + interval '21 minutes' as after
           ) y
         returning id, work_order_id, first_submitted_at, created_at)
       insert into ratings (invitation_id, work_order_id, template_version_id, source, answers, normalised, score,
                            stars, rounded_stars, class, language, submitted_at)
       select inv.id, inv.work_order_id, $9, 'customer', c.answers, c.normalised, c.score, c.stars, c.rounded_stars,
              c.class, case when random() < 0.15 then 'en' else 'zh-CN' end, inv.first_submitted_at
         from inv
         join wo on wo.id = inv.work_order_id
         join bench_engineers e on e.id = wo.engineer_ids[1]
         cross join lateral (
           select greatest(0, least(${COMBOS - 1}, floor(${COMBOS} * (
             0.62 + 0.12 * extract(epoch from inv.created_at - (now() - make_interval(days => $7)))
                    / extract(epoch from make_interval(days => $7))
             + e.bias + 0.22 * (random() + random() + random() - 1.5)))))::int as idx
         ) k
         join bench_combos c on c.idx = k.idx
        where inv.first_submitted_at is not null`,
    [
      from,
      to,
      p.serviceTypeIds,
      p.stores,
      p.stores.length,
      p.engineers,
      p.days,
      p.workOrders,
      p.templateVersionId,
      CHANNELS,
    ],
  );
}
