import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Dimension } from '../../../common/scoring/index.js';
import type { AppContext } from '../../context.js';
import { access } from '../../http/access.js';
import { pageOf, pageQuery } from '../../http/pagination.js';
import {
  createTemplateBodySchema,
  draftBodySchema,
  scorePreviewBodySchema,
  scorePreviewSchema,
  templateDetailSchema,
  templateListItemSchema,
  templateListQuerySchema,
  updateTemplateBodySchema,
  versionSchema,
  versionSummarySchema,
} from './templates.schemas.js';
import {
  createTemplate,
  deleteTemplate,
  getTemplateDetail,
  listTemplates,
  setArchived,
  setDefaultTemplate,
  updateTemplate,
} from './templates.service.js';
import { discardDraft, getVersion, listVersions, publishDraft, saveDraft, scorePreview } from './versions.service.js';

const tags = ['rating-templates'];
const params = z.object({ id: z.uuid() });
const read = access.permission('templates.read');
const write = access.permission('templates.write');

export const templateRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/rating-templates',
      {
        config: read,
        schema: {
          tags,
          summary: 'List rating templates by name, with their latest version and published version number',
          querystring: z.object({ ...pageQuery, ...templateListQuerySchema }),
          response: { 200: pageOf(templateListItemSchema) },
        },
      },
      async (req) => listTemplates(ctx.db, req.query),
    );

    app.post(
      '/rating-templates',
      {
        config: write,
        schema: {
          tags,
          summary: 'Create a template with draft version 1',
          body: createTemplateBodySchema,
          response: { 201: templateDetailSchema },
        },
      },
      async (req, reply) => reply.code(201).send(await createTemplate(ctx.db, req.actor, req.body)),
    );

    app.post(
      '/rating-templates/score-preview',
      {
        config: read,
        schema: {
          tags,
          summary: 'Score answers against a template as edited, or a stored version (nothing is saved)',
          body: scorePreviewBodySchema,
          response: { 200: scorePreviewSchema },
        },
      },
      async (req) =>
        scorePreview(ctx.db, {
          template: req.body.template && {
            weighting: req.body.template.weighting,
            dimensions: req.body.template.dimensions as Dimension[],
          },
          versionId: req.body.versionId,
          answers: req.body.answers,
        }),
    );

    app.get(
      '/rating-templates/:id',
      {
        config: read,
        schema: {
          tags,
          summary: 'A template with its draft (if any) and latest published version',
          params,
          response: { 200: templateDetailSchema },
        },
      },
      async (req) => getTemplateDetail(ctx.db, req.params.id),
    );

    app.patch(
      '/rating-templates/:id',
      {
        config: write,
        schema: {
          tags,
          summary: 'Change the template’s metadata (not versioned)',
          params,
          body: updateTemplateBodySchema,
          response: { 200: templateDetailSchema },
        },
      },
      async (req) => updateTemplate(ctx.db, req.actor, req.params.id, req.body),
    );

    app.delete(
      '/rating-templates/:id',
      {
        config: write,
        schema: {
          tags,
          summary: 'Delete a template that was never published (409 otherwise: archive it)',
          params,
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await deleteTemplate(ctx.db, req.actor, req.params.id);
        return reply.code(204).send(null);
      },
    );

    app.put(
      '/rating-templates/:id/draft',
      {
        config: write,
        schema: {
          tags,
          summary: 'Save the draft (structure checked only); creates draft N+1 when the latest version is published',
          params,
          body: draftBodySchema,
          response: { 200: versionSchema },
        },
      },
      async (req) => saveDraft(ctx.db, req.actor, req.params.id, req.body),
    );

    app.delete(
      '/rating-templates/:id/draft',
      {
        config: write,
        schema: { tags, summary: 'Discard the draft (409 when there is none)', params, response: { 204: z.null() } },
      },
      async (req, reply) => {
        await discardDraft(ctx.db, req.actor, req.params.id);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/rating-templates/:id/publish',
      {
        config: write,
        schema: {
          tags,
          summary:
            'Publish the draft as a frozen version (400 listing every failing field; 409 when there is no draft)',
          params,
          response: { 200: versionSchema },
        },
      },
      async (req) => publishDraft(ctx.db, req.actor, req.params.id),
    );

    app.get(
      '/rating-templates/:id/versions',
      {
        config: read,
        schema: {
          tags,
          summary: 'Every version of the template, newest first',
          params,
          response: { 200: z.object({ items: z.array(versionSummarySchema), nextCursor: z.null() }) },
        },
      },
      async (req) => listVersions(ctx.db, req.params.id),
    );

    for (const [action, archived] of [
      ['archive', true],
      ['unarchive', false],
    ] as const) {
      app.post(
        `/rating-templates/:id/${action}`,
        {
          config: write,
          schema: {
            tags,
            summary: archived
              ? 'Archive a template (409 for the default template or one still used by a rule or service-type default)'
              : 'Make an archived template active again',
            params,
            response: { 200: templateDetailSchema },
          },
        },
        async (req) => setArchived(ctx.db, req.actor, req.params.id, archived),
      );
    }

    app.post(
      '/rating-templates/:id/set-default',
      {
        config: write,
        schema: {
          tags,
          summary: 'Make this (active, published) template the organisation default',
          params,
          response: { 200: templateDetailSchema },
        },
      },
      async (req) => setDefaultTemplate(ctx.db, req.actor, req.params.id),
    );

    app.get(
      '/rating-template-versions/:versionId',
      {
        config: read,
        schema: {
          tags,
          summary: 'Any version, draft or published (a published one never changes)',
          params: z.object({ versionId: z.uuid() }),
          response: { 200: versionSchema },
        },
      },
      async (req) => getVersion(ctx.db, req.params.versionId),
    );
  };
