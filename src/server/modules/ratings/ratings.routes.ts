import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { access } from '../../http/access.js';
import { ratingIdParams, ratingListQuery, ratingPageSchema, ratingSchema } from './ratings.schemas.js';
import { getRating, listRatings } from './ratings.service.js';

const tags = ['ratings'];

export const ratingRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/ratings',
      {
        config: access.permission('ratings.read'),
        schema: {
          tags,
          summary: 'Ratings, newest first, with filters',
          description:
            'Filters combine with AND. `score` is S unrounded; `roundedStars` is for display and filtering. ' +
            '`engineerId` and `departmentId` (with its sub-departments) filter through the rated work order.',
          querystring: ratingListQuery,
          response: { 200: ratingPageSchema },
        },
      },
      async (req) => listRatings(ctx.db, req.actor, req.query),
    );

    app.get(
      '/ratings/:id',
      {
        config: access.permission('ratings.read'),
        schema: { tags, summary: 'One rating', params: ratingIdParams, response: { 200: ratingSchema } },
      },
      async (req) => getRating(ctx.db, req.actor, req.params.id),
    );
  };
