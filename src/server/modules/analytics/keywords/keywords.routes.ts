import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../context.js';
import { access } from '../../../http/access.js';
import { keywordDictionaryBody, keywordDictionarySchema, keywordsQuery, keywordsSchema } from './keywords.schemas.js';
import { analyticsKeywords, getKeywordDictionary, replaceKeywordDictionary } from './keywords.service.js';

const tags = ['analytics'];

export const keywordRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/analytics/keywords',
      {
        config: access.permission('analytics.read'),
        schema: {
          tags,
          summary: 'Keyword frequencies of the comments, with rising keywords',
          description:
            'Terms of the comments (Chinese by jieba with the after-sales user dictionary, English by word ' +
            'segmentation; stop words dropped), each counted once per comment, from the keyword rollups — never a ' +
            'scan of the comments. `previousCount` / `rising` compare with the period of the same length just ' +
            'before. `GET /analytics/ratings?keyword=<term>` with the same filters lists exactly `count` ratings. ' +
            'Filters and access as `/analytics/summary`.',
          querystring: keywordsQuery,
          response: { 200: keywordsSchema },
        },
      },
      async (req) => analyticsKeywords(ctx.db, req.actor, req.query),
    );

    app.get(
      '/analytics/keyword-dictionary',
      {
        config: access.permission('analytics.read'),
        schema: {
          tags,
          summary: 'The after-sales user dictionary',
          description:
            'Words the Chinese segmenter keeps whole (售后, 回访, 压缩机, 外机 …), and `reextraction`: the progress of ' +
            'segmenting every comment again after the latest edit (while `queued` or `running` the keyword figures ' +
            'are incomplete).',
          response: { 200: keywordDictionarySchema },
        },
      },
      async () => getKeywordDictionary(ctx.db),
    );

    app.put(
      '/analytics/keyword-dictionary',
      {
        config: access.permission('settings.write', { usersOnly: true }),
        schema: {
          tags,
          summary: 'Replace the after-sales user dictionary',
          description:
            'Replaces the whole list (duplicates dropped). When it changed, every comment is segmented again with ' +
            'the new dictionary by the `analytics.keywords-reextract` job (meanwhile the keyword figures fill up ' +
            'again from zero); new comments use it at once.',
          body: keywordDictionaryBody,
          response: {
            200: keywordDictionarySchema.extend({
              reextracting: z.boolean().describe('A re-extraction was queued (the dictionary changed).'),
            }),
          },
        },
      },
      async (req) => replaceKeywordDictionary(ctx.db, ctx.jobs, req.actor, req.body.words),
    );
  };
