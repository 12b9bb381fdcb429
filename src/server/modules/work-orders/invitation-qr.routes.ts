import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { access } from '../../http/access.js';
import { forbidden, ProblemError } from '../../http/problem.js';
import { renderQr, renderQrCard } from '../channels/qr.js';
import { readInvitationRow } from '../invitations/invitation-by-id.js';
import { auditRevealedLinks, linkViewer } from '../invitations/invitation-links.js';
import { type InvitationRow, presentInvitation } from '../invitations/invitations.service.js';
import { getOrganisationProfile } from '../settings/settings.service.js';
import { presentWorkOrders } from './work-orders.presenter.js';
import { getWorkOrderRow } from './work-orders.queries.js';

const tags = ['invitations'];
const QR_DOC =
  'Any invitation the engineer shows on site (`qr: true`) with `work_orders.read`; an invitation that is sent needs ' +
  '`invitations.reveal_link` too (403 otherwise) and is audited as `invitation.links_revealed`.';
const params = z.object({ id: z.uuid() });
const sizeQuery = z.object({
  size: z.coerce.number().int().min(64).max(2048).default(512).describe('Width in pixels, quiet zone included.'),
});

export const invitationQrRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const links = { appSecret: ctx.appSecret, publicBaseUrl: ctx.config.publicBaseUrl };
    /**
     * The link a QR code encodes is the live link: for a QR invitation anyone with `work_orders.read` may have it (the
     * engineer shows it on site); for one that is sent, only a caller who may reveal links, and that is audited.
     */
    const linkFor = async (req: FastifyRequest, row: InvitationRow) => {
      const viewer = linkViewer(req.principal);
      const { url } = presentInvitation(row, links, viewer);
      if (!url)
        throw forbidden(
          'This invitation is sent to the customer: its QR code needs the "invitations.reveal_link" permission.',
        );
      await auditRevealedLinks(
        ctx.db,
        req.actor,
        viewer,
        `GET ${req.routeOptions.url ?? req.url}`.replace(':id', row.id),
      );
      return url;
    };
    const urlOf = async (req: FastifyRequest, id: string) =>
      linkFor(req, await readInvitationRow(ctx.db, req.actor, id));

    app.get(
      '/invitations/:id/qr.png',
      {
        config: access.permission('work_orders.read'),
        schema: {
          tags,
          summary: 'The invitation link as a PNG QR code',
          description: QR_DOC,
          params,
          querystring: sizeQuery,
        },
      },
      async (req, reply) => {
        const png = await renderQr(await urlOf(req, req.params.id), { format: 'png', size: req.query.size });
        return reply.type('image/png').header('cache-control', 'private, no-store').send(png);
      },
    );

    app.get(
      '/invitations/:id/qr.svg',
      {
        config: access.permission('work_orders.read'),
        schema: {
          tags,
          summary: 'The invitation link as an SVG QR code',
          description: QR_DOC,
          params,
          querystring: sizeQuery,
        },
      },
      async (req, reply) => {
        const svg = await renderQr(await urlOf(req, req.params.id), { format: 'svg', size: req.query.size });
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
          description: `Work-order number, subject, engineer, bilingual instructions and the QR code as inline SVG. ${QR_DOC}`,
          params,
        },
      },
      async (req, reply) => {
        const row = await readInvitationRow(ctx.db, req.actor, req.params.id);
        const url = await linkFor(req, row);
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
