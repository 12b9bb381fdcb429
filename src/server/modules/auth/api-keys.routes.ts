import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SCOPES } from '../../../common/roles.js';
import type { AppContext } from '../../context.js';
import { access } from '../../http/access.js';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.service.js';

const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().describe('The first characters of the key, to recognise it.'),
  scopes: z.array(z.string()),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  createdByName: z.string().nullable(),
});

type ApiKeyRow = Awaited<ReturnType<typeof listApiKeys>>[number];
const present = ({ key, createdByName }: ApiKeyRow): z.infer<typeof apiKeySchema> => ({
  id: key.id,
  name: key.name,
  prefix: key.prefix,
  scopes: key.scopes,
  createdAt: key.createdAt.toISOString(),
  lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
  revokedAt: key.revokedAt?.toISOString() ?? null,
  createdByName,
});

export const apiKeyRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api-keys',
      {
        config: access.permission('api_keys.manage', { usersOnly: true }),
        schema: {
          tags: ['api-keys'],
          summary: 'List API keys (never the keys themselves)',
          response: { 200: z.object({ items: z.array(apiKeySchema), nextCursor: z.null() }) },
        },
      },
      async () => ({ items: (await listApiKeys(ctx.db)).map(present), nextCursor: null }),
    );

    app.post(
      '/api-keys',
      {
        config: access.permission('api_keys.manage', { usersOnly: true }),
        schema: {
          tags: ['api-keys'],
          summary: 'Create an API key; the key is in this response only',
          body: z.object({
            name: z.string().trim().min(1).max(100).describe('What the key is for, e.g. "ERP integration".'),
            scopes: z.array(z.enum(SCOPES)).min(1).describe('What the key may do.'),
          }),
          response: { 201: apiKeySchema.extend({ key: z.string().describe('Shown once; stored hashed.') }) },
        },
      },
      async (req, reply) => {
        const { row, key } = await createApiKey(ctx.db, req.actor, req.body);
        return reply.code(201).send({ ...present({ key: row, createdByName: req.actor.name }), key });
      },
    );

    app.delete(
      '/api-keys/:id',
      {
        config: access.permission('api_keys.manage', { usersOnly: true }),
        schema: {
          tags: ['api-keys'],
          summary: 'Revoke an API key',
          params: z.object({ id: z.uuid() }),
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await revokeApiKey(ctx.db, req.actor, req.params.id);
        return reply.code(204).send(null);
      },
    );
  };
