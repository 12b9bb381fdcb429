import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { access } from '../../http/access.js';
import { callbackRoutes } from './callbacks.routes.js';
import { deliverySettingsSchema, getDeliverySettings, updateDeliverySettings } from './delivery-settings.js';
import { problemRoutes } from './problems.routes.js';

const tags = ['delivery'];

/** Delivery policy settings and provider delivery receipts (mounted under /api/v1). */
export const deliveryRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/delivery-settings',
      {
        config: access.permission('channels.read'),
        schema: {
          tags,
          summary: 'Quiet hours, fatigue cap, reminders and retry policy of invitation delivery',
          response: { 200: deliverySettingsSchema },
        },
      },
      async () => getDeliverySettings(ctx.db),
    );

    app.put(
      '/delivery-settings',
      {
        config: access.permission('channels.write'),
        schema: {
          tags,
          summary: 'Replace the delivery settings',
          body: deliverySettingsSchema,
          response: { 200: deliverySettingsSchema },
        },
      },
      async (req) => updateDeliverySettings(ctx.db, req.actor, req.body),
    );

    await app.register(callbackRoutes(ctx));
    await app.register(problemRoutes(ctx));
  };
