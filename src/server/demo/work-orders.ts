import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.js';
import { domainEvents } from '../db/schema/events.js';
import { invitations } from '../db/schema/invitations.js';
import { workOrderNumberSeq, workOrders } from '../db/schema/work-orders.js';
import { workOrderNodes } from '../db/schema/workflows.js';
import { type HistoricalRating, importRatingHistory } from '../modules/ratings/history-import.js';
import {
  ecommerceAnswers,
  homeRepairAnswers,
  IMPROVING_REGION_INDEX,
  qualityOf,
  type Random,
  WEAK_TEAM_INDEX,
} from './answers.js';
import { demoName } from './names.js';
import type { DemoOrg } from './org.js';
import type { DemoSetup } from './setup.js';

/** The full demo: ~20,000 work orders over six months (the test loads fewer). */
export const DEMO_WORK_ORDERS = 20_000;
const DAYS = 183;
const HOUR = 3_600_000;
/** Work orders (with their invitations, nodes, ratings and timeline) written per transaction. */
const BATCH = 1000;
/** Rows per INSERT statement. */
const ROWS_PER_INSERT = 500;

const STORES = [
  '上海徐汇店',
  '上海浦东店',
  '杭州西湖店',
  '广州天河店',
  '深圳南山店',
  '深圳福田店',
  '北京朝阳店',
  '北京海淀店',
  '天津和平店',
  '成都锦江店',
  '重庆渝中店',
  '昆明五华店',
];
const SUBJECTS: Record<string, string[]> = {
  repair: [
    '空调不制冷上门维修',
    '洗衣机脱水异响维修',
    '冰箱冷藏室结霜',
    '热水器点火失败',
    '油烟机吸力不足',
    '电视无信号维修',
  ],
  inspection: ['年度设备巡检', '空压机季度保养巡检', '生产线电气安全检查', '数控机床精度校验', '锅炉年度检验'],
  installation: ['中央空调安装调试', '净水器上门安装', '智能门锁安装', '壁挂炉安装调试'],
  delivery: ['大件商品送货上门', '家电配送及开箱验货', '次日达订单配送'],
  customer_service: ['订单咨询在线客服', '发票开具咨询', '售后政策咨询', '物流进度查询'],
  returns: ['七天无理由退货', '商品破损换货', '尺码不符换货', '质量问题退款'],
};
const MIX: [string, number][] = [
  ['repair', 35],
  ['inspection', 20],
  ['installation', 15],
  ['delivery', 10],
  ['customer_service', 10],
  ['returns', 10],
];

/** A deterministic generator: the same demo every time. */
export function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function insertBatched<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) await insert(rows.slice(i, i + ROWS_PER_INSERT));
}

type OrderRow = typeof workOrders.$inferInsert;
type Status = OrderRow['status'];

interface Story {
  order: OrderRow;
  code: string;
  teamIndex: number;
  engineerIndex: number;
}

/** Share of work orders kept on a Saturday / Sunday (China time): a service desk's weekly rhythm. */
const WEEKEND_SHARE = { 6: 0.7, 0: 0.45 } as Record<number, number>;
const CHINA_OFFSET = 8 * HOUR;

/** A creation time in the last `days`, fewer at weekends. */
function createdAt(random: Random, now: number, days: number): number {
  for (;;) {
    const t = now - random() * days * 24 * HOUR;
    const keep = WEEKEND_SHARE[new Date(t + CHINA_OFFSET).getUTCDay()] ?? 1;
    if (random() < keep) return t;
  }
}

/** The last engineer joined recently: about a tenth of the others' work orders, so too few ratings to rank. */
function engineerOf(random: Random, engineers: number): number {
  const index = Math.floor(random() * engineers);
  return index === engineers - 1 && random() > 0.1 ? Math.floor(random() * (engineers - 1)) : index;
}

/** A second engineer for a shared work order: one of the established engineers, other than `primary`. */
function partnerOf(random: Random, primary: number, engineerIds: readonly string[]): string {
  const established = engineerIds.slice(0, -1).filter((_, index) => index !== primary);
  return established[Math.floor(random() * established.length)]!;
}

