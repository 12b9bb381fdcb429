import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { invalidatesReadCache } from '../../db/read-cache.js';
import { type ChannelProvider, channelConfigs } from '../../db/schema/channels.js';
import type { Actor } from '../../http/principal.js';
import { fieldError, fieldErrors, notFound } from '../../http/problem.js';
import { fieldErrorOfIssue } from '../../http/zod-issues.js';
import { recordAudit } from '../audit/audit.service.js';
import { renderMessage } from '../message-templates/message-templates.service.js';
import { sampleVars } from '../message-templates/purposes.js';
import { SAMPLE_VARS } from '../message-templates/variables.js';
import type { OutboundMessage } from './adapter.js';
import { aliyunSettingsErrors } from './aliyun-rules.js';
import { type AliyunSettings, PROVIDERS } from './providers.js';
import { type ConfigRow, type ConfigSendResult, channelRuntimeOf, inFlightLimit, sendWithConfig } from './runtime.js';
import { assertSandboxAllowed } from './sandbox-policy.js';
import { decryptSecrets, encryptSecrets, maskSecret } from './secrets.js';
import { withSendSlot } from './send-slots.js';
import { sentThisMonth, usageMonth } from './usage.js';

function parseSettings(provider: ChannelProvider, raw: unknown): Record<string, unknown> {
  const parsed = PROVIDERS[provider].settings.safeParse(raw ?? {});
  if (!parsed.success) {
    throw fieldErrors(parsed.error.issues.map((i) => fieldErrorOfIssue(i, 'settings')));
  }
  providerRules(provider, parsed.data);
  return parsed.data as Record<string, unknown>;
}

/** Provider content rules beyond the schema (Aliyun: no URL-valued variable in a template parameter). */
function providerRules(provider: ChannelProvider, settings: unknown): void {
  if (provider !== 'aliyun') return;
  const errors = aliyunSettingsErrors(settings as AliyunSettings);
  if (errors.length) throw fieldErrors(errors);
}

