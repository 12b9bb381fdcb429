import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { type FieldError, ProblemError, problemType } from './problem.js';

const PROBLEM = 'application/problem+json; charset=utf-8';

export function sendProblem(
  reply: FastifyReply,
  status: number,
  slug: string,
  title: string,
  detail: string,
  errors?: FieldError[],
) {
  return reply
    .code(status)
    .type(PROBLEM)
    .send(JSON.stringify({ type: problemType(slug), title, status, detail, ...(errors ? { errors } : {}) }));
}

/**
 * Errors the router raises before any route (and so before the error handler): a URL that does not decode
 * (`%FF%FE`) and a path parameter over `maxParamLength`. Passed to Fastify as `frameworkErrors`.
 */
export function sendFrameworkError(err: FastifyError, reply: FastifyReply) {
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH')
    return sendProblem(reply, 400, 'bad-request', 'Bad request', 'A path segment is too long.');
  if (err.code === 'FST_ERR_BAD_URL')
    return sendProblem(reply, 400, 'bad-request', 'Bad request', 'The URL is not valid (bad percent-encoding).');
  return sendProblem(reply, 400, 'bad-request', 'Bad request', err.message);
}

/** The SQLSTATE of a failed statement; Drizzle wraps the driver's error (`DrizzleQueryError`, code on `cause`). */
function postgresCodeOf(err: unknown): string | undefined {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, i = 0; e && i < 3; i++) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
    e = e.cause as typeof e;
  }
  return undefined;
}

const LOCATION_PREFIX: Record<string, string> = {
  body: '',
  querystring: 'query.',
  params: 'params.',
  headers: 'headers.',
};

/** Maps everything thrown in a request to `application/problem+json`; only real bugs become 500s. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | ProblemError | Error, req, reply) => {
    if (err instanceof ProblemError) {
      if (err.headers) reply.headers(err.headers);
      return sendProblem(reply, err.status, err.slug, err.title, err.message, err.errors);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const prefix = LOCATION_PREFIX[(err as FastifyError).validationContext ?? 'body'] ?? '';
      const errors = err.validation.map((v) => ({
        path: `${prefix}${v.instancePath.replace(/^\//, '').replaceAll('/', '.')}`.replace(/\.$/, '') || '(root)',
        message: v.message ?? 'is invalid',
      }));
      const detail = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
      return sendProblem(reply, 400, 'validation', 'Invalid request', detail, errors);
    }
    if (isResponseSerializationError(err as Error)) {
      req.log.error({ err }, 'response did not match its schema');
      return sendProblem(reply, 500, 'internal', 'Internal error', 'The server produced an invalid response.');
    }
    const pgCode = postgresCodeOf(err);
    if (pgCode === '23505')
      return sendProblem(reply, 409, 'conflict', 'Conflict', 'A record with the same unique value already exists.');
    if (pgCode === '23503')
      return sendProblem(
        reply,
        409,
        'conflict',
        'Conflict',
        'The record is referenced by, or refers to, another record.',
      );
    const status = (err as FastifyError).statusCode;
    if (status && status >= 400 && status < 500) {
      const slug =
        status === 429
          ? 'too-many-requests'
          : status === 413
            ? 'payload-too-large'
            : status === 415
              ? 'unsupported-media-type'
              : 'bad-request';
      return sendProblem(reply, status, slug, err.name === 'Error' ? 'Bad request' : err.name, err.message);
    }
    req.log.error({ err }, 'unhandled error');
    return sendProblem(reply, 500, 'internal', 'Internal error', 'An unexpected error occurred; it has been logged.');
  });
}