/** One work order's story: type, people, times and status — history never runs past `now`. */
function storyOf(i: number, random: Random, org: DemoOrg, now: number, days: number): Story {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const total = MIX.reduce((sum, [, w]) => sum + w, 0);
  let r0 = random() * total;
  let code = 'repair';
  for (const [c, w] of MIX) {
    r0 -= w;
    if (r0 < 0) {
      code = c;
      break;
    }
  }
  const regionIds = Object.values(org.regionIds);
  const created = new Date(createdAt(random, now, days));
  const ageDays = (now - created.getTime()) / (24 * HOUR);
  const engineerIndex = engineerOf(random, org.engineerIds.length);
  const teamIndex = Math.floor(engineerIndex / 4);
  const r = random();
  let status: Status =
    ageDays > 7
      ? r < 0.78
        ? 'closed'
        : r < 0.92
          ? 'completed'
          : 'cancelled'
      : r < 0.15
        ? 'new'
        : r < 0.3
          ? 'assigned'
          : r < 0.45
            ? 'in_service'
            : r < 0.8
              ? 'completed'
              : r < 0.95
                ? 'closed'
                : 'cancelled';
  const completedAt =
    status === 'completed' || status === 'closed'
      ? new Date(Math.min(created.getTime() + (2 + random() * 46) * HOUR, now))
      : null;
  // A closed order closed after its rating could come in (a repair's mandatory rating: after the 72 h timeout).
  let closedAt =
    status === 'closed' && completedAt
      ? new Date(completedAt.getTime() + (code === 'repair' ? 73 + random() * 24 : 49 + random() * 24) * HOUR)
      : null;
  if (closedAt && closedAt.getTime() > now) {
    closedAt = null;
    status = 'completed';
  }
  const cancelledAt = status === 'cancelled' ? new Date(Math.min(created.getTime() + random() * 24 * HOUR, now)) : null;
  const ecommerce = ['delivery', 'customer_service', 'returns'].includes(code);
  const person = 500 + i;
  return {
    code,
    teamIndex,
    engineerIndex,
    order: {
      number: '', // set by the caller from the sequence and the creation day
      externalId: i % 3 === 0 ? `CRM-${100000 + i}` : null,
      subject: pick(SUBJECTS[code]!),
      serviceTypeId: org.serviceTypeIds[code]!,
      recordType: code === 'repair' ? pick(['warranty', 'paid']) : null,
      customerName: demoName(person),
      customerPhone: `1${pick(['38', '39', '50', '86', '88'])}${String(10000000 + ((i * 7919) % 89999999)).slice(0, 8)}`,
      customerEmail: i % 4 === 0 ? `customer${i}@example.com` : null,
      customerWechatOpenId: i % 5 === 0 ? `oDemo${String(i).padStart(8, '0')}` : null,
      customerLocale: i % 6 === 0 ? 'en' : 'zh-CN',
      engineerIds: ecommerce
        ? []
        : random() < 0.15
          ? // A partner from the established engineers (not the newcomer, who keeps few ratings), never the same one.
            [org.engineerIds[engineerIndex]!, partnerOf(random, engineerIndex, org.engineerIds)]
          : [org.engineerIds[engineerIndex]!],
      departmentId: org.teamIds[teamIndex] ?? null,
      regionId: regionIds[Math.floor(teamIndex / 3)] ?? null,
      store: ecommerce || code === 'repair' || code === 'installation' ? pick(STORES) : null,
      touchpoint: ecommerce ? code : null,
      priority: pick(['normal', 'normal', 'normal', 'low', 'high', 'urgent'] as const),
      custom: code === 'repair' ? { warranty: random() < 0.6 ? 'in' : 'out' } : {},
      status,
      createdAt: created,
      updatedAt: closedAt ?? cancelledAt ?? completedAt ?? created,
      completedAt,
      closedAt,
      cancelledAt,
    },
  };
}

const system = { actorType: 'system' as const, actorId: null, actorName: 'system' };

