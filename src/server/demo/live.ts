import { permissionsOfRoles } from '../../common/roles.js';
import type { AppContext } from '../context.js';
import type { Actor } from '../http/principal.js';
import { testChannelConfig } from '../modules/channels/channel-configs.service.js';
import { listInvitationsOfWorkOrder } from '../modules/invitations/invitations.service.js';
import { frozenTemplate } from '../modules/ratings/page-context.js';
import { submitCustomerRating } from '../modules/ratings/submission.service.js';
import { updateWorkOrder, upsertWorkOrder } from '../modules/work-orders/work-orders.service.js';
import { ecommerceAnswers, homeRepairAnswers, type Random } from './answers.js';
import { demoName } from './names.js';
import type { DemoOrg } from './org.js';
import type { DemoSetup } from './setup.js';

/** demo-admin as an actor: what the demo does "by hand" shows in the audit log under that name. */
export function demoAdminActor(org: Pick<DemoOrg, 'admin'>): Actor {
  return {
    type: 'user',
    id: org.admin.id,
    name: org.admin.name,
    ip: null,
    roles: ['admin'],
    permissions: permissionsOfRoles(['admin']),
  };
}

/** Today's work: what a newcomer sees first in the list, the sandbox inbox and on the home page. */
const TODAY: { code: string; subject: string; quality: number | null; locale: 'zh-CN' | 'en' }[] = [
  { code: 'repair', subject: '空调不制冷上门维修', quality: 0.95, locale: 'zh-CN' },
  { code: 'installation', subject: '净水器上门安装', quality: 0.85, locale: 'zh-CN' },
  { code: 'delivery', subject: '大件商品送货上门', quality: 0.75, locale: 'en' },
  { code: 'repair', subject: '洗衣机脱水异响维修', quality: 0.12, locale: 'zh-CN' },
  { code: 'returns', subject: '商品破损换货', quality: 0.9, locale: 'zh-CN' },
  { code: 'repair', subject: '热水器点火失败', quality: 0.6, locale: 'en' },
  { code: 'installation', subject: '智能门锁安装', quality: null, locale: 'zh-CN' },
  { code: 'repair', subject: '冰箱冷藏室结霜', quality: null, locale: 'zh-CN' },
  { code: 'delivery', subject: '家电配送及开箱验货', quality: null, locale: 'en' },
  { code: 'repair', subject: '油烟机吸力不足', quality: null, locale: 'zh-CN' },
];
export const DEMO_TODAY = TODAY.length;
const DELIVERY_WAIT_MS = 30_000;

/** Waits until every invitation of `orders` has left `pending`/`sending`, or the deadline passes (then goes on). */
async function untilDelivered(ctx: AppContext, orders: { id: string }[], deadline: number) {
  while (Date.now() < deadline) {
    const lists = await Promise.all(orders.map((o) => listInvitationsOfWorkOrder(ctx.db, o.id)));
    if (lists.flat().every((inv) => inv.status !== 'pending' && inv.status !== 'sending')) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  ctx.log.warn('demo: some of today’s invitations are not delivered yet; they will be');
}

/**
 * The demo's live tail, done through the real services as people would: demo-admin sends a test message through the
 * sandbox SMS channel; today's work orders are created and completed by the work-orders module, whose workflow
 * starts the rating node, the rules pick template and channels and the delivery jobs are queued — the server's
 * workers deliver them into the sandbox inbox (`npm run demo` queues them for the next start). Customers then rate
 * six of them through the same submission service as the rating page (one of them unhappy); four wait for theirs.
 */
export async function loadDemoToday(
  ctx: AppContext,
  org: DemoOrg,
  setup: DemoSetup,
  random: Random,
  opts: { workersRunning: boolean },
): Promise<{ workOrders: number; ratings: number }> {
  const admin = demoAdminActor(org);
  await testChannelConfig(ctx, admin, setup.sandboxConfigIds.sms, { to: '+8613800138000', lang: 'zh-CN' });
  const completed: { id: string; number: string; i: number }[] = [];
  for (const [i, today] of TODAY.entries()) {
    // The established engineers only: the newcomer (the last one) keeps too few ratings to rank.
    const engineerIndex = (i * 7) % (org.engineerIds.length - 1);
    const ecommerce = ['delivery', 'returns', 'customer_service'].includes(today.code);
    const person = 90_000 + i;
    const { row } = await upsertWorkOrder(ctx, admin, {
      subject: today.subject,
      serviceTypeId: org.serviceTypeIds[today.code]!,
      customer: {
        name: demoName(person),
        phone: `+86139${String(10_000_000 + i * 7_919).slice(0, 8)}`,
        email: `today${i}@example.com`,
        locale: today.locale,
      },
      engineerIds: ecommerce ? [] : [org.engineerIds[engineerIndex]!],
      departmentId: org.teamIds[Math.floor(engineerIndex / 4)] ?? null,
      store: ecommerce ? null : '上海徐汇店',
      touchpoint: ecommerce ? today.code : null,
      status: 'in_service',
    });
    await updateWorkOrder(ctx, admin, row.id, { status: 'completed' });
    completed.push({ id: row.id, number: row.number, i });
  }
  // A customer rates after the SMS arrives: with workers running, wait (a few seconds) for the deliveries first.
  if (opts.workersRunning) await untilDelivered(ctx, completed, Date.now() + DELIVERY_WAIT_MS);
  let ratings = 0;
  for (const { id, number, i } of completed) {
    const today = TODAY[i]!;
    if (today.quality === null) continue;
    const ecommerce = ['delivery', 'returns', 'customer_service'].includes(today.code);
    const [invitation] = await listInvitationsOfWorkOrder(ctx.db, id);
    if (!invitation) throw new Error(`demo: completing ${number} created no invitation`);
    await submitCustomerRating(ctx.database, {
      invitationId: invitation.id,
      template: await frozenTemplate(ctx.db, invitation.templateVersionId),
      answers: ecommerce
        ? ecommerceAnswers(random, today.quality, today.locale)
        : homeRepairAnswers(random, today.quality, today.locale),
      idempotencyKey: `demo-today-${i}`,
      language: today.locale,
    });
    ratings++;
  }
  return { workOrders: TODAY.length, ratings };
}
