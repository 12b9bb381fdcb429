import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { access } from '../../http/access.js';
import {
  listMessageTemplates,
  previewMessageTemplate,
  resetMessageTemplate,
  saveMessageTemplate,
} from './message-templates.service.js';
import { EMAIL_ONLY_VARIABLES, MESSAGE_CHANNELS, MESSAGE_LANGS, TEMPLATE_VARIABLES } from './variables.js';

const tags = ['message-templates'];

const channelLangParams = z.object({
  channel: z.enum(MESSAGE_CHANNELS).describe('sms, email or wechat.'),
  lang: z.enum(MESSAGE_LANGS).describe('zh-CN or en.'),
});

const templateSchema = z.object({
  channel: z.enum(MESSAGE_CHANNELS),
  lang: z.enum(MESSAGE_LANGS),
  content: z
    .record(z.string(), z.unknown())
    .describe('sms: {text}; email: {subject, html, text}; wechat: {templateId, fields: {first, keyword1…, remark}}.'),
  isDefault: z.boolean().describe('True when the built-in default is in use (never saved, or reset).'),
  updatedAt: z.string().nullable(),
});

const renderedSchema = z
  .object({
    channel: z.enum(MESSAGE_CHANNELS),
    text: z.string().optional(),
    subject: z.string().optional(),
    html: z.string().optional(),
    templateId: z.string().optional(),
    url: z.string().optional(),
    data: z.record(z.string(), z.string()).optional(),
  })
  .describe('The rendered message: sms {text}; email {subject, html, text}; wechat {templateId, url, data}.');

const variableNames = [...TEMPLATE_VARIABLES, ...EMAIL_ONLY_VARIABLES] as const;

export const messageTemplateRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/message-templates',
      {
        config: access.permission('channels.read'),
        schema: {
          tags,
          summary: 'Every channel × language message template (custom or default) and the variables',
          response: {
            200: z.object({
              items: z.array(templateSchema),
              variables: z.array(z.string()).describe('Usable as #Name#; UnsubscribeURL in e-mail only.'),
            }),
          },
        },
      },
      async () => ({ items: await listMessageTemplates(ctx.db), variables: [...variableNames] }),
    );

    app.put(
      '/message-templates/:channel/:lang',
      {
        config: access.permission('channels.write'),
        schema: {
          tags,
          summary: 'Save a message template',
          description:
            'Unknown variables are rejected, and #URL# is required in the SMS text and in both e-mail bodies (400 naming the field and the variable).',
          params: channelLangParams,
          body: z.object({ content: z.record(z.string(), z.unknown()).describe('The content for the channel.') }),
          response: { 200: templateSchema },
        },
      },
      async (req) => saveMessageTemplate(ctx.db, req.actor, req.params.channel, req.params.lang, req.body.content),
    );

    app.post(
      '/message-templates/:channel/:lang/reset',
      {
        config: access.permission('channels.write'),
        schema: {
          tags,
          summary: 'Go back to the built-in default',
          params: channelLangParams,
          response: { 200: templateSchema },
        },
      },
      async (req) => resetMessageTemplate(ctx.db, req.actor, req.params.channel, req.params.lang),
    );

    app.post(
      '/message-templates/preview',
      {
        config: access.permission('channels.read'),
        schema: {
          tags,
          summary: 'Render a template with sample values (live preview)',
          description: 'Without `content`, the saved template is rendered. Values in `sample` override the samples.',
          body: z.object({
            channel: z.enum(MESSAGE_CHANNELS),
            lang: z.enum(MESSAGE_LANGS),
            content: z.record(z.string(), z.unknown()).optional().describe('Unsaved content to preview.'),
            sample: z.partialRecord(z.enum(variableNames), z.string().max(2000)).optional(),
          }),
          response: { 200: renderedSchema },
        },
      },
      async (req) => previewMessageTemplate(ctx.db, req.body),
    );
  };
