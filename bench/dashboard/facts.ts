/**
 * The analytics facts of the generated data, written set-based (the benchmark's shortcut at 10 M; the product's
 * `rebuildAnalytics` reads every rating into JavaScript: ~2,000 ratings/s here, hours at 10 M).
 *
 * The generated ratings use a thousand answer combinations, so each fact's JavaScript-derived fields (the NPS answer,
 * the comment, the SCORING.md §8 outcomes) are computed once per combination with the product's own functions
 * (`analytics/facts.ts`), and joined to the ratings by their answers in SQL; the other fields are the product's
 * (rating, work order, template version, invitation). The facts are listed in `analytics_unrolled` and the rollups
 * are then filled by the product's own rollup writes, as a rebuild's last step (`rollUpListed`) does, from both ends
 * of the period at once (`rollUpListedFromBothEnds`).
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/server/db/client.js';
import { firstText, npsDimension, outcomesOf } from '../../src/server/modules/analytics/facts.js';
import { rollUpTheseListed } from '../../src/server/modules/analytics/rebuild.service.js';
import { getOrganisationProfile } from '../../src/server/modules/settings/settings.service.js';
import { versionsByIds } from '../../src/server/modules/templates/versions.service.js';
import { queryOf } from './generate.js';

export async function materialiseAnalytics(
  database: Database,
  templateVersionId: string,
  onProgress: (phase: string, done: number, total: number) => void,
): Promise<void> {
  const q = queryOf(database);
  const { timeZone } = await getOrganisationProfile(database.db);
  const [version] = await versionsByIds(database.db, [templateVersionId]);
  if (!version) throw new Error('the generated template version is missing');
  const nps = npsDimension(version.dimensions);
  const combos = await q<{ idx: number; answers: Record<string, unknown>; normalised: Record<string, number | null> }>(
    'select idx, answers, normalised from bench_combos order by idx',
  );
  await q('drop table if exists bench_combo_facts');
  await q('create table bench_combo_facts (answers jsonb primary key, nps smallint, comment text, outcomes jsonb)');
  const seen = new Set<string>();
  const rows = combos.filter((c) => {
    const key = JSON.stringify(c.answers);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  await q(
    `insert into bench_combo_facts select a, n, c, o
       from unnest($1::jsonb[], $2::smallint[], $3::text[], $4::jsonb[]) as x(a, n, c, o)`,
    [
      rows.map((c) => JSON.stringify(c.answers)),
      rows.map((c) => {
        const v = nps ? c.answers[nps.key] : undefined;
        return typeof v === 'number' ? v : null;
      }),
      rows.map((c) => firstText(version, c.answers as never)),
      rows.map((c) => JSON.stringify(outcomesOf(version, c.normalised))),
    ],
  );
  await q(
    'truncate rating_facts, invitation_facts, analytics_unrolled, rating_rollups, rating_dimension_rollups, invitation_funnel_rollups',
  );

  // In a few large ranges (half years): per month, each statement hash-joined the whole work-order and invitation
  // tables again (100 s a month at 10 M).
  const months = (
    await q<{ m: string }>(
      `select distinct (date_trunc('year', submitted_at at time zone $1)
                        + case when extract(month from submitted_at at time zone $1) > 6 then interval '6 months'
                          else interval '0' end)::date::text as m
         from ratings order by 1`,
      [timeZone],
    )
  ).map((r) => r.m);
  const inMonth = (column: string) =>
    `${column} >= ($2::date)::timestamp at time zone $1 and ${column} < ($2::date + interval '6 months')::timestamp at time zone $1`;
  for (const [i, month] of months.entries()) {
    await q(
      `with f as (
         insert into rating_facts (rating_id, work_order_id, work_order_number, invitation_id, submitted_at, local_day,
           source, channel, template_id, template_version_id, service_type_id, department_id, engineer_ids, store,
           touchpoint, score, class, rounded_stars, nps, answers, comment, normalised, outcomes)
         select r.id, r.work_order_id, w.number, r.invitation_id, r.submitted_at, (r.submitted_at at time zone $1)::date,
           r.source, case when i.channels = array['qr'] or i.source = 'qr' then 'qr' else d.delivered_channel end,
           v.template_id, r.template_version_id, w.service_type_id, w.department_id,
           array(select distinct unnest(w.engineer_ids)), w.store, w.touchpoint, r.score, r.class, r.rounded_stars,
           c.nps, r.answers, c.comment, r.normalised, c.outcomes
         from ratings r
         join work_orders w on w.id = r.work_order_id
         join rating_template_versions v on v.id = r.template_version_id
         join bench_combo_facts c on c.answers = r.answers
         left join invitations i on i.id = r.invitation_id
         left join invitation_deliveries d on d.invitation_id = i.id
         where ${inMonth('r.submitted_at')}
         returning rating_id, local_day)
       insert into analytics_unrolled (kind, id, local_day) select 'rating', rating_id, local_day from f`,
      [timeZone, month],
    );
    await q(
      `with f as (
         insert into invitation_facts (invitation_id, created_at, local_day, source, channel, template_id,
           service_type_id, department_id, engineer_ids, store, touchpoint, delivered, opened, responded)
         select i.id, i.created_at, (i.created_at at time zone $1)::date, i.source, x.channel, v.template_id,
           w.service_type_id, w.department_id, array(select distinct unnest(w.engineer_ids)), w.store, w.touchpoint,
           coalesce(x.channel = 'qr', false) or i.delivered_at is not null, i.opened_at is not null,
           i.submission_count > 0 or i.first_submitted_at is not null
         from invitations i
         join work_orders w on w.id = i.work_order_id
         join rating_template_versions v on v.id = i.template_version_id
         left join invitation_deliveries d on d.invitation_id = i.id
         cross join lateral (select case when i.channels = array['qr'] or i.source = 'qr' then 'qr'
                                         else d.delivered_channel end as channel) x
         where ${inMonth('i.created_at')}
         returning invitation_id, local_day)
       insert into analytics_unrolled (kind, id, local_day) select 'invitation', invitation_id, local_day from f`,
      [timeZone, month],
    );
    onProgress('facts by half year', i + 1, months.length);
  }
  await q('analyze rating_facts');
  await q('analyze invitation_facts');
  await q('analyze analytics_unrolled');
  await rollUpListedFromBothEnds(database, onProgress);
}

/**
 * Rolls up what `analytics_unrolled` lists with two connections at once (bench set-up only: the product rolls up under
 * one lock, `lockAnalyticsWrites`, one chunk at a time). One takes the oldest days first and the other the newest, so
 * they write different day, week and month rows until they meet; `for update skip locked` keeps them from taking the
 * same facts, and a deadlock where they meet rolls its chunk back and takes it again. Each chunk is the product's own
 * step (`rollUpTheseListed`, what `rollUpListed` runs) and deletes what it rolled up, so a stopped run
 * is finished by the next (`run.ts` calls this when listed facts are left). About twice as fast on two cores.
 */
