import { and, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { invalidatesReadCache } from '../../db/read-cache.js';
import { messageTemplates } from '../../db/schema/message-templates.js';
import type { Actor } from '../../http/principal.js';
import { fieldErrors, issue } from '../../http/problem.js';
import { codeOfIssue } from '../../http/zod-issues.js';
import { recordAudit } from '../audit/audit.service.js';
import { CONTENT_SCHEMAS, checkTemplateContent, type TemplateContent, upgradeWechatContent } from './content.js';
import { DEFAULT_TEMPLATES } from './defaults.js';
import { MESSAGE_PURPOSES, type MessagePurpose, type MessageVars, sampleVars } from './purposes.js';
import { type RenderedMessage, renderContent } from './render.js';
import { MESSAGE_CHANNELS, MESSAGE_LANGS, type MessageChannel, type MessageLang } from './variables.js';

export interface MessageTemplateView {
  purpose: MessagePurpose;
  channel: MessageChannel;
  lang: MessageLang;
  content: TemplateContent;
  isDefault: boolean;
  updatedAt: string | null;
}

/**
 * Parses and checks a content for its purpose, channel and language; a 400 names each bad field (prefixed, e.g.
 * `content.text`, `content.fields.1.text`).
 */
export function validateContent(
  channel: MessageChannel,
  raw: unknown,
  prefix = 'content.',
  purpose: MessagePurpose = 'invitation',
  lang: MessageLang = 'zh-CN',
): TemplateContent {
  const parsed = CONTENT_SCHEMAS[channel].safeParse(raw);
  if (!parsed.success) {
    throw fieldErrors(
      parsed.error.issues.map((i) => {
        const { code, params } = codeOfIssue(i);
        return issue(`${prefix}${i.path.join('.')}`.replace(/\.$/, ''), code, i.message, params);
      }),
    );
  }
  const errors = checkTemplateContent(channel, parsed.data, prefix, purpose, lang);
  if (errors.length > 0) throw fieldErrors(errors);
  return parsed.data;
}

type Row = typeof messageTemplates.$inferSelect;

/** A stored row as the current shape (old WeChat contents are upgraded when read, see `upgradeWechatContent`). */
function viewOf(row: Row): MessageTemplateView {
  const content = row.channel === 'wechat' ? upgradeWechatContent(row.content, true) : row.content;
  return {
    purpose: row.purpose,
    channel: row.channel,
    lang: row.lang,
    content: content as TemplateContent,
    isDefault: false,
    updatedAt: row.updatedAt.toISOString(),
  };
}

const defaultView = (purpose: MessagePurpose, channel: MessageChannel, lang: MessageLang): MessageTemplateView => ({
  purpose,
  channel,
  lang,
  content: DEFAULT_TEMPLATES[purpose][channel][lang],
  isDefault: true,
  updatedAt: null,
});

const keyOf = (purpose: MessagePurpose, channel: MessageChannel, lang: MessageLang) =>
  and(eq(messageTemplates.purpose, purpose), eq(messageTemplates.channel, channel), eq(messageTemplates.lang, lang));

export async function getMessageTemplate(
  db: DbOrTx,
  channel: MessageChannel,
  lang: MessageLang,
  purpose: MessagePurpose = 'invitation',
): Promise<MessageTemplateView> {
  const [row] = await db
    .select()
    .from(messageTemplates)
    .where(keyOf(purpose, channel, lang))
    .limit(1);
  return row ? viewOf(row) : defaultView(purpose, channel, lang);
}

/** Every purpose × channel × language, custom or default. */
export async function listMessageTemplates(db: DbOrTx): Promise<MessageTemplateView[]> {
  const rows = await db.select().from(messageTemplates);
  const out: MessageTemplateView[] = [];
  for (const purpose of MESSAGE_PURPOSES) {
    for (const channel of MESSAGE_CHANNELS) {
      for (const lang of MESSAGE_LANGS) {
        const row = rows.find((r) => r.purpose === purpose && r.channel === channel && r.lang === lang);
        out.push(row ? viewOf(row) : defaultView(purpose, channel, lang));
      }
    }
  }
  return out;
}

const entityId = (purpose: MessagePurpose, channel: MessageChannel, lang: MessageLang) =>
  `${purpose}:${channel}:${lang}`;

export async function saveMessageTemplate(
  db: Db,
  actor: Actor,
  key: { purpose: MessagePurpose; channel: MessageChannel; lang: MessageLang },
  raw: unknown,
): Promise<MessageTemplateView> {
  const { purpose, channel, lang } = key;
  const content = validateContent(channel, raw, 'content.', purpose, lang);
  return invalidatesReadCache(
    db.transaction(async (tx) => {
      const before = await getMessageTemplate(tx, channel, lang, purpose);
      const now = new Date();
      const updatedBy = actor.type === 'user' ? actor.id : null;
      await tx
        .insert(messageTemplates)
        .values({ purpose, channel, lang, content, updatedBy, updatedAt: now })
        .onConflictDoUpdate({
          target: [messageTemplates.purpose, messageTemplates.channel, messageTemplates.lang],
          set: { content, updatedBy, updatedAt: now },
        });
      const after = await getMessageTemplate(tx, channel, lang, purpose);
      await recordAudit(tx, actor, {
        action: 'message_template.updated',
        entityType: 'message_template',
        entityId: entityId(purpose, channel, lang),
        before: before.content,
        after: after.content,
      });
      return after;
    }),
  );
}

export async function resetMessageTemplate(
  db: Db,
  actor: Actor,
  key: { purpose: MessagePurpose; channel: MessageChannel; lang: MessageLang },
): Promise<MessageTemplateView> {
  const { purpose, channel, lang } = key;
  return invalidatesReadCache(
    db.transaction(async (tx) => {
      const before = await getMessageTemplate(tx, channel, lang, purpose);
      await tx.delete(messageTemplates).where(keyOf(purpose, channel, lang));
      if (!before.isDefault) {
        await recordAudit(tx, actor, {
          action: 'message_template.reset',
          entityType: 'message_template',
          entityId: entityId(purpose, channel, lang),
          before: before.content,
        });
      }
      return getMessageTemplate(tx, channel, lang, purpose);
    }),
  );
}

/** The console's live preview: the given (unsaved, validated) or stored content with the purpose's sample values. */
export async function previewMessageTemplate(
  db: DbOrTx,
  input: {
    purpose?: MessagePurpose;
    channel: MessageChannel;
    lang: MessageLang;
    content?: unknown;
    sample?: MessageVars;
  },
): Promise<RenderedMessage> {
  const purpose = input.purpose ?? 'invitation';
  const content =
    input.content !== undefined
      ? validateContent(input.channel, input.content, 'content.', purpose, input.lang)
      : (await getMessageTemplate(db, input.channel, input.lang, purpose)).content;
  return renderContent(input.channel, content, { ...sampleVars(input.lang, input.channel), ...input.sample }, purpose);
}

/**
 * For the delivery job: the organisation's template for a purpose (default: invitation), channel and language (or
 * the built-in default), rendered with the message's values. HTML parts get escaped values; text parts verbatim.
 */
export async function renderMessage(
  db: DbOrTx,
  input: { purpose?: MessagePurpose; channel: MessageChannel; lang: MessageLang; vars: MessageVars },
): Promise<RenderedMessage> {
  const purpose = input.purpose ?? 'invitation';
  const { content } = await getMessageTemplate(db, input.channel, input.lang, purpose);
  return renderContent(input.channel, content, input.vars, purpose);
}

/**
 * Every template read once, then rendered from memory: the batched dispatch renders a batch's messages (several
 * purposes, channels and languages) with one query.
 */
export async function loadMessageRenderer(
  db: DbOrTx,
): Promise<
  (input: {
    purpose?: MessagePurpose;
    channel: MessageChannel;
    lang: MessageLang;
    vars: MessageVars;
  }) => RenderedMessage
> {
  const views = await listMessageTemplates(db);
  return (input) => {
    const purpose = input.purpose ?? 'invitation';
    const view = views.find((v) => v.purpose === purpose && v.channel === input.channel && v.lang === input.lang);
    const content = view?.content ?? defaultView(purpose, input.channel, input.lang).content;
    return renderContent(input.channel, content, input.vars, purpose);
  };
}
