import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiError, apiNavigation } from '../app/api';

// openapi-fetch takes globalThis.fetch when the client is created, so the stand-ins go in before the import.
const fetchMock = vi.hoisted(() => vi.fn<(request: Request) => Promise<Response>>());
vi.stubGlobal('fetch', fetchMock);
vi.stubGlobal('document', { cookie: 'other=1; rl_csrf=token%2F1' });
// Node's Request has no page to resolve `/api/v1/…` against; the browser's does.
vi.stubGlobal(
  'Request',
  class extends Request {
    constructor(input: RequestInfo | URL, init?: RequestInit) {
      super(typeof input === 'string' && input.startsWith('/') ? `http://console.test${input}` : input, init);
    }
  },
);

let client: typeof import('./client').client;
let ok: typeof import('./client').ok;
beforeAll(async () => {
  ({ client, ok } = await import('./client'));
});

afterEach(() => {
  fetchMock.mockReset();
  apiNavigation.onUnauthorized = undefined;
  apiNavigation.onMustChangePassword = undefined;
});

const json = (status: number, body: unknown, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });
const problem = (status: number, slug: string, extra: object = {}) =>
  json(
    status,
    { type: `https://rateloop.dev/problems/${slug}`, title: slug, status, detail: `${slug} detail`, ...extra },
    'application/problem+json',
  );

describe('the typed API client', () => {
  it('sends GETs under /api/v1 without a CSRF header, leaving empty query values out', async () => {
    fetchMock.mockResolvedValueOnce(json(200, { items: [], nextCursor: null }));
    const page = await ok(client.GET('/employees', { params: { query: { q: '', limit: 20 } } }));
    expect(page.items).toEqual([]);
    const request = fetchMock.mock.calls[0]![0];
    expect(request.method).toBe('GET');
    expect(request.url).toBe('http://console.test/api/v1/employees?limit=20');
    expect(request.headers.get('x-csrf-token')).toBeNull();
    expect(request.credentials).toBe('same-origin');
  });

  it('echoes the rl_csrf cookie on unsafe methods and answers undefined for a 204', async () => {
    fetchMock.mockResolvedValueOnce(new Response(null, { status: 204 }));
    const result = await ok(client.DELETE('/departments/{id}', { params: { path: { id: 'd-1' } } }));
    expect(result).toBeUndefined();
    const request = fetchMock.mock.calls[0]![0];
    expect(request.url).toContain('/api/v1/departments/d-1');
    expect(request.headers.get('x-csrf-token')).toBe('token/1');
  });

  it('throws ApiError with the problem document, field errors and codes included', async () => {
    const errors = [{ path: 'name', message: 'too long', code: 'too_long', params: { max: 100 } }];
    fetchMock.mockResolvedValueOnce(problem(400, 'validation', { errors }));
    const error = await ok(client.POST('/departments', { body: { name: 'x', kind: 'team' } })).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.problem.type).toBe('https://rateloop.dev/problems/validation');
    expect(error.problem.errors).toEqual(errors);
  });

  it('sends the user to /login on 401 unless told not to, and to /change-password when the server asks', async () => {
    const onUnauthorized = vi.fn();
    const onMustChangePassword = vi.fn();
    Object.assign(apiNavigation, { onUnauthorized, onMustChangePassword });

    fetchMock.mockResolvedValueOnce(problem(401, 'unauthenticated'));
    await expect(ok(client.GET('/meta'))).rejects.toBeInstanceOf(ApiError);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);

    fetchMock.mockResolvedValueOnce(problem(401, 'unauthenticated'));
    await expect(ok(client.GET('/auth/session'), { noAuthRedirect: true })).rejects.toBeInstanceOf(ApiError);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);

    fetchMock.mockResolvedValueOnce(problem(403, 'must-change-password'));
    await expect(ok(client.GET('/meta'))).rejects.toBeInstanceOf(ApiError);
    expect(onMustChangePassword).toHaveBeenCalledTimes(1);
  });

  it('turns a network failure into ApiError status 0, and a non-JSON error into its status', async () => {
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    await expect(ok(client.GET('/meta'))).rejects.toMatchObject({ status: 0 });
    fetchMock.mockResolvedValueOnce(
      new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    );
    await expect(ok(client.GET('/meta'))).rejects.toMatchObject({ status: 502, problem: { title: 'Bad Gateway' } });
  });
});
