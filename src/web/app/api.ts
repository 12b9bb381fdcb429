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

/** Set by the router bridge so that the API client (src/web/api/client.ts) can send the user to /login or /change-password. */
export const apiNavigation: { onUnauthorized?: () => void; onMustChangePassword?: () => void } = {};

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
