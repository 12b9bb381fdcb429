import { z } from 'zod';
import type { sandboxMessages } from '../../db/schema/channels.js';

export const sandboxMessageSchema = z.object({
  id: z.string(),
  configId: z.string().nullable().describe('The sandbox channel configuration it went through (null once deleted).'),
  channel: z.enum(['sms', 'email', 'wechat']),
  recipient: z.string().describe('Phone number, e-mail address or WeChat OpenID.'),
  subject: z.string().nullable().describe('E-mail subject.'),
  text: z.string().describe('SMS text, the e-mail’s plain-text part, or the WeChat fields as lines.'),
  html: z.string().nullable().describe('The rendered e-mail HTML.'),
  link: z.string().nullable().describe('The invitation link the message carries (live: anyone holding it can rate).'),
  createdAt: z.string().describe('When it was "sent" (ISO 8601).'),
});
export type SandboxMessageView = z.infer<typeof sandboxMessageSchema>;

export function presentSandboxMessage(row: typeof sandboxMessages.$inferSelect): SandboxMessageView {
  return {
    id: row.id,
    configId: row.configId,
    channel: row.channel,
    recipient: row.recipient,
    subject: row.subject,
    text: row.text,
    html: row.html,
    link: row.link,
    createdAt: row.createdAt.toISOString(),
  };
}
