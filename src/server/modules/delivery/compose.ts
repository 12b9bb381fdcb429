import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { channelConfigs } from '../../db/schema/channels.js';
import { employees } from '../../db/schema/org.js';
import { workOrders } from '../../db/schema/work-orders.js';
import type { DeliveryChannel, OutboundMessage } from '../channels/adapter.js';
import { type InvitationRow, type LinkContext, presentInvitationWithLink } from '../invitations/invitations.service.js';
import { shortCode, shortUrl } from '../invitations/short-link.js';
import { renderMessage } from '../message-templates/message-templates.service.js';
import type { MessagePurpose } from '../message-templates/purposes.js';
import {
  formatCompletedAt,
  type MessageLang,
  messageLangOf,
  type TemplateVars,
} from '../message-templates/variables.js';
import { formatWechatTime } from '../message-templates/wechat-fields.js';
import type { OrganisationProfile } from '../settings/settings.service.js';
import { normalisePhone, type OptOutChannel, unsubscribeToken } from './opt-outs.js';

export interface Composition {
  lang: MessageLang;
  vars: TemplateVars;
  /** WeChat `time` fields take numeric dates only: CompletedAt as "2025-03-15 14:30" in the organisation's zone. */
  wechatVars: TemplateVars;
}

export const unsubscribeUrl = (links: LinkContext, invitationId: string, channel: OptOutChannel) =>
  `${links.publicBaseUrl}/u/${unsubscribeToken(links.appSecret, invitationId, channel)}`;

/** The template variables of an invitation (work order, customer, engineers, link) in the contact's language. */
export async function composeVars(
  db: Db,
  links: LinkContext,
  inv: InvitationRow,
  profile: OrganisationProfile,
): Promise<Composition> {
  const lang = messageLangOf(inv.contact.locale, profile.defaultLanguage);
  const [wo] = await db.select().from(workOrders).where(eq(workOrders.id, inv.workOrderId)).limit(1);
  const engineers = wo?.engineerIds.length
    ? await db.select({ name: employees.name }).from(employees).where(inArray(employees.id, wo.engineerIds))
    : [];
  const vars: TemplateVars = {
    URL: presentInvitationWithLink(inv, links).url,
    LinkCode: shortCode(links.appSecret, inv),
    ShortURL: shortUrl(links, inv),
    WorkOrderNumber: wo?.number ?? '',
    Subject: wo?.subject ?? '',
    CustomerName: inv.contact.name ?? wo?.customerName ?? '',
    EngineerName: engineers.map((e) => e.name).join(lang === 'en' ? ', ' : '、'),
    CompletedAt: wo?.completedAt ? formatCompletedAt(wo.completedAt, lang, profile.timeZone) : '',
    CompanyName: profile.companyName,
  };
  const wechatVars: TemplateVars = {
    ...vars,
    CompletedAt: wo?.completedAt ? formatWechatTime(wo.completedAt, profile.timeZone) : '',
  };
  return { lang, vars, wechatVars };
}

/** The first enabled provider configuration of a channel (oldest first), or null. */
export async function configFor(db: Db, channel: DeliveryChannel) {
  const [row] = await db
    .select({ id: channelConfigs.id, provider: channelConfigs.provider })
    .from(channelConfigs)
    .where(and(eq(channelConfigs.channel, channel), eq(channelConfigs.enabled, true)))
    .orderBy(asc(channelConfigs.createdAt), asc(channelConfigs.id))
    .limit(1);
  return row ?? null;
}

/** The address a channel needs from the contact; null = the contact cannot be reached on it. */
export function addressFor(inv: InvitationRow, channel: DeliveryChannel): string | null {
  if (channel === 'email') return inv.contact.email?.trim() || null;
  if (channel === 'sms') return inv.contact.phone?.trim() ? normalisePhone(inv.contact.phone) : null;
  if (channel === 'wechat') return inv.contact.wechatOpenId?.trim() || null;
  return 'webhook';
}

/** The template a delivery round uses: round 0 the invitation, round n ≥ 1 the n-th reminder. */
export const purposeOfRound = (round: number): MessagePurpose => (round > 0 ? 'reminder' : 'invitation');

/** Renders the channel's template for the round's purpose and builds the adapter message. */
export async function buildMessage(
  db: Db,
  links: LinkContext,
  inv: InvitationRow,
  channel: DeliveryChannel,
  c: Composition,
  idempotencyKey: string,
  reminder: number,
): Promise<OutboundMessage> {
  const to = addressFor(inv, channel)!;
  if (channel === 'webhook') {
    return {
      channel,
      idempotencyKey,
      // One id per invitation event (the invitation, or its n-th reminder), kept across every retry: the receiver's
      // idempotency key (Standard Webhooks). The attempt number stays in `idempotencyKey` only.
      eventId: `msg_${inv.id}_${reminder}`,
      ...(reminder === 0 && { occurredAt: inv.createdAt.toISOString() }),
      type: reminder ? 'invitation.reminder' : 'invitation.created',
      data: { ...presentInvitationWithLink(inv, links), reminder },
    };
  }
  const purpose = purposeOfRound(reminder);
  if (channel === 'email') {
    const unsub = unsubscribeUrl(links, inv.id, 'email');
    const r = await renderMessage(db, { purpose, channel, lang: c.lang, vars: { ...c.vars, UnsubscribeURL: unsub } });
    if (r.channel !== 'email') throw new Error('e-mail template rendered as another channel');
    return { channel, idempotencyKey, to, subject: r.subject, html: r.html, text: r.text, unsubscribeUrl: unsub };
  }
  if (channel === 'sms') {
    const r = await renderMessage(db, { purpose, channel, lang: c.lang, vars: c.vars });
    if (r.channel !== 'sms') throw new Error('SMS template rendered as another channel');
    const params = Object.fromEntries(Object.entries(c.vars).filter((e): e is [string, string] => !!e[1]));
    return { channel, idempotencyKey, to, text: r.text, params, purpose: reminder ? 'reminder' : 'invitation' };
  }
  const r = await renderMessage(db, { purpose, channel, lang: c.lang, vars: c.wechatVars });
  if (r.channel !== 'wechat') throw new Error('WeChat template rendered as another channel');
  return { channel, idempotencyKey, to, templateId: r.templateId, url: r.url, data: r.data };
}

/**
 * Providers that dedupe on our idempotency key: an interrupted attempt may be sent again with the same key. Not
 * Aliyun: SendSms is not idempotent ("国内短信…均不支持幂等的能力", https://help.aliyun.com/document_detail/55284.html);
 * its interrupted or timed-out attempts are checked with QuerySendDetails first (channels/send-lookup.ts).
 */
export const DEDUPING_PROVIDERS = new Set(['generic_http', 'wechat_mp', 'webhook']);
