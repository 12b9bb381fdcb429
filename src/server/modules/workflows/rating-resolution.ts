import type { RatingChannel as Channel } from '../../../common/channels.js';
import type { InvitationContact } from '../../../common/invitations.js';
import type { DbOrTx } from '../../db/client.js';
import { matchRule } from '../rules/match.js';
import { type RuleFactsSource, ruleFactsOf } from '../rules/rule-facts.js';
import { templateForUse } from '../templates/versions.service.js';
import type { RatingNodeConfig } from './workflows.schemas.js';

/**
 * The work-order fields a rating node reads (what rules see, the customer's contact). modules/work-orders owns the
 * row: any row of it fits, and workflows need not read that module's schema.
 */
export interface RatedWorkOrder extends RuleFactsSource {
  id: string;
  customerName: string | null;
  customerPhone: string | null;
  customerEmail: string | null;
  customerWechatOpenId: string | null;
  customerLocale: 'zh-CN' | 'en' | null;
}
type WorkOrderRow = RatedWorkOrder;

/** What an invitation for a work order will use, decided by the rating node's mode. */
export interface ResolvedRating {
  templateVersionId: string;
  source: 'qr' | 'rule';
  ruleId: string | null;
  channels: Channel[];
  deliveryPolicy: 'priority_chain' | 'all';
  submissionLimit: number;
  linkExpiryDays: number;
  /** Rule mode: a matched rule may make the rating mandatory or give it a timeout on top of the node's settings. */
  mandatory: boolean;
  timeoutHours: number | null;
}

export const contactOf = (wo: WorkOrderRow): InvitationContact => ({
  name: wo.customerName,
  phone: wo.customerPhone,
  email: wo.customerEmail,
  wechatOpenId: wo.customerWechatOpenId,
  locale: wo.customerLocale,
});

/** A fallback (no rule matched) names no channels: use what the contact can be reached by, else the QR code. */
function channelsForContact(wo: WorkOrderRow): Channel[] {
  const out: Channel[] = [];
  if (wo.customerWechatOpenId) out.push('wechat');
  if (wo.customerPhone) out.push('sms');
  if (wo.customerEmail) out.push('email');
  return out.length ? out : ['qr'];
}

/** The template version, channels and options for a work order's rating; null when no template can be found. */
export async function resolveRating(
  tx: DbOrTx,
  wo: WorkOrderRow,
  node: RatingNodeConfig,
): Promise<ResolvedRating | null> {
  if (node.mode === 'qr') {
    const t = node.templateId ? await templateForUse(tx, node.templateId) : null;
    if (!t?.publishedVersionId) return null;
    return {
      templateVersionId: t.publishedVersionId,
      source: 'qr',
      ruleId: null,
      channels: node.channels?.length ? node.channels : ['qr'],
      deliveryPolicy: 'priority_chain',
      submissionLimit: node.submissionLimit,
      linkExpiryDays: node.linkExpiryDays,
      mandatory: node.mandatory,
      timeoutHours: node.timeoutHours,
    };
  }
  const match = await matchRule(tx, ruleFactsOf(wo));
  if (!match) return null;
  const channels = node.channels?.length ? node.channels : match.channels.length ? match.channels : null;
  return {
    templateVersionId: match.templateVersionId,
    source: 'rule',
    ruleId: match.ruleId,
    channels: (channels as Channel[] | null) ?? channelsForContact(wo),
    deliveryPolicy: match.deliveryPolicy,
    submissionLimit: match.source === 'rule' ? match.submissionLimit : node.submissionLimit,
    linkExpiryDays: match.source === 'rule' ? match.linkExpiryDays : node.linkExpiryDays,
    mandatory: node.mandatory || match.mandatory,
    timeoutHours: node.timeoutHours ?? match.timeoutHours,
  };
}
