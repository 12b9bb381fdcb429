import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { ProblemType } from '../../common/error-codes.js';
import { type FieldError, issue, ProblemError, problemType } from './problem.js';
import { codeOfIssue, type ZodIssueFields } from './zod-issues.js';

const PROBLEM = 'application/problem+json; charset=utf-8';

export function sendProblem(
  reply: FastifyReply,
  status: number,
  slug: ProblemType,
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

/** Whether the value at a zod issue's path is absent from the request part that failed (then it is "required"). */
function isMissing(data: unknown, instancePath: string): boolean {
  let value = data;
  for (const key of instancePath.split('/').filter(Boolean)) {
    if (typeof value !== 'object' || value === null) return true;
    value = Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value === undefined;
}

const LOCATION_DATA = { body: 'body', querystring: 'query', params: 'params', headers: 'headers' } as const;

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
      const context = (err as FastifyError).validationContext ?? 'body';
      const prefix = LOCATION_PREFIX[context] ?? '';
      const data = req[LOCATION_DATA[context as keyof typeof LOCATION_DATA] ?? 'body'];
      // fastify-type-provider-zod: `keyword` is the zod issue code, `params` the rest of the issue.
      const errors = err.validation.map((v) => {
        const { code, params } = codeOfIssue(
          { ...(v.params as ZodIssueFields), code: v.keyword },
          v.keyword === 'invalid_type' && isMissing(data, v.instancePath),
        );
        const path =
          `${prefix}${v.instancePath.replace(/^\//, '').replaceAll('/', '.')}`.replace(/\.$/, '') || '(root)';
        return issue(path, code, v.message ?? 'is invalid', params);
      });
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
