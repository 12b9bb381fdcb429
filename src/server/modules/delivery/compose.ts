import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { channelConfigs } from '../../db/schema/channels.js';
import { employees } from '../../db/schema/org.js';
import { workOrders } from '../../db/schema/work-orders.js';
import type { DeliveryChannel, OutboundMessage } from '../channels/adapter.js';
import { type InvitationRow, type LinkContext, presentInvitationWithLink } from '../invitations/invitations.service.js';
import { renderMessage } from '../message-templates/message-templates.service.js';
import {
  formatCompletedAt,
  type MessageLang,
  messageLangOf,
  type TemplateVars,
} from '../message-templates/variables.js';
import type { OrganisationProfile } from '../settings/settings.service.js';
import { normalisePhone, type OptOutChannel, unsubscribeToken } from './opt-outs.js';

export interface Composition {
  lang: MessageLang;
  vars: TemplateVars;
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
    WorkOrderNumber: wo?.number ?? '',
    Subject: wo?.subject ?? '',
    CustomerName: inv.contact.name ?? wo?.customerName ?? '',
    EngineerName: engineers.map((e) => e.name).join(lang === 'en' ? ', ' : '、'),
    CompletedAt: wo?.completedAt ? formatCompletedAt(wo.completedAt, lang, profile.timeZone) : '',
    CompanyName: profile.companyName,
  };
  return { lang, vars };
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

/** Renders the channel's template and builds the adapter message. */
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
      type: reminder ? 'invitation.reminder' : 'invitation.created',
      data: { ...presentInvitationWithLink(inv, links), reminder },
    };
  }
  if (channel === 'email') {
    const unsub = unsubscribeUrl(links, inv.id, 'email');
    const r = await renderMessage(db, { channel, lang: c.lang, vars: { ...c.vars, UnsubscribeURL: unsub } });
    if (r.channel !== 'email') throw new Error('e-mail template rendered as another channel');
    return { channel, idempotencyKey, to, subject: r.subject, html: r.html, text: r.text, unsubscribeUrl: unsub };
  }
  if (channel === 'sms') {
    const r = await renderMessage(db, { channel, lang: c.lang, vars: c.vars });
    if (r.channel !== 'sms') throw new Error('SMS template rendered as another channel');
    const params = Object.fromEntries(Object.entries(c.vars).filter((e): e is [string, string] => !!e[1]));
    return { channel, idempotencyKey, to, text: r.text, params };
  }
  const r = await renderMessage(db, { channel, lang: c.lang, vars: c.vars });
  if (r.channel !== 'wechat') throw new Error('WeChat template rendered as another channel');
  return { channel, idempotencyKey, to, templateId: r.templateId, url: r.url, data: r.data };
}

/** Providers that dedupe on our idempotency key: an interrupted attempt may be sent again with the same key. */
export const DEDUPING_PROVIDERS = new Set(['generic_http', 'aliyun', 'wechat_mp', 'webhook']);
