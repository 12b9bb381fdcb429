import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { access } from '../../http/access.js';
import { getOrganisationProfile } from '../settings/settings.service.js';
import { erasePerson, exportPerson } from './contacts.service.js';
import { retentionJob } from './privacy.jobs.js';
import {
  eraseBodySchema,
  eraseResultSchema,
  exportSchema,
  personSchema,
  retentionPreviewSchema,
  retentionSettingsSchema,
  retentionStatusSchema,
} from './privacy.schemas.js';
import {
  getRetentionSettings,
  lastRetentionRun,
  nextRetentionRun,
  previewRetention,
  updateRetentionSettings,
} from './retention.service.js';

const tags = ['privacy'];

/** Retention of personal data and per-contact export and erase (issue 21; admins, `privacy:manage` keys). */
export const privacyRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const status = async () => ({
      ...(await getRetentionSettings(ctx.db)),
      nextRunAt: nextRetentionRun((await getOrganisationProfile(ctx.db)).timeZone, new Date()).toISOString(),
      lastRun: await lastRetentionRun(ctx.db),
    });

    app.get(
      '/privacy/retention',
      {
        config: access.permission('privacy.manage'),
        schema: {
          tags,
          summary: 'How long personal data are kept, and the nightly retention run',
          response: { 200: retentionStatusSchema },
        },
      },
      async () => status(),
    );

    app.put(
      '/privacy/retention',
      {
        config: access.permission('privacy.manage'),
        schema: {
          tags,
          summary: 'Set how long contact data and free text are kept (audited)',
          body: retentionSettingsSchema,
          response: { 200: retentionStatusSchema },
        },
      },
      async (req) => {
        await updateRetentionSettings(ctx.db, req.actor, req.body);
        return status();
      },
    );

    app.get(
      '/privacy/retention/preview',
      {
        config: access.permission('privacy.manage'),
        schema: {
          tags,
          summary: 'What the next nightly run will remove (with the settings as they are now)',
          response: { 200: retentionPreviewSchema },
        },
      },
      async () => previewRetention(ctx.db, new Date()),
    );

    app.post(
      '/privacy/retention/run',
      {
        config: access.permission('privacy.manage'),
        schema: {
          tags,
          summary: 'Run retention now instead of waiting for the night',
          response: { 202: z.object({ queued: z.literal(true) }) },
        },
      },
      async (_req, reply) => {
        await ctx.jobs.send(retentionJob, { now: true });
        return reply.status(202).send({ queued: true });
      },
    );

    app.post(
      '/privacy/contacts/export',
      {
        config: access.permission('privacy.manage'),
        schema: {
          tags,
          summary: 'Everything held about one person (by phone, e-mail or openid), as JSON (audited)',
          description: 'A POST so that the address never appears in a URL or a log line.',
          body: personSchema,
          response: { 200: exportSchema },
        },
      },
      async (req) => exportPerson(ctx.db, req.actor, req.body, new Date()),
    );

    app.post(
      '/privacy/contacts/erase',
      {
        config: access.permission('privacy.manage'),
        schema: {
          tags,
          summary: 'Erase one person: contact data and free text everywhere; ratings stay without identity',
          description:
            'Irreversible. Scores, classes and scored answers stay, so every figure is unchanged; an opt-out is kept ' +
            'as a hash so the person is not invited again. The audit log records who erased and when, not whom.',
          body: eraseBodySchema,
          response: { 200: eraseResultSchema },
        },
      },
      async (req) => erasePerson(ctx.db, req.actor, req.body.person, new Date()),
    );
  };
