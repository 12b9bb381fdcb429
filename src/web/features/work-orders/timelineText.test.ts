import i18n from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../i18n/en';
import { zhCN } from '../../i18n/zh-CN';
import { describeEvent } from './timelineText';
import type { TimelineEvent } from './workOrdersApi';

const event = (type: string, data: Record<string, unknown>) =>
  ({
    id: type,
    type,
    data,
    at: '2026-12-01T00:00:00Z',
    actor: { type: 'system', id: null, name: 'system' },
  }) as unknown as TimelineEvent;

describe('timeline text of an invitation', () => {
  beforeAll(async () => {
    await i18n.init({
      resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
      lng: 'en',
      interpolation: { escapeValue: false },
      showSupportNotice: false,
    });
  });
  const text = (lng: string, e: TimelineEvent) => describeEvent(e, i18n.getFixedT(lng));
  const created = event('invitation.created', { source: 'rule', channels: ['sms'] });
  const noSms = event('invitation.sent', {
    channel: 'sms',
    result: 'failed',
    errorKind: 'skipped',
    errorCode: 'no_config',
  });
  const failed = event('invitation.failed', {
    reason: 'all_channels_failed',
    channels: [{ channel: 'sms', errorKind: 'skipped', errorCode: 'no_config' }],
  });

  it('says "created", never "sent", before a send (en and zh-CN)', () => {
    expect(text('en', created)).toBe('Rating invitation created (Rating rule; SMS)');
    expect(text('en', created)).not.toMatch(/sent/i);
    expect(text('zh-CN', created)).toBe('已创建评价邀请（评价规则；短信）');
  });

  it('a recovery re-survey names its case and says it is exempt from the fatigue cap (en and zh-CN)', () => {
    const recovery = event('invitation.created', {
      source: 'recovery',
      channels: ['sms', 'email'],
      caseNumber: 12,
      fatigueExempt: true,
    });
    expect(text('en', recovery)).toBe(
      'Re-survey invitation for case C-12 created (SMS、Email); exempt from the fatigue cap',
    );
    expect(text('zh-CN', recovery)).toBe('已为整改单 C-12 创建复评邀请（短信、邮件），不受打扰上限限制');
  });

  it('names the channel and the reason of a failed attempt', () => {
    expect(text('en', noSms)).toBe('Invitation via SMS failed: no SMS channel configured');
    expect(text('zh-CN', noSms)).toBe('通过短信发送邀请失败：未配置短信渠道');
  });

  it('a failed invitation names each channel (never "via —")', () => {
    expect(text('en', failed)).toBe('Invitation failed: SMS — no SMS channel configured');
    expect(text('zh-CN', failed)).toBe('邀请发送失败：短信 — 未配置短信渠道');
    expect(text('en', event('invitation.failed', { reason: 'fatigue' }))).toBe(
      'Invitation failed: the customer was invited recently',
    );
  });

  it('a provider failure shows its code; a success says sent', () => {
    const twilio = event('invitation.sent', {
      channel: 'sms',
      result: 'failed',
      errorKind: 'permanent',
      errorCode: '21211',
    });
    expect(text('en', twilio)).toBe('Invitation via SMS failed: SMS: 21211');
    expect(text('en', event('invitation.sent', { channel: 'email', result: 'succeeded' }))).toBe(
      'Invitation sent via Email',
    );
  });
});

describe('timeline text of the work-order flow (#13)', () => {
  beforeAll(async () => {
    if (!i18n.isInitialized)
      await i18n.init({
        resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
        lng: 'en',
        interpolation: { escapeValue: false },
        showSupportNotice: false,
      });
  });
  const text = (lng: string, e: TimelineEvent) => describeEvent(e, i18n.getFixedT(lng));

  it('names the node, its stage and a later round', () => {
    const first = event('work_order.node_started', {
      type: 'rating',
      nodeKey: 'dispatch',
      stage: 'assigned',
      round: 1,
    });
    expect(text('en', first)).toBe('Rating node “dispatch” started (When assigned)');
    expect(text('zh-CN', first)).toBe('评价节点“dispatch”开始（分配后）');
    const again = event('work_order.node_started', { type: 'rating', nodeKey: 'rating', stage: 'completed', round: 2 });
    expect(text('en', again)).toBe('Rating node “rating” started (When completed) · round 2');
    expect(text('zh-CN', again)).toBe('评价节点“rating”开始（完成后） · 第 2 轮');
    expect(text('en', event('work_order.node_completed', { type: 'rating', nodeKey: 'rating', round: 1 }))).toBe(
      'Rating node “rating” completed',
    );
  });

  it('a rework says the round it starts and why', () => {
    const rework = event('work_order.status_changed', {
      from: 'completed',
      to: 'in_service',
      round: 2,
      reason: 'leaking again',
    });
    expect(text('en', rework)).toBe('Sent back for rework, round 2 starts: leaking again');
    expect(text('zh-CN', rework)).toBe('退回返工，开始第 2 轮：leaking again');
  });

  it('a node superseded by a rework', () => {
    const skipped = event('work_order.rating_skipped', { reason: 'rework', nodeKey: 'rating', round: 1 });
    expect(text('en', skipped)).toBe('Rating “rating” skipped: Superseded by a rework');
    expect(text('zh-CN', skipped)).toBe('跳过评价“rating”：因返工作废');
    // Events written before node keys existed keep their old sentence.
    expect(text('en', event('work_order.rating_skipped', { reason: 'timeout' }))).toBe('Rating skipped: Timed out');
  });

  it('a case’s status change names both statuses, and a re-survey its stars (en and zh-CN)', () => {
    const moved = event('case.status_changed', { number: 4, from: 'open', to: 'waiting_customer' });
    expect(text('en', moved)).toBe('Case Open → Waiting for customer');
    expect(text('zh-CN', moved)).toBe('整改单 待处理 → 等待客户');
    const rerated = event('case.rerated', { number: 4, score: 87.5, recovered: true });
    expect(text('en', rerated)).toBe('The customer re-rated 4.5★ after the case');
    expect(text('zh-CN', rerated)).toBe('整改后客户重新评价 4.5★');
  });
});
