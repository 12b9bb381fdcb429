import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { access } from '../../http/access.js';
import { pageOf } from '../../http/pagination.js';
import {
  markReadBody,
  notificationListQuery,
  notificationSchema,
  preferencesPatch,
  preferencesSchema,
  unreadCountSchema,
} from './notifications.schemas.js';
import { listNotifications, markRead, personOf, unreadCount } from './notifications.service.js';
import { getPreferences, savePreferences } from './preferences.service.js';

const tags = ['notifications'];
const own = access.authenticated({ usersOnly: true });

export const notificationRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/notifications',
      {
        config: own,
        schema: {
          tags,
          summary: "The caller's notifications (alerts, case warnings, breaches, escalations), newest first",
          querystring: notificationListQuery,
          response: { 200: pageOf(notificationSchema) },
        },
      },
      async (req) => listNotifications(ctx.db, req.actor, req.query),
    );
    app.get(
      '/notifications/unread-count',
      {
        config: own,
        schema: { tags, summary: 'How many of them are unread (the badge)', response: { 200: unreadCountSchema } },
      },
      async (req) => unreadCount(ctx.db, req.actor),
    );
    app.post(
      '/notifications/read',
      {
        config: own,
        schema: {
          tags,
          summary: 'Marks notifications read (some, or all)',
          body: markReadBody,
          response: { 200: unreadCountSchema },
        },
      },
      async (req) => markRead(ctx.db, req.actor, req.body),
    );
    app.get(
      '/notifications/preferences',
      {
        config: own,
        schema: { tags, summary: 'How the caller is notified', response: { 200: preferencesSchema } },
      },
      async (req) => getPreferences(ctx.db, personOf(req.actor)),
    );
    app.patch(
      '/notifications/preferences',
      {
        config: own,
        schema: {
          tags,
          summary: 'Changes how the caller is notified',
          body: preferencesPatch,
          response: { 200: preferencesSchema },
        },
      },
      async (req) => savePreferences(ctx.db, personOf(req.actor), req.body),
    );
  };
