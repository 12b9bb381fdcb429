import type { FieldErrorCode, FieldErrorParams, ProblemType } from '../../common/error-codes.js';

/**
 * Every error the API answers with is an RFC 9457 problem document. Services throw these; the error handler in
 * app.ts turns them (and validation errors) into `application/problem+json`. `slug` and each field error's `code`
 * come from src/common/error-codes.ts, which the console translates; `detail` and `message` stay English.
 */
export interface FieldError {
  path: string;
  /** English, for integrators (API-CONTRACT.md). */
  message: string;
  code: FieldErrorCode;
  /** Values for the code's translation (`{ max: 200 }`). */
  params?: FieldErrorParams;
}

/** A field error; `params` is left out when there are none. */
export const issue = (path: string, code: FieldErrorCode, message: string, params?: FieldErrorParams): FieldError =>
  params ? { path, message, code, params } : { path, message, code };

/** The `detail` of a problem made of field errors: `path: message; …`. */
export const detailOf = (errors: readonly FieldError[]) => errors.map((e) => `${e.path}: ${e.message}`).join('; ');

export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly slug: ProblemType,
    readonly title: string,
    detail?: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail ?? title);
  }

  /** Fastify and its plugins read `statusCode` off thrown errors. */
  get statusCode(): number {
    return this.status;
  }
}

export const problemType = (slug: ProblemType) => `https://rateloop.dev/problems/${slug}`;

export const badRequest = (detail: string, errors?: FieldError[]) =>
  new ProblemError(400, 'validation', 'Invalid request', detail, errors);
/** A 400 naming one field: `fieldError('departmentId', 'not_found', 'no such department')`. */
export const fieldError = (path: string, code: FieldErrorCode, message: string, params?: FieldErrorParams) =>
  badRequest(`${path}: ${message}`, [issue(path, code, message, params)]);
/** A 400 made of field errors, its detail listing them. */
export const fieldErrors = (errors: FieldError[]) => badRequest(detailOf(errors), errors);
export const unauthorized = (detail = 'Authentication required.') =>
  new ProblemError(401, 'unauthenticated', 'Unauthenticated', detail);
export const forbidden = (detail = 'You do not have permission for this action.', slug: ProblemType = 'forbidden') =>
  new ProblemError(403, slug, 'Forbidden', detail);
export const notFound = (what: string, id?: string) =>
  new ProblemError(404, 'not-found', 'Not found', id ? `${what} ${id} does not exist.` : `${what} does not exist.`);
export const conflict = (detail: string, slug: ProblemType = 'conflict', errors?: FieldError[]) =>
  new ProblemError(409, slug, 'Conflict', detail, errors);
/** Pad mode: the console session is suspended until its user re-authenticates (`POST /api/v1/auth/unlock`). */
export const sessionLocked = () =>
  new ProblemError(
    423,
    'session-locked',
    'Session locked',
    'This console session is locked (pad mode): re-enter the password with POST /api/v1/auth/unlock.',
  );
export const tooManyRequests = (detail: string, retryAfterSeconds: number) =>
  new ProblemError(429, 'too-many-requests', 'Too many requests', detail, undefined, {
    'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))),
  });
