import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { type ChannelProvider, channelConfigs } from '../../db/schema/channels.js';
import { employees } from '../../db/schema/org.js';
import { workOrders } from '../../db/schema/work-orders.js';
import type { DeliveryChannel, OutboundMessage } from '../channels/adapter.js';
import { inFlightLimit } from '../channels/runtime.js';
import { type InvitationRow, type LinkContext, presentInvitationWithLink } from '../invitations/invitations.service.js';
import { shortCode, shortUrl } from '../invitations/short-link.js';
import type { renderMessage } from '../message-templates/message-templates.service.js';
import type { MessagePurpose } from '../message-templates/purposes.js';
import type { RenderedMessage } from '../message-templates/render.js';
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
  const context = await loadWorkOrderContext(db, [inv.workOrderId]);
  return composeFrom(links, inv, profile, context.get(inv.workOrderId));
}

/** What the messages need from an invitation's work order: the row and its engineers' names. */
export interface WorkOrderContext {
  workOrder: typeof workOrders.$inferSelect;
  engineerNames: string[];
}

/** The work orders and their engineers of many invitations in two queries (work order id → context). */
export async function loadWorkOrderContext(db: Db, workOrderIds: string[]): Promise<Map<string, WorkOrderContext>> {
  const out = new Map<string, WorkOrderContext>();
  const ids = [...new Set(workOrderIds)];
  if (!ids.length) return out;
  const rows = await db.select().from(workOrders).where(inArray(workOrders.id, ids));
  const engineerIds = [...new Set(rows.flatMap((w) => w.engineerIds))];
  const engineers = engineerIds.length
    ? await db
        .select({ id: employees.id, name: employees.name })
        .from(employees)
        .where(inArray(employees.id, engineerIds))
    : [];
  const nameOf = new Map(engineers.map((e) => [e.id, e.name]));
  for (const wo of rows)
    out.set(wo.id, {
      workOrder: wo,
      engineerNames: wo.engineerIds.flatMap((id) => (nameOf.has(id) ? [nameOf.get(id)!] : [])),
    });
  return out;
}

/** The composition of an invitation from its already loaded work order (no I/O). */
export function composeFrom(
  links: LinkContext,
  inv: InvitationRow,
  profile: OrganisationProfile,
  context: WorkOrderContext | undefined,
): Composition {
  const lang = messageLangOf(inv.contact.locale, profile.defaultLanguage);
  const wo = context?.workOrder;
  const vars: TemplateVars = {
    URL: presentInvitationWithLink(inv, links).url,
    LinkCode: shortCode(links.appSecret, inv),
    ShortURL: shortUrl(links, inv),
    WorkOrderNumber: wo?.number ?? '',
    Subject: wo?.subject ?? '',
    CustomerName: inv.contact.name ?? wo?.customerName ?? '',
    EngineerName: (context?.engineerNames ?? []).join(lang === 'en' ? ', ' : '、'),
    CompletedAt: wo?.completedAt ? formatCompletedAt(wo.completedAt, lang, profile.timeZone) : '',
    CompanyName: profile.companyName,
  };
  const wechatVars: TemplateVars = {
    ...vars,
    CompletedAt: wo?.completedAt ? formatWechatTime(wo.completedAt, profile.timeZone) : '',
  };
  return { lang, vars, wechatVars };
}

/** A channel's provider configuration as dispatch uses it. */
export interface DispatchConfig {
  id: string;
  provider: string;
  /**
   * At most this many of its sends claimed at once in one process (`ChannelAdapter.inFlight`, SMTP's pooled
   * connections; `send-slots.ts`): set only for a provider that cannot dedupe a resend, whose claimed but never
   * handed-over attempts a crash would leave unknown. Null: no limit.
   */
  inFlight: number | null;
}

const dispatchColumns = {
  id: channelConfigs.id,
  provider: channelConfigs.provider,
  channel: channelConfigs.channel,
  settings: channelConfigs.settings,
};
const dispatchConfigOf = (db: Db, r: { id: string; provider: ChannelProvider; settings: unknown }): DispatchConfig => ({
  id: r.id,
  provider: r.provider,
  inFlight: DEDUPING_PROVIDERS.has(r.provider) ? null : inFlightLimit(db, r.provider, r.settings),
});

/** The first enabled provider configuration of a channel (oldest first), or null. */
export async function configFor(db: Db, channel: DeliveryChannel): Promise<DispatchConfig | null> {
  const [row] = await db
    .select(dispatchColumns)
    .from(channelConfigs)
    .where(and(eq(channelConfigs.channel, channel), eq(channelConfigs.enabled, true)))
    .orderBy(asc(channelConfigs.createdAt), asc(channelConfigs.id))
    .limit(1);
  return row ? dispatchConfigOf(db, row) : null;
}

/** `configFor` of every channel in one query: channel → its first enabled configuration (oldest first). */
export async function configsByChannel(db: Db): Promise<Map<string, DispatchConfig>> {
  const rows = await db
    .select(dispatchColumns)
    .from(channelConfigs)
    .where(eq(channelConfigs.enabled, true))
    .orderBy(asc(channelConfigs.createdAt), asc(channelConfigs.id));
  const out = new Map<string, DispatchConfig>();
  for (const r of rows) if (!out.has(r.channel)) out.set(r.channel, dispatchConfigOf(db, r));
  return out;
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

/** Renders a template: `renderMessage` on the database, or a batch's renderer over templates read once. */
export type Render = (input: Parameters<typeof renderMessage>[1]) => Promise<RenderedMessage> | RenderedMessage;

/** Renders the channel's template for the round's purpose and builds the adapter message. */
export async function buildMessage(
  render: Render,
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
    const r = await render({ purpose, channel, lang: c.lang, vars: { ...c.vars, UnsubscribeURL: unsub } });
    if (r.channel !== 'email') throw new Error('e-mail template rendered as another channel');
    return { channel, idempotencyKey, to, subject: r.subject, html: r.html, text: r.text, unsubscribeUrl: unsub };
  }
  if (channel === 'sms') {
    const r = await render({ purpose, channel, lang: c.lang, vars: c.vars });
    if (r.channel !== 'sms') throw new Error('SMS template rendered as another channel');
    const params = Object.fromEntries(Object.entries(c.vars).filter((e): e is [string, string] => !!e[1]));
    return { channel, idempotencyKey, to, text: r.text, params, purpose: reminder ? 'reminder' : 'invitation' };
  }
  const r = await render({ purpose, channel, lang: c.lang, vars: c.wechatVars });
  if (r.channel !== 'wechat') throw new Error('WeChat template rendered as another channel');
  return { channel, idempotencyKey, to, templateId: r.templateId, url: r.url, data: r.data };
}

/**
 * Providers that dedupe on our idempotency key: an interrupted attempt may be sent again with the same key. Not
 * Aliyun: SendSms is not idempotent ("国内短信…均不支持幂等的能力", https://help.aliyun.com/document_detail/55284.html);
 * its interrupted or timed-out attempts are checked with QuerySendDetails first (channels/send-lookup.ts).
 */
export const DEDUPING_PROVIDERS = new Set(['generic_http', 'wechat_mp', 'webhook']);