/** Writes one batch of work orders with their invitations, rating nodes, ratings and timelines. */
async function loadBatch(
  tx: DbOrTx,
  stories: Story[],
  ctx: { setup: DemoSetup; random: Random; now: number; days: number; engineerBias: number[] },
): Promise<number> {
  const { setup, random, now, days } = ctx;
  const inserted = [] as { id: string }[];
  await insertBatched(
    stories.map((s) => s.order),
    async (batch) => inserted.push(...(await tx.insert(workOrders).values(batch).returning({ id: workOrders.id }))),
  );

  const events: (typeof domainEvents.$inferInsert)[] = [];
  const nodes: (typeof workOrderNodes.$inferInsert)[] = [];
  const invites: (typeof invitations.$inferInsert)[] = [];
  const ratingsByVersion = new Map<string, HistoricalRating[]>();
  /** What the timeline and the invitation need once the rating is stored. */
  const rated = new Map<string, { nodeId: string; workOrderId: string; versionId: string }>();

  stories.forEach((story, i) => {
    const o = story.order;
    const id = inserted[i]!.id;
    const ev = (type: string, at: Date, data: Record<string, unknown>, subjectType = 'work_order', subjectId = id) =>
      events.push({ type, workOrderId: id, subjectType, subjectId, data, at, ...system });
    ev('work_order.created', o.createdAt!, { number: o.number, externalId: o.externalId, status: 'new' });
    if (o.cancelledAt) ev('work_order.status_changed', o.cancelledAt, { from: 'new', to: 'cancelled' });
    if (o.completedAt) ev('work_order.status_changed', o.completedAt, { from: 'in_service', to: 'completed' });
    if (o.completedAt) {
      const completedAt = o.completedAt;
      const qr = story.code === 'inspection';
      const mandatory = story.code === 'repair';
      const ecommerce = o.touchpoint !== null;
      const versionId = ecommerce ? setup.ecommerceVersionId : setup.defaultVersionId;
      const channels = qr ? ['qr'] : o.customerEmail ? ['sms', 'email'] : ['sms'];
      const invitationId = crypto.randomUUID();
      const nodeId = crypto.randomUUID();
      const weak = story.teamIndex === WEAK_TEAM_INDEX;
      // Customers answer most QR codes shown on site, about half of the SMS; the weak team's less often.
      const answers = random() < (qr ? 0.72 : 0.55) - (weak ? 0.08 : 0);
      const submittedAt = new Date(completedAt.getTime() + (qr ? 0.05 + random() * 0.5 : 0.2 + random() * 47) * HOUR);
      const isRated = answers && submittedAt.getTime() < now && (!o.closedAt || submittedAt < o.closedAt);
      const deliveredAt = qr ? null : new Date(completedAt.getTime() + 60_000);
      invites.push({
        id: invitationId,
        workOrderId: id,
        nodeId,
        templateVersionId: versionId,
        source: qr ? 'qr' : 'rule',
        contact: { name: o.customerName, phone: o.customerPhone, email: o.customerEmail, locale: o.customerLocale },
        channels,
        submissionLimit: qr ? 5 : 1,
        status: isRated ? 'submitted' : qr ? 'pending' : 'delivered',
        submissionCount: isRated ? 1 : 0,
        deliveredAt,
        openedAt: isRated ? new Date(submittedAt.getTime() - 90_000) : null,
        firstSubmittedAt: isRated ? submittedAt : null,
        expiresAt: new Date(completedAt.getTime() + (qr ? 7 : 14) * 24 * HOUR),
        createdAt: completedAt,
        updatedAt: isRated ? submittedAt : (deliveredAt ?? completedAt),
      });
      // A mandatory rating not given was skipped by its 72 h timeout once that passed (a closed order's always had):
      // history writes no timeout jobs, so a node left waiting past its deadline would only be found by the sweep.
      const timedOut = mandatory && !isRated && (o.closedAt !== null || completedAt.getTime() + 72 * HOUR <= now);
      nodes.push({
        id: nodeId,
        workOrderId: id,
        type: 'rating',
        nodeKey: 'rating',
        stage: 'completed',
        status: isRated ? 'completed' : timedOut ? 'skipped' : 'active',
        reason: isRated ? 'rated' : timedOut ? 'timeout' : null,
        skipReason: timedOut ? 'timeout' : null,
        mandatory,
        config: {
          mode: qr ? 'qr' : 'rule',
          mandatory,
          timeoutHours: mandatory ? 72 : null,
          submissionLimit: qr ? 5 : 1,
        },
        invitationIds: [invitationId],
        startedAt: completedAt,
        completedAt: isRated ? submittedAt : timedOut ? new Date(completedAt.getTime() + 72 * HOUR) : null,
        deadlineAt: mandatory ? new Date(completedAt.getTime() + 72 * HOUR) : null,
      });
      ev('work_order.node_started', completedAt, { type: 'rating', mode: qr ? 'qr' : 'rule', mandatory });
      ev('invitation.created', completedAt, { source: qr ? 'qr' : 'rule', channels }, 'invitation', invitationId);
      if (timedOut)
        ev('work_order.rating_skipped', new Date(completedAt.getTime() + 72 * HOUR), {
          reason: 'timeout',
          skipReason: 'timeout',
        });
      if (isRated) {
        const lang = o.customerLocale === 'en' ? 'en' : 'zh-CN';
        const progress = 1 - (now - submittedAt.getTime()) / (days * 24 * HOUR);
        const q = qualityOf(random, progress, {
          weakTeam: weak,
          improvingRegion: Math.floor(story.teamIndex / 3) === IMPROVING_REGION_INDEX,
          engineerBias: ctx.engineerBias[story.engineerIndex] ?? 0,
        });
        const list = ratingsByVersion.get(versionId) ?? [];
        list.push({
          invitationId,
          workOrderId: id,
          nodeId,
          answers: ecommerce ? ecommerceAnswers(random, q, lang) : homeRepairAnswers(random, q, lang),
          language: lang,
          submittedAt,
        });
        ratingsByVersion.set(versionId, list);
        rated.set(invitationId, { nodeId, workOrderId: id, versionId });
      }
    }
    if (o.closedAt) ev('work_order.status_changed', o.closedAt, { from: 'completed', to: 'closed' });
  });

  await insertBatched(invites, (batch) => tx.insert(invitations).values(batch));
  await insertBatched(nodes, (batch) => tx.insert(workOrderNodes).values(batch));
  let ratingCount = 0;
  for (const [versionId, rows] of ratingsByVersion) {
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      const stored = await importRatingHistory(tx, versionId, rows.slice(i, i + ROWS_PER_INSERT));
      ratingCount += stored.length;
      for (const r of stored) {
        const link = rated.get(r.invitationId!)!;
        const data = {
          ratingId: r.id,
          invitationId: r.invitationId,
          templateVersionId: versionId,
          source: 'customer',
          score: r.score,
          roundedStars: r.roundedStars,
          class: r.class,
        };
        const at = r.submittedAt;
        const base = { workOrderId: r.workOrderId, subjectType: 'rating', subjectId: r.id, at, ...system };
        events.push({ ...base, type: 'rating.submitted', actorType: 'customer', actorName: null, data });
        if (r.class === 'negative')
          events.push({ ...base, type: 'rating.negative', actorType: 'customer', actorName: null, data });
        events.push({
          type: 'work_order.node_completed',
          workOrderId: link.workOrderId,
          subjectType: 'work_order',
          subjectId: link.workOrderId,
          at,
          data: { nodeId: link.nodeId, type: 'rating', reason: 'rated', invitationId: r.invitationId },
          ...system,
        });
      }
    }
  }
  // Events are inserted in time order so the sequence (the timeline's order) follows the story.
  events.sort((a, b) => a.at!.getTime() - b.at!.getTime());
  await insertBatched(events, (batch) => tx.insert(domainEvents).values(batch));
  return ratingCount;
}

