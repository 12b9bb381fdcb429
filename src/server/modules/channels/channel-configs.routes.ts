import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { CHANNEL_PROVIDERS } from '../../db/schema/channels.js';
import { access } from '../../http/access.js';
import {
  createChannelConfig,
  deleteChannelConfig,
  getChannelConfig,
  listChannelConfigs,
  testChannelConfig,
  updateChannelConfig,
} from './channel-configs.service.js';

const tags = ['channels'];
const idParams = z.object({ id: z.uuid() });

const configSchema = z.object({
  id: z.string(),
  channel: z.enum(['email', 'sms', 'wechat', 'webhook']),
  provider: z.enum(CHANNEL_PROVIDERS),
  name: z.string(),
  enabled: z.boolean(),
  settings: z.record(z.string(), z.unknown()).describe('Non-secret settings, as validated for the provider.'),
  secrets: z
    .record(z.string(), z.object({ hasSecret: z.literal(true), mask: z.string() }))
    .describe('Which secrets are set, masked like "••••1234"; never the values.'),
  usage: z.object({ month: z.string(), sent: z.number(), monthlyLimit: z.number().nullable() }),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const secretsInput = z
  .record(z.string(), z.string().max(2000).nullable())
  .describe('Secret values (password, authToken, accessKeySecret, appSecret, signingSecret, …); null removes one.');

const sendResultSchema = z
  .object({
    ok: z.boolean(),
    configId: z.string(),
    provider: z.string().nullable(),
    kind: z.enum(['transient', 'permanent', 'quota', 'unknown']).optional(),
    code: z.string().optional(),
    detail: z.string().optional(),
    providerMessageId: z.string().optional(),
    providerResponse: z.unknown(),
    durationMs: z.number(),
    retryAfterSeconds: z.number().optional(),
  })
  .describe('The adapter result: ok, or the failure classified transient / permanent / quota / unknown.');

const SETTINGS_HELP =
  'Per provider — smtp: host, port, secure (unset: 465 → implicit TLS), requireTLS, caCertificate, username, from, ' +
  'replyTo, maxConnections, connectionTimeoutMs, greetingTimeoutMs, socketTimeoutMs, sendTimeoutMs (no timeoutMs); ' +
  'twilio: accountSid, from | messagingServiceSid, statusCallbackUrl, baseUrl; ' +
  'aliyun: accessKeyId, signName, templates {invitation, reminder?, alert?, report?, sign_in_code?: {templateCode, templateParams}} (no URL-valued parameter), endpoint; generic_http: url, method, bodyTemplate, ' +
  'authHeader, messageIdPath; wechat_mp: appId, baseUrl, authorizeBaseUrl (WeChat web authorisation for the customer portal, default https://open.weixin.qq.com); webhook: url, allowPrivateNetwork, timeoutMs (15–30 s). ' +
  'All: timeoutMs, monthlyLimit.';

export const channelConfigRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/channel-configs',
      {
        config: access.permission('channels.read'),
        schema: {
          tags,
          summary: 'Delivery provider configurations (secrets masked)',
          response: { 200: z.object({ items: z.array(configSchema), nextCursor: z.null() }) },
        },
      },
      async () => ({ items: await listChannelConfigs(ctx.db, ctx.appSecret), nextCursor: null }),
    );

    app.get(
      '/channel-configs/:id',
      {
        config: access.permission('channels.read'),
        schema: { tags, summary: 'One provider configuration', params: idParams, response: { 200: configSchema } },
      },
      async (req) => getChannelConfig(ctx.db, ctx.appSecret, req.params.id),
    );

    app.post(
      '/channel-configs',
      {
        config: access.permission('channels.write'),
        schema: {
          tags,
          summary: 'Add a provider configuration',
          description: `Settings are validated for the provider (400 naming e.g. \`settings.host\`). ${SETTINGS_HELP}`,
          body: z.object({
            provider: z.enum(CHANNEL_PROVIDERS).describe('Which adapter sends; the channel follows from it.'),
            name: z.string().trim().min(1).max(100).describe('Shown in the console, e.g. "Aliyun SMS (main)".'),
            enabled: z.boolean().optional(),
            settings: z.record(z.string(), z.unknown()),
            secrets: secretsInput.optional(),
          }),
          response: { 201: configSchema },
        },
      },
      async (req, reply) => reply.code(201).send(await createChannelConfig(ctx.db, ctx.appSecret, req.actor, req.body)),
    );

    app.patch(
      '/channel-configs/:id',
      {
        config: access.permission('channels.write'),
        schema: {
          tags,
          summary: 'Change a provider configuration',
          description: '`settings` replaces the settings; in `secrets`, an omitted key keeps the stored secret.',
          params: idParams,
          body: z.object({
            name: z.string().trim().min(1).max(100).optional(),
            enabled: z.boolean().optional(),
            settings: z.record(z.string(), z.unknown()).optional(),
            secrets: secretsInput.optional(),
          }),
          response: { 200: configSchema },
        },
      },
      async (req) => updateChannelConfig(ctx.db, ctx.appSecret, req.actor, req.params.id, req.body),
    );

    app.delete(
      '/channel-configs/:id',
      {
        config: access.permission('channels.write'),
        schema: { tags, summary: 'Remove a provider configuration', params: idParams, response: { 204: z.null() } },
      },
      async (req, reply) => {
        await deleteChannelConfig(ctx.db, ctx.appSecret, req.actor, req.params.id);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/channel-configs/:id/test',
      {
        config: access.permission('channels.write'),
        schema: {
          tags,
          summary: 'Send a test message through the configuration',
          description:
            'Renders the saved template with sample values and sends it to `to` (e-mail address, phone number or ' +
            'OpenID; not needed for webhooks). Works on disabled configurations; counts towards the monthly limit.',
          params: idParams,
          body: z.object({
            to: z.string().trim().min(1).max(320).optional(),
            lang: z.enum(['zh-CN', 'en']).optional(),
          }),
          response: { 200: sendResultSchema },
        },
      },
      async (req) => testChannelConfig(ctx, req.actor, req.params.id, req.body),
    );
  };
