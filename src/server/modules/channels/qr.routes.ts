import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { access } from '../../http/access.js';
import { ProblemError } from '../../http/problem.js';
import { getInvitationRow } from '../invitations/invitation-by-id.js';
import { presentInvitation } from '../invitations/invitations.service.js';
import { getOrganisationProfile } from '../settings/settings.service.js';
import { presentWorkOrders } from '../work-orders/work-orders.presenter.js';
import { getWorkOrderRow } from '../work-orders/work-orders.queries.js';
import { renderQr, renderQrCard } from './qr.js';

const tags = ['invitations'];
const params = z.object({ id: z.uuid() });
const sizeQuery = z.object({
  size: z.coerce.number().int().min(64).max(2048).default(512).describe('Width in pixels, quiet zone included.'),
});

export const qrRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const links = { appSecret: ctx.appSecret, publicBaseUrl: ctx.config.publicBaseUrl };
    const urlOf = async (id: string) => presentInvitation(await getInvitationRow(ctx.db, id), links).url;

    app.get(
      '/invitations/:id/qr.png',
      {
        config: access.permission('work_orders.read'),
        schema: { tags, summary: 'The invitation link as a PNG QR code', params, querystring: sizeQuery },
      },
      async (req, reply) => {
        const png = await renderQr(await urlOf(req.params.id), { format: 'png', size: req.query.size });
        return reply.type('image/png').header('cache-control', 'private, no-store').send(png);
      },
    );

    app.get(
      '/invitations/:id/qr.svg',
      {
        config: access.permission('work_orders.read'),
        schema: { tags, summary: 'The invitation link as an SVG QR code', params, querystring: sizeQuery },
      },
      async (req, reply) => {
        const svg = await renderQr(await urlOf(req.params.id), { format: 'svg', size: req.query.size });
        return reply.type('image/svg+xml').header('cache-control', 'private, no-store').send(svg);
      },
    );

    app.get(
      '/invitations/:id/card',
      {
        config: access.permission('work_orders.read'),
        schema: {
          tags,
          summary: 'A printable QR card (HTML; A6 in print, phone-sized on screen)',
          description: 'Work-order number, subject, engineer, bilingual instructions and the QR code as inline SVG.',
          params,
        },
      },
      async (req, reply) => {
        const row = await getInvitationRow(ctx.db, req.params.id);
        const { url } = presentInvitation(row, links);
        const profile = await getOrganisationProfile(ctx.db);
        let workOrder: { number: string; subject: string; engineers: { name: string }[] } | undefined;
        try {
          [workOrder] = await presentWorkOrders(ctx.db, [await getWorkOrderRow(ctx.db, row.workOrderId)]);
        } catch (err) {
          // An invitation outlives nothing it needs: a vanished work order still prints a usable card.
          if (!(err instanceof ProblemError && err.status === 404)) throw err;
        }
        const html = await renderQrCard({
          url,
          companyName: profile.companyName,
          workOrderNumber: workOrder?.number ?? '—',
          subject: workOrder?.subject ?? '',
          engineerName: workOrder?.engineers.map((e) => e.name).join('、') || '—',
        });
        return reply
          .type('text/html; charset=utf-8')
          .header('cache-control', 'private, no-store')
          .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
          .send(html);
      },
    );
  };
