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
import { ALL_VARIABLES, MESSAGE_PURPOSES, purposeVariables, REQUIRED_VARIABLE } from './purposes.js';
import { MESSAGE_CHANNELS, MESSAGE_LANGS } from './variables.js';
import { WECHAT_FIELD_LIMITS, WECHAT_FIELD_TYPES } from './wechat-fields.js';

const tags = ['message-templates'];

const purposeEnum = z
  .enum(MESSAGE_PURPOSES)
  .describe('invitation, reminder, alert (a low rating, to staff), report, or sign_in_code.');

const keyParams = z.object({
  purpose: purposeEnum,
  channel: z.enum(MESSAGE_CHANNELS).describe('sms, email or wechat.'),
  lang: z.enum(MESSAGE_LANGS).describe('zh-CN or en.'),
});

const templateSchema = z.object({
  purpose: z.enum(MESSAGE_PURPOSES),
  channel: z.enum(MESSAGE_CHANNELS),
  lang: z.enum(MESSAGE_LANGS),
  content: z
    .record(z.string(), z.unknown())
    .describe(
      'sms: {text}; email: {subject, html, text}; wechat: {templateId, fields: [{key: "thing2", text: "#Subject#"}, …]} (category-template fields; the type comes from the key).',
    ),
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

const variableNames = [...ALL_VARIABLES] as [string, ...string[]];

const purposeInfo = z.object({
  purpose: z.enum(MESSAGE_PURPOSES),
  required: z.string().describe('The variable the SMS text and both e-mail bodies must contain.'),
  variables: z
    .object({ sms: z.array(z.string()), email: z.array(z.string()), wechat: z.array(z.string()) })
    .describe('The variables each channel may use for this purpose.'),
});

export const messageTemplateRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/message-templates',
      {
        config: access.permission('channels.read'),
        schema: {
          tags,
          summary: 'Every purpose × channel × language message template (custom or default) and the variables',
          response: {
            200: z.object({
              items: z.array(templateSchema),
              variables: z.array(z.string()).describe('Every variable name (usable as #Name#, per purpose below).'),
              purposes: z.array(purposeInfo),
              wechatFieldTypes: z
                .array(
                  z.object({
                    type: z.enum(WECHAT_FIELD_TYPES),
                    max: z.number().int(),
                    truncatable: z.boolean().describe('Longer values are cut with an ellipsis when sent.'),
                  }),
                )
                .describe('WeChat category-template field types (the key prefix) and their character limits.'),
            }),
          },
        },
      },
      async () => ({
        items: await listMessageTemplates(ctx.db),
        variables: [...variableNames],
        purposes: MESSAGE_PURPOSES.map((purpose) => ({
          purpose,
          required: REQUIRED_VARIABLE[purpose],
          variables: {
            sms: purposeVariables(purpose, 'sms'),
            email: purposeVariables(purpose, 'email'),
            wechat: purposeVariables(purpose, 'wechat'),
          },
        })),
        wechatFieldTypes: WECHAT_FIELD_LIMITS,
      }),
    );

    app.put(
      '/message-templates/:purpose/:channel/:lang',
      {
        config: access.permission('channels.write'),
        schema: {
          tags,
          summary: 'Save a message template',
          description:
            "Unknown variables for the purpose are rejected, the purpose's required variable (#URL# for invitations and reminders) must be in the SMS text and in both e-mail bodies, and each WeChat field, filled with sample values, must fit its type (400 naming the field and the rule).",
          params: keyParams,
          body: z.object({ content: z.record(z.string(), z.unknown()).describe('The content for the channel.') }),
          response: { 200: templateSchema },
        },
      },
      async (req) => saveMessageTemplate(ctx.db, req.actor, req.params, req.body.content),
    );

    app.post(
      '/message-templates/:purpose/:channel/:lang/reset',
      {
        config: access.permission('channels.write'),
        schema: {
          tags,
          summary: 'Go back to the built-in default',
          params: keyParams,
          response: { 200: templateSchema },
        },
      },
      async (req) => resetMessageTemplate(ctx.db, req.actor, req.params),
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
            purpose: purposeEnum.default('invitation'),
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
