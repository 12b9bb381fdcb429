/**
 * Every error the API answers with is an RFC 9457 problem document. Services throw these; the error handler in
 * app.ts turns them (and validation errors) into `application/problem+json`.
 */
export interface FieldError {
  path: string;
  message: string;
}

export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
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

export const problemType = (slug: string) => `https://rateloop.dev/problems/${slug}`;

export const badRequest = (detail: string, errors?: FieldError[]) =>
  new ProblemError(400, 'validation', 'Invalid request', detail, errors);
export const fieldError = (path: string, message: string) => badRequest(`${path}: ${message}`, [{ path, message }]);
export const unauthorized = (detail = 'Authentication required.') =>
  new ProblemError(401, 'unauthenticated', 'Unauthenticated', detail);
export const forbidden = (detail = 'You do not have permission for this action.', slug = 'forbidden') =>
  new ProblemError(403, slug, 'Forbidden', detail);
export const notFound = (what: string, id?: string) =>
  new ProblemError(404, 'not-found', 'Not found', id ? `${what} ${id} does not exist.` : `${what} does not exist.`);
export const conflict = (detail: string, slug = 'conflict', errors?: FieldError[]) =>
  new ProblemError(409, slug, 'Conflict', detail, errors);
export const tooManyRequests = (detail: string, retryAfterSeconds: number) =>
  new ProblemError(429, 'too-many-requests', 'Too many requests', detail, undefined, {
    'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))),
  });
