import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { access } from '../../http/access.js';
import { getOrganisationProfile, organisationProfileSchema, updateOrganisationProfile } from './settings.service.js';

export const settingsRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/settings/organisation',
      {
        config: access.authenticated(),
        schema: {
          tags: ['settings'],
          summary: 'The organisation profile (company name, logo, time zone, default language)',
          response: { 200: organisationProfileSchema },
        },
      },
      async () => getOrganisationProfile(ctx.db),
    );

    app.patch(
      '/settings/organisation',
      {
        config: access.permission('settings.write', { usersOnly: true }),
        schema: {
          tags: ['settings'],
          summary: 'Change the organisation profile',
          body: organisationProfileSchema.partial(),
          response: { 200: organisationProfileSchema },
        },
      },
      async (req) => updateOrganisationProfile(ctx.db, req.actor, req.body),
    );
  };
