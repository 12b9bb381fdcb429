import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES, SCOPES } from '../../../common/roles.js';
import { access } from '../../http/access.js';

/** Facts the console needs to build its forms. */
export const metaRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/meta',
    {
      config: access.authenticated(),
      schema: {
        tags: ['system'],
        summary: 'Roles and API-key scopes known to this server',
        response: { 200: z.object({ roles: z.array(z.string()), scopes: z.array(z.string()), version: z.string() }) },
      },
    },
    async () => ({ roles: [...ROLES], scopes: [...SCOPES], version: process.env.npm_package_version ?? '0.1.0' }),
  );
};
