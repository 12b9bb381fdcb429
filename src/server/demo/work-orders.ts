import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { domainEvents } from '../db/schema/events.js';
import { invitations } from '../db/schema/invitations.js';
import { ratingTemplates } from '../db/schema/templates.js';
import { workOrderNumberSeq, workOrders } from '../db/schema/work-orders.js';
import { workOrderNodes } from '../db/schema/workflows.js';
import { SYSTEM_ACTOR } from '../http/principal.js';
import { ensureDefaultTemplate } from '../modules/templates/default-template.js';
import { templateForUse } from '../modules/templates/versions.service.js';
import { putWorkflow } from '../modules/workflows/workflows.service.js';
import { demoName } from './names.js';
import type { DemoOrg } from './org.js';

const COUNT = 2400;
const DAYS = 120;
const HOUR = 3_600_000;

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
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Workflows for the demo service types: repair needs a rating (72 h timeout); inspection shows a QR code. */
async function demoWorkflows(db: Db, org: DemoOrg, defaultTemplateId: string) {
  await putWorkflow(db, SYSTEM_ACTOR, org.serviceTypeIds.repair!, {
    nodes: [
      {
        type: 'rating',
        mode: 'rule',
        templateId: null,
        mandatory: true,
        timeoutHours: 72,
        mainButtonLabel: { 'zh-CN': '邀请客户评价', en: 'Invite the customer to rate' },
        staffMaySkip: true,
        showSkipButton: true,
        submissionLimit: 1,
        linkExpiryDays: 14,
        channels: null,
      },
      { type: 'follow_up', mode: 'standard', standard: null },
    ],
    fieldDefinitions: [
      {
        key: 'warranty',
        label: { 'zh-CN': '保修类型', en: 'Warranty' },
        type: 'select',
        required: false,
        options: [
          { key: 'in', label: { 'zh-CN': '保内', en: 'In warranty' } },
          { key: 'out', label: { 'zh-CN': '保外', en: 'Out of warranty' } },
        ],
      },
    ],
  });
  await putWorkflow(db, SYSTEM_ACTOR, org.serviceTypeIds.inspection!, {
    nodes: [
      {
        type: 'rating',
        mode: 'qr',
        templateId: defaultTemplateId,
        mandatory: false,
        timeoutHours: null,
        mainButtonLabel: { 'zh-CN': '出示评价二维码', en: 'Show the rating QR code' },
        staffMaySkip: true,
        showSkipButton: false,
        submissionLimit: 5,
        linkExpiryDays: 7,
        channels: null,
      },
    ],
    fieldDefinitions: [
      { key: 'equipmentModel', label: { 'zh-CN': '设备型号', en: 'Equipment model' }, type: 'text', required: false },
    ],
  });
}

async function insertBatched<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += 500) await insert(rows.slice(i, i + 500));
}

/**
 * A few thousand work orders over the last four months across service types, teams, engineers, stores and
 * statuses — written in batches in one transaction (not through the API) so it takes seconds. Completed and closed
 * orders get their rating node and invitation (no delivery jobs for history) and a short timeline.
 */
