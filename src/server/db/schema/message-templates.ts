import { jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { MESSAGE_PURPOSES } from '../../../common/message-purposes.js';

/** Customised message templates; a purpose × channel × language without a row uses the built-in default. */
export const messageTemplates = pgTable(
  'message_templates',
  {
    /** What the message is for (invitation, reminder, alert, report, sign_in_code); rows before #11 are invitations. */
    purpose: text('purpose', { enum: MESSAGE_PURPOSES }).notNull().default('invitation'),
    channel: text('channel', { enum: ['sms', 'email', 'wechat'] }).notNull(),
    lang: text('lang', { enum: ['zh-CN', 'en'] }).notNull(),
    content: jsonb('content').$type<Record<string, unknown>>().notNull(),
    updatedBy: uuid('updated_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.purpose, t.channel, t.lang] })],
);
