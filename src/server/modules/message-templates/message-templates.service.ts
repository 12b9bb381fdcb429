import { and, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { messageTemplates } from '../../db/schema/message-templates.js';
import type { Actor } from '../../http/principal.js';
import { fieldErrors, issue } from '../../http/problem.js';
import { codeOfIssue } from '../../http/zod-issues.js';
import { recordAudit } from '../audit/audit.service.js';
import { CONTENT_SCHEMAS, checkTemplateContent, type TemplateContent } from './content.js';
import { DEFAULT_TEMPLATES } from './defaults.js';
import { type RenderedMessage, renderContent } from './render.js';
import {
  MESSAGE_CHANNELS,
  MESSAGE_LANGS,
  type MessageChannel,
  type MessageLang,
  SAMPLE_VARS,
  type TemplateVars,
} from './variables.js';

export interface MessageTemplateView {
  channel: MessageChannel;
  lang: MessageLang;
  content: TemplateContent;
  isDefault: boolean;
  updatedAt: string | null;
}

/** Parses and checks a content for its channel; a 400 names each bad field (prefixed, e.g. `content.text`). */
export function validateContent(channel: MessageChannel, raw: unknown, prefix = 'content.'): TemplateContent {
  const parsed = CONTENT_SCHEMAS[channel].safeParse(raw);
  if (!parsed.success) {
    throw fieldErrors(
      parsed.error.issues.map((i) => {
        const { code, params } = codeOfIssue(i);
        return issue(`${prefix}${i.path.join('.')}`.replace(/\.$/, ''), code, i.message, params);
      }),
    );
  }
  const errors = checkTemplateContent(channel, parsed.data, prefix);
  if (errors.length > 0) throw fieldErrors(errors);
  return parsed.data;
}

async function storedRow(db: DbOrTx, channel: MessageChannel, lang: MessageLang) {
  const [row] = await db
    .select()
    .from(messageTemplates)
    .where(and(eq(messageTemplates.channel, channel), eq(messageTemplates.lang, lang)))
    .limit(1);
  return row ?? null;
}

export async function getMessageTemplate(
  db: DbOrTx,
  channel: MessageChannel,
  lang: MessageLang,
): Promise<MessageTemplateView> {
  const row = await storedRow(db, channel, lang);
  return row
    ? {
        channel,
        lang,
        content: row.content as TemplateContent,
        isDefault: false,
        updatedAt: row.updatedAt.toISOString(),
      }
    : { channel, lang, content: DEFAULT_TEMPLATES[channel][lang], isDefault: true, updatedAt: null };
}

export async function listMessageTemplates(db: DbOrTx): Promise<MessageTemplateView[]> {
  const rows = await db.select().from(messageTemplates);
  const out: MessageTemplateView[] = [];
  for (const channel of MESSAGE_CHANNELS) {
    for (const lang of MESSAGE_LANGS) {
      const row = rows.find((r) => r.channel === channel && r.lang === lang);
      out.push(
        row
          ? {
              channel,
              lang,
              content: row.content as TemplateContent,
              isDefault: false,
              updatedAt: row.updatedAt.toISOString(),
            }
          : { channel, lang, content: DEFAULT_TEMPLATES[channel][lang], isDefault: true, updatedAt: null },
      );
    }
  }
  return out;
}

export async function saveMessageTemplate(
  db: Db,
  actor: Actor,
  channel: MessageChannel,
  lang: MessageLang,
  raw: unknown,
): Promise<MessageTemplateView> {
  const content = validateContent(channel, raw);
  return db.transaction(async (tx) => {
    const before = await getMessageTemplate(tx, channel, lang);
    const now = new Date();
    await tx
      .insert(messageTemplates)
      .values({ channel, lang, content, updatedBy: actor.type === 'user' ? actor.id : null, updatedAt: now })
      .onConflictDoUpdate({
        target: [messageTemplates.channel, messageTemplates.lang],
        set: { content, updatedBy: actor.type === 'user' ? actor.id : null, updatedAt: now },
      });
    const after = await getMessageTemplate(tx, channel, lang);
    await recordAudit(tx, actor, {
      action: 'message_template.updated',
      entityType: 'message_template',
      entityId: `${channel}:${lang}`,
      before: before.content,
      after: after.content,
    });
    return after;
  });
}

export async function resetMessageTemplate(
  db: Db,
  actor: Actor,
  channel: MessageChannel,
  lang: MessageLang,
): Promise<MessageTemplateView> {
  return db.transaction(async (tx) => {
    const before = await getMessageTemplate(tx, channel, lang);
    await tx
      .delete(messageTemplates)
      .where(and(eq(messageTemplates.channel, channel), eq(messageTemplates.lang, lang)));
    if (!before.isDefault) {
      await recordAudit(tx, actor, {
        action: 'message_template.reset',
        entityType: 'message_template',
        entityId: `${channel}:${lang}`,
        before: before.content,
      });
    }
    return getMessageTemplate(tx, channel, lang);
  });
}

/** The console's live preview: the given (unsaved, validated) or stored content with sample values. */
export async function previewMessageTemplate(
  db: DbOrTx,
  input: { channel: MessageChannel; lang: MessageLang; content?: unknown; sample?: TemplateVars },
): Promise<RenderedMessage> {
  const content =
    input.content !== undefined
      ? validateContent(input.channel, input.content)
      : (await getMessageTemplate(db, input.channel, input.lang)).content;
  return renderContent(input.channel, content, { ...SAMPLE_VARS[input.lang], ...input.sample });
}

/**
 * For the delivery job: the organisation's template for a channel and language (or the default), rendered with the
 * invitation's values. HTML parts get escaped values; text parts verbatim.
 */
export async function renderMessage(
  db: DbOrTx,
  input: { channel: MessageChannel; lang: MessageLang; vars: TemplateVars },
): Promise<RenderedMessage> {
  const { content } = await getMessageTemplate(db, input.channel, input.lang);
  return renderContent(input.channel, content, input.vars);
}
