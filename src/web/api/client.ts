import i18n from 'i18next';
import createClient from 'openapi-fetch';
import { ApiError, apiNavigation, buildQuery, type Problem, type QueryValue, readCookie } from '../app/api';
import type { paths } from './schema';

/**
 * The console's typed API client: openapi-fetch over the generated `paths` (src/web/api/schema.d.ts, `npm run
 * gen:api`). Every request carries the session cookie, the console's language, and — on unsafe methods — the CSRF
 * token from the `rl_csrf` cookie. Call it through `ok(…)`, which returns the typed body or throws `ApiError` with
 * the problem document (and sends the user to /login or /change-password when the server says so):
 *
 *   const page = await ok(client.GET('/employees', { params: { query: { q, limit: 20 } } }));
 */
export const client = createClient<paths>({
  baseUrl: '/api/v1',
  credentials: 'same-origin',
  // Empty values are left out, as the console always did ('' means "no filter").
  querySerializer: (query) => buildQuery(query as Record<string, QueryValue>).slice(1),
});

client.use({
  onRequest({ request }) {
    request.headers.set('accept', 'application/json');
    // The server may localise problem details; it answers in English otherwise.
    request.headers.set('accept-language', i18n.language || 'zh-CN');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      const csrf = readCookie('rl_csrf');
      if (csrf) request.headers.set('x-csrf-token', csrf);
    }
    return request;
  },
});

/** What `ok` answers: the success body, `undefined` for a 204. */
type Body<D> = [D] extends [never] ? undefined : D;

export interface OkOptions {
  /** Login and session probing handle 401 themselves instead of redirecting. */
  noAuthRedirect?: boolean;
}

function toProblem(error: unknown, response: Response): Problem {
  if (error && typeof error === 'object') {
    const parsed = error as Partial<Problem> & { message?: string };
    return { ...parsed, status: parsed.status ?? response.status, detail: parsed.detail ?? parsed.message };
  }
  return { status: response.status, title: response.statusText };
}

/** Awaits an openapi-fetch call: the typed body, or `ApiError` with the server's problem document. */
export async function ok<D>(
  call: Promise<{ data?: D; error?: unknown; response: Response }>,
  options: OkOptions = {},
): Promise<Body<D>> {
  let result: { data?: D; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({ status: 0, title: i18n.t('errors.network'), detail: i18n.t('errors.network') });
  }
  const { data, error, response } = result;
  if (response.ok) return data as Body<D>;
  const problem = toProblem(error, response);
  if (response.status === 401 && !options.noAuthRedirect) apiNavigation.onUnauthorized?.();
  if (response.status === 403 && problem.type?.endsWith('/must-change-password')) {
    apiNavigation.onMustChangePassword?.();
  }
  // Pad mode: the server suspended this session while a customer rates on the device; only the lock screen remains.
  if (response.status === 423 && problem.type?.endsWith('/session-locked')) apiNavigation.onLocked?.();
  throw new ApiError(problem);
}

type Method = 'get' | 'put' | 'post' | 'patch' | 'delete';
type JsonOf<R> = R extends { content: { 'application/json': infer T } } ? T : never;
type Responses<P extends keyof paths, M extends Method> =
  NonNullable<paths[P][M]> extends { responses: infer R } ? R : never;

/** The JSON body of an operation's success answer (200, else 201/202): `Answer<'/employees/{id}', 'get'>`. */
export type Answer<P extends keyof paths, M extends Method = 'get'> =
  Responses<P, M> extends infer R
    ? R extends { 200: infer A }
      ? JsonOf<A>
      : R extends { 201: infer A }
        ? JsonOf<A>
        : R extends { 202: infer A }
          ? JsonOf<A>
          : never
    : never;

/** The JSON request body of an operation: `RequestBody<'/employees', 'post'>`. */
export type RequestBody<P extends keyof paths, M extends Method> =
  NonNullable<paths[P][M]> extends {
    requestBody?: { content: { 'application/json': infer B } };
  }
    ? B
    : never;

/** The query parameters of an operation. */
export type QueryOf<P extends keyof paths, M extends Method = 'get'> =
  NonNullable<paths[P][M]> extends {
    parameters: { query?: infer Q };
  }
    ? NonNullable<Q>
    : never;

/** An item of a paged list answer (`{ items, nextCursor }`). */
export type ItemOf<P extends keyof paths, M extends Method = 'get'> =
  Answer<P, M> extends { items: (infer I)[] } ? I : never;

/**
 * A run-time list of every value of a generated string union (for selects and filters), checked both ways: a value
 * the server does not know, or one it added, fails compilation. `allOf<WorkOrderStatus>()(['new', …])`.
 */
export const allOf =
  <T extends string>() =>
  <const L extends readonly T[]>(list: L & ([T] extends [L[number]] ? unknown : never)) =>
    list;
