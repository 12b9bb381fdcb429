import type { components } from '../api/schema';

type ServerFieldError = components['schemas']['FieldError'];
type ServerProblem = components['schemas']['Problem'];

/**
 * One entry of a problem's `errors[]` (`#/components/schemas/FieldError`): `code`/`params`
 * (src/common/error-codes.ts) are translated, `message` is English. `code` is read as any string: a newer server
 * may send one this console does not know yet (it then shows `message`).
 */
export type ProblemFieldError = Omit<ServerFieldError, 'code'> & { code?: ServerFieldError['code'] | (string & {}) };

/**
 * RFC 9457 problem document (`#/components/schemas/Problem`) as the console may receive it: from the server, or
 * made up for a network failure or a proxy's non-JSON answer — so everything but `status` may be missing.
 */
export type Problem = Partial<Omit<ServerProblem, 'type' | 'errors' | 'status'>> & {
  status: number;
  type?: ServerProblem['type'] | (string & {});
  errors?: ProblemFieldError[];
};

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail || problem.title || `HTTP ${problem.status}`);
    this.status = problem.status;
    this.problem = problem;
  }
}

/**
 * Set by the router bridge so that the API client (src/web/api/client.ts) can send the user to /login,
 * /change-password, or — pad mode, 423 `session-locked` — the lock screen /unlock.
 */
export const apiNavigation: { onUnauthorized?: () => void; onMustChangePassword?: () => void; onLocked?: () => void } =
  {};

export type QueryValue = string | number | boolean | null | undefined;

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

/** Maps a problem's `errors[].path` ("employeeNo", "body.employeeNo", "body.login.username") to a form name path. */
export function problemFieldPath(path: string): (string | number)[] {
  const parts = path
    .replace(/^\/+/, '')
    .replace(/^body[./]/, '')
    .split(/[./]/)
    .filter(Boolean);
  return parts.map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}
