import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

import { CHANNEL_PROVIDERS } from '../../../common/channels.js';

export { CHANNEL_PROVIDERS, type ChannelProvider } from '../../../common/channels.js';

/** The envelope of AES-256-GCM encrypted provider secrets (channels/secrets.ts); never plaintext. */
export interface EncryptedSecrets {
  v: 1;
  iv: string;
  tag: string;
  data: string;
}

/**
 * A delivery provider's configuration (an SMTP server, an SMS account, a WeChat Official Account, a webhook URL).
 * `settings` holds what may be shown; `secrets` (passwords, tokens, keys) is encrypted with a key derived from the
 * installation's app secret, so a database dump alone does not reveal them.
 */
export const channelConfigs = pgTable('channel_configs', {
  id: uuid('id').primaryKey().defaultRandom(),
  channel: text('channel', { enum: ['email', 'sms', 'wechat', 'webhook'] }).notNull(),
  provider: text('provider', { enum: CHANNEL_PROVIDERS }).notNull(),
  name: text('name').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
  secrets: jsonb('secrets').$type<EncryptedSecrets | null>(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Messages sent per provider configuration and calendar month (UTC, `YYYY-MM`): the local quota counter. */
export const channelUsage = pgTable(
  'channel_usage',
  {
    configId: uuid('config_id')
      .notNull()
      .references(() => channelConfigs.id, { onDelete: 'cascade' }),
    month: text('month').notNull(),
    sent: integer('sent').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.configId, t.month] })],
);

/**
 * Provider access tokens shared by every process on the database (WeChat allows a limited number of token fetches
 * per day, and a new token soon invalidates the old one, so processes must not each fetch their own).
 */
export const channelTokens = pgTable('channel_tokens', {
  configId: uuid('config_id')
    .primaryKey()
    .references(() => channelConfigs.id, { onDelete: 'cascade' }),
  /** Which credentials the token was issued for; a changed app id/secret makes it stale. */
  fingerprint: text('fingerprint').notNull(),
  token: text('token'),
  expiresAt: timestamp('expires_at', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Messages "sent" through a sandbox provider (`sandbox_sms`, `sandbox_email`, `sandbox_wechat`): kept here instead of
 * leaving the machine, and listed to admins in the console's sandbox inbox (like MailHog / letter_opener).
 */
export const sandboxMessages = pgTable(
  'sandbox_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    configId: uuid('config_id').references(() => channelConfigs.id, { onDelete: 'set null' }),
    channel: text('channel', { enum: ['email', 'sms', 'wechat'] }).notNull(),
    /** Phone number, e-mail address or WeChat OpenID. */
    recipient: text('recipient').notNull(),
    /** E-mail subject; null for SMS and WeChat. */
    subject: text('subject'),
    /** SMS text, the e-mail's plain-text part, or the WeChat fields as lines. */
    text: text('text').notNull(),
    /** The rendered e-mail HTML. */
    html: text('html'),
    /** The invitation link the message carries (URL, short link or WeChat tap target). */
    link: text('link'),
    idempotencyKey: text('idempotency_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sandbox_messages_created_idx').on(t.createdAt, t.id)],
);