/**
 * `count` work orders over the last six months across service types, teams, engineers, stores and statuses, with
 * their invitations, rating nodes, ratings (scored by the ratings module's `importRatingHistory`) and timelines —
 * written directly in batches of BATCH work orders, one transaction each, so the full demo loads in well under a
 * minute. No delivery jobs for history.
 */
export async function loadDemoWorkOrders(
  db: Db,
  org: DemoOrg,
  setup: DemoSetup,
  opts: { count?: number; now?: number } = {},
): Promise<{ workOrders: number; ratings: number }> {
  const count = opts.count ?? DEMO_WORK_ORDERS;
  const now = opts.now ?? Date.now();
  const random = rng(20240601);
  // Some engineers are a little better or worse than their team.
  const engineerBias = org.engineerIds.map(() => (random() - 0.5) * 0.12);
  let ratings = 0;
  for (let start = 0; start < count; start += BATCH) {
    const size = Math.min(BATCH, count - start);
    ratings += await db.transaction(async (tx) => {
      const result = await tx.execute(
        sql`select nextval(${workOrderNumberSeq.seqName})::int as n from generate_series(1, ${size})`,
      );
      const numbers = (result as unknown as { rows: { n: number }[] }).rows;
      const stories = numbers.map((row, k) => {
        const i = start + k;
        const story = storyOf(i, random, org, now, DAYS);
        const day = story.order.createdAt!.toISOString().slice(0, 10).replaceAll('-', '');
        story.order.number = `WO-${day}-${String(row.n).padStart(5, '0')}`;
        return story;
      });
      return loadBatch(tx, stories, { setup, random, now, days: DAYS, engineerBias });
    });
  }
  return { workOrders: count, ratings };
}
