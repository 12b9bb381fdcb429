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
  ALIYUN_REPORT_SIGNATURE_HEADER,
  parseAliyunReport,
  parseTwilioStatusCallback,
  verifyAliyunReport,
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

    app.post(
      '/channel-callbacks/aliyun/:configId',
      {
        config: { ...access.public(), rateLimit },
        bodyLimit: ANONYMOUS_BODY_LIMIT,
        schema: {
          tags,
          summary: `Aliyun SmsReport batch (${ALIYUN_REPORT_SIGNATURE_HEADER}: sha256=<HMAC of the body>)`,
          params,
          response: { 200: answer },
        },
      },
      async (req) => {
        const config = await configOf(req.params.configId, 'aliyun');
        const raw = typeof req.body === 'string' ? req.body : '';
        const header = req.headers[ALIYUN_REPORT_SIGNATURE_HEADER];
        const secret = config.secrets.reportSecret;
        if (!secret || !verifyAliyunReport(secret, raw, header as string)) throw forbidden('Bad report signature.');
        let receipts: ReturnType<typeof parseAliyunReport>;
        try {
          receipts = parseAliyunReport(JSON.parse(raw));
        } catch {
          throw badRequest('Not an Aliyun SmsReport batch.');
        }
        return { updated: await applyReceipts(ctx.db, config.id, receipts) };
      },
    );
  };
