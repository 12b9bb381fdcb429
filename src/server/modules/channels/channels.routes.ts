import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { messageTemplateRoutes } from '../message-templates/message-templates.routes.js';
import { channelConfigRoutes } from './channel-configs.routes.js';
import { sandboxRoutes } from './sandbox.routes.js';

/** The channel layer's routes: provider configurations, message templates and the sandbox inbox (QR codes and cards: work-orders/invitation-qr.routes.ts). */
export const channelRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(channelConfigRoutes(ctx));
    await app.register(messageTemplateRoutes(ctx));
    await app.register(sandboxRoutes(ctx));
  };
