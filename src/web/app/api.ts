import i18n from 'i18next';

/** One entry of a problem's `errors[]`: `code`/`params` (src/common/error-codes.ts) are translated, `message` is English. */
export interface ProblemFieldError {
  path: string;
  message: string;
  code?: string;
  params?: Record<string, string | number>;
}

/** RFC 9457 problem document as the server sends it. */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  errors?: ProblemFieldError[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail || problem.title || `HTTP ${problem.status}`);
    this.status = problem.status;
    this.problem = problem;
  }
}

/** Set by the router bridge so that the fetch wrapper can send the user to /login or /change-password. */
export const apiNavigation: { onUnauthorized?: () => void; onMustChangePassword?: () => void } = {};

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
  /** Login and session probing handle 401 themselves instead of redirecting. */
  noAuthRedirect?: boolean;
}

export function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

export function buildQuery(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function readProblem(response: Response): Promise<Problem> {
  const fallback: Problem = { status: response.status, title: response.statusText };
  try {
    const text = await response.text();
    if (!text) return fallback;
    const parsed = JSON.parse(text) as Partial<Problem> & { message?: string };
    return {
      ...parsed,
      status: parsed.status ?? response.status,
      detail: parsed.detail ?? parsed.message,
    };
  } catch {
    return fallback;
  }
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  // The server may localise problem details; it answers in English otherwise.
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': i18n.language || 'zh-CN' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') {
    const csrf = readCookie('rl_csrf');
    if (csrf) headers['x-csrf-token'] = csrf;
  }
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}${buildQuery(options.query)}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({ status: 0, title: i18n.t('errors.network'), detail: i18n.t('errors.network') });
  }
  if (response.ok) {
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }
  const problem = await readProblem(response);
  if (response.status === 401 && !options.noAuthRedirect) apiNavigation.onUnauthorized?.();
  if (response.status === 403 && problem.type?.endsWith('/must-change-password')) {
    apiNavigation.onMustChangePassword?.();
  }
  throw new ApiError(problem);
}

/** Maps a problem's `errors[].path` ("employeeNo", "body.employeeNo", "body.login.username") to a form name path. */
export function problemFieldPath(path: string): (string | number)[] {
  const parts = path
    .replace(/^\/+/, '')
    .replace(/^body[./]/, '')
    .split(/[./]/)
    .filter(Boolean);
  return parts.map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}