export async function rollUpListedFromBothEnds(
  database: Database,
  onProgress: (phase: string, done: number, total: number) => void,
): Promise<void> {
  const q = queryOf(database);
  const [listed] = await q<{ n: number }>('select count(*)::int as n from analytics_unrolled');
  let done = 0;
  const chunk = async (order: 'asc' | 'desc') =>
    database.db.transaction(async (tx) => {
      const next = async (kind: 'rating' | 'invitation') =>
        (
          (await tx.execute(
            sql`select id from analytics_unrolled where kind = ${kind}
                 order by local_day ${order === 'asc' ? sql`asc` : sql`desc`} limit 10000 for update skip locked`,
          )) as unknown as { rows: { id: string }[] }
        ).rows.map((r) => r.id);
      return rollUpTheseListed(tx, await next('rating'), await next('invitation'));
    });
  const worker = async (order: 'asc' | 'desc') => {
    for (;;) {
      let n: number;
      try {
        n = await chunk(order);
      } catch (error) {
        const code =
          (error as { code?: string; cause?: { code?: string } }).code ??
          (error as { cause?: { code?: string } }).cause?.code;
        if (code === '40P01') continue;
        throw error;
      }
      if (n === 0) return;
      done += n;
      onProgress('rollups', done, listed?.n ?? done);
    }
  };
  await Promise.all([worker('asc'), worker('desc')]);
}
