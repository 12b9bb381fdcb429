import type { TFunction } from 'i18next';
import { formatScore } from '../../../common/scoring/round';
import { toStars } from '../../../common/scoring/score';
import type { TimelineEvent } from './workOrdersApi';

const str = (value: unknown) => (typeof value === 'string' ? value : '');
/** An event's S (0–100) as stars, one decimal like everywhere else (SCORING.md §3); "—" when not scored. */
const starsOf = (score: unknown) => formatScore(typeof score === 'number' ? toStars(score) : null);

const KNOWN_REASONS = ['no_config', 'no_contact', 'opted_out', 'interrupted', 'fatigue'];

/** Why a send failed, in the user's language: our reasons by name, a provider's code as it is. */
export function failureReason(t: TFunction, channel: unknown, code: unknown, kind?: unknown): string {
  const c = str(code) || str(kind) || '—';
  const ch = t(`rules.channels.${str(channel)}`, { defaultValue: str(channel) || '—' });
  return KNOWN_REASONS.includes(c)
    ? t(`workOrders.timeline.failureReasons.${c}`, { channel: ch })
    : t('workOrders.timeline.failureReasons.other', { channel: ch, code: c });
}

/** One localised sentence per event type; unknown types fall back to the type itself. */
export function describeEvent(event: TimelineEvent, t: TFunction): string {
  const data = event.data;
  const status = (value: unknown) => t(`workOrders.status.${str(value)}`, { defaultValue: str(value) });
  const channelList = (value: unknown) =>
    Array.isArray(value)
      ? value.map((c) => t(`rules.channels.${String(c)}`, { defaultValue: String(c) })).join('、')
      : '';
  const channelName = (value: unknown) =>
    str(value) ? t(`rules.channels.${str(value)}`, { defaultValue: str(value) }) : '—';
  const node = (value: unknown) => t(`workOrders.nodes.types.${str(value)}`, { defaultValue: str(value) });
  // A node event of a later round (after a rework) says which round; round 1 says nothing.
  const inRound = (text: string) =>
    typeof data.round === 'number' && data.round > 1
      ? t('workOrders.timeline.inRound', { text, round: data.round })
      : text;
  switch (event.type) {
    case 'work_order.created':
      return t('workOrders.timeline.created', { number: str(data.number), status: status(data.status) });
    case 'work_order.updated':
      return t('workOrders.timeline.updated', {
        fields: Object.keys((data.changes as Record<string, unknown> | undefined) ?? {}).join(', ') || '—',
      });
    case 'work_order.status_changed':
      // A rework (completed → in service) starts a new round and always has a reason.
      if (typeof data.round === 'number' && data.from === 'completed' && data.to === 'in_service')
        return t('workOrders.timeline.reworked', { round: data.round, reason: str(data.reason) || '—' });
      return (
        t('workOrders.timeline.statusChanged', { from: status(data.from), to: status(data.to) }) +
        (data.reason ? `：${str(data.reason)}` : '')
      );
    case 'work_order.node_started':
      return inRound(
        str(data.nodeKey)
          ? t('workOrders.timeline.nodeStartedKey', {
              node: node(data.type),
              key: str(data.nodeKey),
              stage: t(`workflows.stages.${str(data.stage)}`, { defaultValue: str(data.stage) || '—' }),
            })
          : t('workOrders.timeline.nodeStarted', { node: node(data.type) }),
      );
    case 'work_order.node_completed':
      return inRound(
        str(data.nodeKey)
          ? t('workOrders.timeline.nodeCompletedKey', { node: node(data.type ?? 'rating'), key: str(data.nodeKey) })
          : t('workOrders.timeline.nodeCompleted', { node: node(data.type ?? 'rating') }),
      );
    case 'work_order.rating_skipped': {
      const reason = str(data.reason);
      const why = str(data.skipReason) === reason ? '' : str(data.skipReason);
      const text = t(`workOrders.nodes.reasons.${reason}`, { defaultValue: reason }) + (why ? `：${why}` : '');
      return inRound(
        str(data.nodeKey)
          ? t('workOrders.timeline.ratingSkippedKey', { key: str(data.nodeKey), reason: text })
          : t('workOrders.timeline.ratingSkipped', { reason: text }),
      );
    }
    case 'invitation.created':
      // A recovery re-survey (issue 17 §6) names its case and says it is exempt from the fatigue cap.
      if (data.source === 'recovery')
        return t('workOrders.timeline.invitationCreatedRecovery', {
          number: typeof data.caseNumber === 'number' ? data.caseNumber : '?',
          channels: channelList(data.channels) || '—',
        });
      return t('workOrders.timeline.invitationCreated', {
        channels: channelList(data.channels) || '—',
        source: t(`workOrders.invitations.sources.${str(data.source)}`, { defaultValue: str(data.source) }),
      });
    case 'invitation.sent':
      return data.result === 'failed' || data.result === 'unknown'
        ? t('workOrders.timeline.invitationSendFailed', {
            channel: channelName(data.channel),
            reason: failureReason(t, data.channel, data.errorCode ?? data.result, data.errorKind),
          })
        : t('workOrders.timeline.invitationSent', { channel: channelName(data.channel) });
    case 'invitation.delivered':
      return t('workOrders.timeline.invitationDelivered', { channel: channelName(data.channel) });
    case 'invitation.failed': {
      const channels = Array.isArray(data.channels) ? (data.channels as Record<string, unknown>[]) : [];
      const reasons =
        str(data.reason) === 'fatigue'
          ? failureReason(t, null, 'fatigue')
          : channels
              .map((c) => `${channelName(c.channel)} — ${failureReason(t, c.channel, c.errorCode, c.errorKind)}`)
              .join('；') || failureReason(t, data.channel, data.reason);
      return t('workOrders.timeline.invitationFailedAll', { reasons });
    }
    case 'invitation.opened':
      return t('workOrders.timeline.invitationOpened');
    case 'invitation.expired':
      return t('workOrders.timeline.invitationExpired');
    case 'rating.submitted':
      return t('workOrders.timeline.rated', { stars: starsOf(data.score) });
    case 'rating.negative':
      return t('workOrders.timeline.negative');
    case 'rating.contact_requested':
      return t('workOrders.timeline.contactRequested');
    case 'follow_up.created':
      return t('workOrders.timeline.followUp');
    case 'case.opened':
      return t('workOrders.timeline.caseOpened');
    case 'case.escalated':
      return t('workOrders.timeline.caseEscalated');
    case 'case.closed':
      return t('workOrders.timeline.caseClosed');
    case 'alert.raised':
      return t('workOrders.timeline.alertRaised', { rule: str(data.ruleName) });
    case 'case.sla_warning':
      return t('workOrders.timeline.caseWarning', {
        target: t(`notifications.target.${str(data.target)}`, { defaultValue: str(data.target) }),
      });
    case 'case.breached':
      return t('workOrders.timeline.caseBreached', {
        target: t(`notifications.target.${str(data.target)}`, { defaultValue: str(data.target) }),
      });
    case 'case.reassigned':
      return t('workOrders.timeline.caseReassigned');
    case 'case.status_changed':
      return t('workOrders.timeline.caseStatusChanged', {
        from: t(`cases.status.${str(data.from)}`, { defaultValue: str(data.from) }),
        to: t(`cases.status.${str(data.to)}`, { defaultValue: str(data.to) }),
      });
    case 'case.rerated':
      return t('workOrders.timeline.caseRerated', { stars: starsOf(data.score) });
    case 'notification.created':
      return t('workOrders.timeline.notified', {
        count: Array.isArray(data.employeeIds) ? data.employeeIds.length : 0,
      });
    default:
      return event.type;
  }
}