function parseSecrets(
  provider: ChannelProvider,
  merged: Record<string, string | null | undefined>,
): Record<string, string> {
  const clean = Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== null && v !== undefined && v !== ''));
  const parsed = PROVIDERS[provider].secrets.safeParse(clean);
  if (!parsed.success) {
    throw fieldErrors(parsed.error.issues.map((i) => fieldErrorOfIssue(i, 'secrets')));
  }
  return Object.fromEntries(Object.entries(parsed.data).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

export interface ChannelConfigView {
  id: string;
  channel: ConfigRow['channel'];
  provider: ChannelProvider;
  name: string;
  enabled: boolean;
  settings: Record<string, unknown>;
  secrets: Record<string, { hasSecret: true; mask: string }>;
  usage: { month: string; sent: number; monthlyLimit: number | null };
  createdAt: string;
  updatedAt: string;
}

/** Settings as stored, secrets only as masks: a secret is never shown back in full. */
async function present(db: DbOrTx, appSecret: string, row: ConfigRow): Promise<ChannelConfigView> {
  const secrets = decryptSecrets(appSecret, row.id, row.secrets);
  const month = usageMonth(new Date());
  return {
    id: row.id,
    channel: row.channel,
    provider: row.provider,
    name: row.name,
    enabled: row.enabled,
    settings: row.settings,
    secrets: Object.fromEntries(Object.entries(secrets).map(([k, v]) => [k, { hasSecret: true, mask: maskSecret(v) }])),
    usage: {
      month,
      sent: await sentThisMonth(db, row.id, month),
      monthlyLimit: (row.settings.monthlyLimit as number | null | undefined) ?? null,
    },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** What the audit log keeps: which secrets are set, never their values. */
const auditView = (v: ChannelConfigView) => ({ ...v, secrets: Object.keys(v.secrets), usage: undefined });

async function rowOf(db: DbOrTx, id: string): Promise<ConfigRow> {
  const [row] = await db.select().from(channelConfigs).where(eq(channelConfigs.id, id)).limit(1);
  if (!row) throw notFound('Channel configuration', id);
  return row;
}

export async function listChannelConfigs(db: Db, appSecret: string): Promise<ChannelConfigView[]> {
  const rows = await db.select().from(channelConfigs).orderBy(asc(channelConfigs.channel), asc(channelConfigs.name));
  return Promise.all(rows.map((r) => present(db, appSecret, r)));
}

export async function getChannelConfig(db: DbOrTx, appSecret: string, id: string) {
  return present(db, appSecret, await rowOf(db, id));
}

export interface ChannelConfigInput {
  provider: ChannelProvider;
  name: string;
  enabled?: boolean;
  settings: Record<string, unknown>;
  secrets?: Record<string, string | null>;
}

export async function createChannelConfig(db: Db, appSecret: string, actor: Actor, input: ChannelConfigInput) {
  assertSandboxAllowed(input.provider);
  const settings = parseSettings(input.provider, input.settings);
  const secrets = parseSecrets(input.provider, input.secrets ?? {});
  // The id is chosen here because it is bound into the secrets' encryption (AAD).
  const id = randomUUID();
  return invalidatesReadCache(
    db.transaction(async (tx) => {
      const [row] = await tx
        .insert(channelConfigs)
        .values({
          id,
          channel: PROVIDERS[input.provider].channel,
          provider: input.provider,
          name: input.name,
          enabled: input.enabled ?? true,
          settings,
          secrets: encryptSecrets(appSecret, id, secrets),
        })
        .returning();
      const view = await present(tx, appSecret, row!);
      await recordAudit(tx, actor, {
        action: 'channel_config.created',
        entityType: 'channel_config',
        entityId: id,
        after: auditView(view),
      });
      return view;
    }),
  );
}

export interface ChannelConfigPatch {
  name?: string;
  enabled?: boolean;
  /** Replaces the settings (validated whole, like on create). */
  settings?: Record<string, unknown>;
  /** Per key: a string replaces, null removes, an omitted key keeps the stored secret. */
  secrets?: Record<string, string | null>;
}

export async function updateChannelConfig(
  db: Db,
  appSecret: string,
  actor: Actor,
  id: string,
  patch: ChannelConfigPatch,
) {
  const result = await invalidatesReadCache(
    db.transaction(async (tx) => {
      const row = await rowOf(tx, id);
      if (patch.enabled) assertSandboxAllowed(row.provider);
      const before = await present(tx, appSecret, row);
      const settings = patch.settings !== undefined ? parseSettings(row.provider, patch.settings) : undefined;
      let secrets: ReturnType<typeof encryptSecrets> | undefined;
      if (patch.secrets !== undefined) {
        const merged = { ...decryptSecrets(appSecret, id, row.secrets), ...patch.secrets };
        secrets = encryptSecrets(appSecret, id, parseSecrets(row.provider, merged));
      }
      const [updated] = await tx
        .update(channelConfigs)
        .set({
          ...(patch.name !== undefined && { name: patch.name }),
          ...(patch.enabled !== undefined && { enabled: patch.enabled }),
          ...(settings !== undefined && { settings }),
          ...(secrets !== undefined && { secrets }),
          updatedAt: new Date(),
        })
        .where(eq(channelConfigs.id, id))
        .returning();
      const after = await present(tx, appSecret, updated!);
      await recordAudit(tx, actor, {
        action: 'channel_config.updated',
        entityType: 'channel_config',
        entityId: id,
        before: auditView(before),
        after: { ...auditView(after), secretsChanged: Object.keys(patch.secrets ?? {}) },
      });
      return after;
    }),
  );
  // Pooled SMTP connections were opened with the old settings.
  await channelRuntimeOf(db).adapters.smtp.close?.(id);
  return result;
}

export async function deleteChannelConfig(db: Db, appSecret: string, actor: Actor, id: string): Promise<void> {
  await invalidatesReadCache(
    db.transaction(async (tx) => {
      const before = await present(tx, appSecret, await rowOf(tx, id));
      await tx.delete(channelConfigs).where(eq(channelConfigs.id, id));
      await recordAudit(tx, actor, {
        action: 'channel_config.deleted',
        entityType: 'channel_config',
        entityId: id,
        before: auditView(before),
      });
    }),
  );
  await channelRuntimeOf(db).adapters.smtp.close?.(id);
}

/** A sample message for the "send test message" button, rendered from the organisation's zh-CN/en template. */
async function testMessage(db: Db, channel: string, to: string, lang: 'zh-CN' | 'en'): Promise<OutboundMessage> {
  const vars = SAMPLE_VARS[lang];
  const idempotencyKey = `test-${randomUUID()}:${channel}:1`;
  if (channel === 'email') {
    const r = await renderMessage(db, { channel: 'email', lang, vars });
    if (r.channel !== 'email') throw new Error('unreachable');
    return {
      channel,
      idempotencyKey,
      to,
      subject: r.subject,
      html: r.html,
      text: r.text,
      unsubscribeUrl: vars.UnsubscribeURL,
    };
  }
  if (channel === 'sms') {
    const r = await renderMessage(db, { channel: 'sms', lang, vars });
    if (r.channel !== 'sms') throw new Error('unreachable');
    return { channel, idempotencyKey, to, text: r.text, params: vars, purpose: 'invitation' };
  }
  if (channel === 'wechat') {
    const r = await renderMessage(db, { channel: 'wechat', lang, vars: sampleVars(lang, 'wechat') });
    if (r.channel !== 'wechat') throw new Error('unreachable');
    return { channel, idempotencyKey, to, templateId: r.templateId, url: r.url, data: r.data };
  }
  return {
    channel: 'webhook',
    idempotencyKey,
    type: 'invitation.test',
    data: { test: true, url: vars.URL, workOrderNumber: vars.WorkOrderNumber, subject: vars.Subject },
  };
}

/** Sends a test message through a configuration (enabled or not) and answers the adapter's result. */
export async function testChannelConfig(
  ctx: { db: Db; appSecret: string },
  actor: Actor,
  id: string,
  input: { to?: string; lang?: 'zh-CN' | 'en' },
): Promise<ConfigSendResult> {
  const row = await rowOf(ctx.db, id);
  if (row.channel !== 'webhook' && !input.to) throw fieldError('to', 'required', 'is required for this channel');
  // Settings saved before a rule existed (an Aliyun parameter mapped to #URL#) are refused here too, with the field.
  const current = PROVIDERS[row.provider].settings.safeParse(row.settings);
  if (current.success) providerRules(row.provider, current.data);
  const message = await testMessage(ctx.db, row.channel, input.to ?? '', input.lang ?? 'zh-CN');
  // Through the same pool as the deliveries, so it holds one of the pool's slots like every other send (send-slots.ts).
  const inFlight = inFlightLimit(ctx.db, row.provider, row.settings);
  const result = await withSendSlot(ctx.db, { id, inFlight }, () =>
    sendWithConfig(ctx, id, message, { allowDisabled: true }),
  );
  await recordAudit(ctx.db, actor, {
    action: 'channel_config.tested',
    entityType: 'channel_config',
    entityId: id,
    after: { to: input.to ?? null, ok: result.ok, ...(!result.ok && { kind: result.kind, code: result.code }) },
  });
  return result;
}

/** The channels (`sms`, `email`, …) that have at least one enabled configuration — what delivery can use. */
export async function configuredChannels(db: DbOrTx): Promise<Set<string>> {
  const rows = await db
    .selectDistinct({ channel: channelConfigs.channel })
    .from(channelConfigs)
    .where(eq(channelConfigs.enabled, true));
  return new Set(rows.map((r) => r.channel));
}