export async function loadDemoWorkOrders(db: Db, org: DemoOrg): Promise<number> {
  await ensureDefaultTemplate(db);
  const [def] = await db
    .select({ id: ratingTemplates.id })
    .from(ratingTemplates)
    .where(eq(ratingTemplates.isDefault, true));
  const template = def ? await templateForUse(db, def.id) : null;
  if (template) await demoWorkflows(db, org, template.id);

  const random = rng(20240601);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const total = MIX.reduce((s, [, w]) => s + w, 0);
  const pickType = () => {
    let r = random() * total;
    for (const [code, w] of MIX) {
      r -= w;
      if (r < 0) return code;
    }
    return 'repair';
  };
  const now = Date.now();
  const regionIds = Object.values(org.regionIds);

  return db.transaction(async (tx) => {
    const result = await tx.execute(
      sql`select nextval(${workOrderNumberSeq.seqName})::int as n from generate_series(1, ${COUNT})`,
    );
    const numbers = (result as unknown as { rows: { n: number }[] }).rows;
    const orders: (typeof workOrders.$inferInsert)[] = [];
    for (let i = 0; i < COUNT; i++) {
      const code = pickType();
      const created = new Date(now - random() * DAYS * 24 * HOUR);
      const ageDays = (now - created.getTime()) / (24 * HOUR);
      const engineerIndex = Math.floor(random() * org.engineerIds.length);
      const teamIndex = Math.floor(engineerIndex / 4);
      const r = random();
      let status =
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
      // History never runs past now: a recent order completes at the latest now, and closes only if that is past.
      const completedAt = ['completed', 'closed'].includes(status)
        ? new Date(Math.min(created.getTime() + (2 + random() * 46) * HOUR, now))
        : null;
      let closedAt =
        status === 'closed' && completedAt ? new Date(completedAt.getTime() + (6 + random() * 60) * HOUR) : null;
      if (closedAt && closedAt.getTime() > now) {
        closedAt = null;
        status = 'completed';
      }
      // A repair's mandatory rating blocks closing: history closes it only after the 72 h timeout skipped the node.
      if (code === 'repair' && closedAt && completedAt) {
        closedAt = new Date(completedAt.getTime() + (73 + random() * 24) * HOUR);
        if (closedAt.getTime() > now) {
          closedAt = null;
          status = 'completed';
        }
      }
      const cancelledAt =
        status === 'cancelled' ? new Date(Math.min(created.getTime() + random() * 24 * HOUR, now)) : null;
      const day = created.toISOString().slice(0, 10).replaceAll('-', '');
      const ecommerce = ['delivery', 'customer_service', 'returns'].includes(code);
      const person = 500 + i;
      orders.push({
        number: `WO-${day}-${String(numbers[i]!.n).padStart(5, '0')}`,
        externalId: i % 3 === 0 ? `CRM-${100000 + i}` : null,
        subject: pick(SUBJECTS[code]!),
        serviceTypeId: org.serviceTypeIds[code]!,
        recordType: code === 'repair' ? pick(['warranty', 'paid']) : null,
        customerName: demoName(person),
        customerPhone: `1${pick(['38', '39', '50', '86', '88'])}${String(10000000 + ((i * 7919) % 89999999)).slice(0, 8)}`,
        customerEmail: i % 4 === 0 ? `customer${i}@example.com` : null,
        customerWechatOpenId: i % 5 === 0 ? `oDemo${String(i).padStart(8, '0')}` : null,
        customerLocale: i % 17 === 0 ? 'en' : 'zh-CN',
        engineerIds: ecommerce
          ? []
          : random() < 0.15
            ? [org.engineerIds[engineerIndex]!, pick(org.engineerIds)]
            : [org.engineerIds[engineerIndex]!],
        departmentId: org.teamIds[teamIndex] ?? null,
        regionId: regionIds[Math.floor(teamIndex / 3)] ?? null,
        store: ecommerce || code === 'repair' || code === 'installation' ? pick(STORES) : null,
        touchpoint: ecommerce ? code : null,
        priority: pick(['normal', 'normal', 'normal', 'low', 'high', 'urgent'] as const),
        custom: code === 'repair' ? { warranty: random() < 0.6 ? 'in' : 'out' } : {},
        status: status as (typeof workOrders.$inferInsert)['status'],
        createdAt: created,
        updatedAt: closedAt ?? cancelledAt ?? completedAt ?? created,
        completedAt,
        closedAt,
        cancelledAt,
      });
    }
    const inserted: { id: string }[] = [];
    await insertBatched(orders, async (batch) =>
      inserted.push(...(await tx.insert(workOrders).values(batch).returning({ id: workOrders.id }))),
    );

    const events: (typeof domainEvents.$inferInsert)[] = [];
    const nodes: (typeof workOrderNodes.$inferInsert)[] = [];
    const invites: (typeof invitations.$inferInsert)[] = [];
    const system = { actorType: 'system' as const, actorId: null, actorName: 'system' };
    orders.forEach((o, i) => {
      const id = inserted[i]!.id;
      const ev = (type: string, at: Date, data: Record<string, unknown>, subjectType = 'work_order') =>
        events.push({ type, workOrderId: id, subjectType, subjectId: id, data, at, ...system });
      ev('work_order.created', o.createdAt!, { number: o.number, externalId: o.externalId, status: 'new' });
      if (o.cancelledAt) ev('work_order.status_changed', o.cancelledAt, { from: 'new', to: 'cancelled' });
      if (o.completedAt) ev('work_order.status_changed', o.completedAt, { from: 'in_service', to: 'completed' });
      if (
        o.completedAt &&
        template?.publishedVersionId &&
        (o.serviceTypeId === org.serviceTypeIds.repair ||
          o.serviceTypeId === org.serviceTypeIds.inspection ||
          i % 2 === 0)
      ) {
        const qr = o.serviceTypeId === org.serviceTypeIds.inspection;
        const mandatory = o.serviceTypeId === org.serviceTypeIds.repair;
        const invitationId = crypto.randomUUID();
        invites.push({
          id: invitationId,
          workOrderId: id,
          templateVersionId: template.publishedVersionId,
          source: qr ? 'qr' : 'rule',
          contact: { name: o.customerName, phone: o.customerPhone, email: o.customerEmail, locale: o.customerLocale },
          channels: qr ? ['qr'] : ['sms'],
          submissionLimit: qr ? 5 : 1,
          expiresAt: new Date(o.completedAt.getTime() + (qr ? 7 : 14) * 24 * HOUR),
          createdAt: o.completedAt,
          updatedAt: o.completedAt,
        });
        // History: a closed order's mandatory rating was either given later or skipped by its 72 h timeout.
        const timedOut = mandatory && o.closedAt !== null;
        nodes.push({
          workOrderId: id,
          type: 'rating',
          status: timedOut ? 'skipped' : 'active',
          reason: timedOut ? 'timeout' : null,
          skipReason: timedOut ? 'timeout' : null,
          mandatory,
          config: {
            mode: qr ? 'qr' : 'rule',
            mandatory,
            timeoutHours: mandatory ? 72 : null,
            submissionLimit: qr ? 5 : 1,
          },
          invitationIds: [invitationId],
          startedAt: o.completedAt,
          completedAt: timedOut ? new Date(o.completedAt.getTime() + 72 * HOUR) : null,
          deadlineAt: mandatory ? new Date(o.completedAt.getTime() + 72 * HOUR) : null,
        });
        ev('work_order.node_started', o.completedAt, { type: 'rating', mode: qr ? 'qr' : 'rule', mandatory });
        events.push({
          type: 'invitation.created',
          workOrderId: id,
          subjectType: 'invitation',
          subjectId: invitationId,
          data: { source: qr ? 'qr' : 'rule', channels: qr ? ['qr'] : ['sms'] },
          at: o.completedAt,
          ...system,
        });
        if (timedOut)
          ev('work_order.rating_skipped', new Date(o.completedAt.getTime() + 72 * HOUR), {
            reason: 'timeout',
            skipReason: 'timeout',
          });
      }
      if (o.closedAt) ev('work_order.status_changed', o.closedAt, { from: 'completed', to: 'closed' });
    });
    // Events are inserted in time order so the sequence (the timeline's order) follows the story.
    events.sort((a, b) => a.at!.getTime() - b.at!.getTime());
    await insertBatched(invites, (batch) => tx.insert(invitations).values(batch));
    await insertBatched(nodes, (batch) => tx.insert(workOrderNodes).values(batch));
    await insertBatched(events, (batch) => tx.insert(domainEvents).values(batch));
    return COUNT;
  });
}
