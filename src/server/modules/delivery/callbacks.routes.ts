import { eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { channelConfigs } from '../../db/schema/channels.js';
import { access } from '../../http/access.js';
import { ANONYMOUS_BODY_LIMIT } from '../../http/body-limits.js';
import { badRequest, forbidden, notFound } from '../../http/problem.js';
import { parseUrlEncoded } from '../../public-pages/form-body.js';
import {
  ALIYUN_REPORT_ANSWER,
  parseAliyunReport,
  parseTwilioStatusCallback,
  verifyAliyunReportSecret,
  verifyTwilioSignature,
} from '../channels/receipts.js';
import { resolveConfig } from '../channels/runtime.js';
import { applyReceipts } from './receipts.service.js';

const tags = ['delivery'];
const params = z.object({ configId: z.uuid() });
const answer = z.object({ updated: z.number().int() });
const rateLimit = { max: 600, timeWindow: '1 minute' };

/** Provider delivery receipts → the attempt's `receiptStatus`. Public (providers call them), signature-checked. */
export const callbackRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    // Signatures cover the raw body: keep it as a string here (this plugin only).
    app.removeContentTypeParser(['application/json', 'application/x-www-form-urlencoded']);
    app.addContentTypeParser(
      ['application/json', 'application/x-www-form-urlencoded'],
      { parseAs: 'string', bodyLimit: ANONYMOUS_BODY_LIMIT },
      (_req, body, done) => done(null, body),
    );

    const configOf = async (id: string, provider: 'twilio' | 'aliyun') => {
      const [row] = await ctx.db.select().from(channelConfigs).where(eq(channelConfigs.id, id)).limit(1);
      const config = row?.provider === provider ? resolveConfig(ctx.appSecret, row) : null;
      if (!config) throw notFound('Channel configuration', id);
      return config;
    };

    app.post(
      '/channel-callbacks/twilio/:configId',
      {
        config: { ...access.public(), rateLimit },
        bodyLimit: ANONYMOUS_BODY_LIMIT,
        schema: {
          tags,
          summary: 'Twilio status callback (X-Twilio-Signature)',
          params,
          response: { 200: answer },
        },
      },
      async (req) => {
        const config = await configOf(req.params.configId, 'twilio');
        const raw = typeof req.body === 'string' ? req.body : '';
        const form: Record<string, string> = {};
        for (const [k, v] of Object.entries(parseUrlEncoded(raw))) form[k] = (Array.isArray(v) ? v[0] : v) ?? '';
        const configured = (config.settings as { statusCallbackUrl?: string }).statusCallbackUrl;
        const called = new URL(configured ?? `${ctx.config.publicBaseUrl}${req.url}`);
        called.search = new URL(req.url, 'http://x').search;
        const header = req.headers['x-twilio-signature'];
        if (!verifyTwilioSignature(config.secrets.authToken ?? '', called.toString(), form, header as string))
          throw forbidden('Bad Twilio signature.');
        const receipt = parseTwilioStatusCallback(form, called.searchParams.get('ref'));
        if (!receipt) throw badRequest('Not a Twilio status callback.');
        return { updated: await applyReceipts(ctx.db, config.id, [receipt]) };
      },
    );

    /** Aliyun's HTTP status push (unsigned): authenticated by the secret path, answered as Aliyun expects. */
    const aliyunReport = async (configId: string, secret: string | null, raw: string) => {
      const config = await configOf(configId, 'aliyun');
      if (secret !== null && !verifyAliyunReportSecret(config.secrets.reportSecret, secret))
        throw forbidden('Unknown report address.');
      let receipts: ReturnType<typeof parseAliyunReport>;
      try {
        receipts = parseAliyunReport(JSON.parse(raw));
      } catch {
        throw badRequest('Not an Aliyun SmsReport batch.');
      }
      // Without the secret path anyone could post: only a report naming both the BizId and the OutId of one of
      // this configuration's attempts (neither is public) is applied.
      await applyReceipts(ctx.db, config.id, receipts, { requireBoth: secret === null });
      return { ...ALIYUN_REPORT_ANSWER };
    };
    const aliyunAnswer = z.object({ code: z.number().int(), msg: z.string() });

    app.post(
      '/channel-callbacks/aliyun/:configId/:secret',
      {
        config: { ...access.public(), rateLimit },
        bodyLimit: ANONYMOUS_BODY_LIMIT,
        schema: {
          tags,
          summary: "Aliyun SmsReport batch (HTTP push); the last path segment is the configuration's reportSecret",
          params: params.extend({ secret: z.string().min(1).max(200) }),
          response: { 200: aliyunAnswer },
        },
      },
      async (req) => aliyunReport(req.params.configId, req.params.secret, typeof req.body === 'string' ? req.body : ''),
    );

    app.post(
      '/channel-callbacks/aliyun/:configId',
      {
        config: { ...access.public(), rateLimit },
        bodyLimit: ANONYMOUS_BODY_LIMIT,
        schema: {
          tags,
          summary: 'Aliyun SmsReport batch without a secret path: applied only where BizId and OutId both match',
          params,
          response: { 200: aliyunAnswer },
        },
      },
      async (req) => aliyunReport(req.params.configId, null, typeof req.body === 'string' ? req.body : ''),
    );
  };
