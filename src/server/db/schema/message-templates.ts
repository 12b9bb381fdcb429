import { jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Customised message templates; a channel × language without a row uses the built-in default. */
export const messageTemplates = pgTable(
  'message_templates',
  {
    channel: text('channel', { enum: ['sms', 'email', 'wechat'] }).notNull(),
    lang: text('lang', { enum: ['zh-CN', 'en'] }).notNull(),
    content: jsonb('content').$type<Record<string, unknown>>().notNull(),
    updatedBy: uuid('updated_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.channel, t.lang] })],
);
