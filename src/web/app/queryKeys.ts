/**
 * Query keys of the console's shared, non-feature data. Each feature keeps its own factory in its `<area>Api.ts`
 * (`workOrderKeys`, `templateKeys`, …); the session's key is `SESSION_KEY` in `auth.tsx`.
 */
export const appKeys = {
  /** GET /meta: enums and scopes the server describes. */
  meta: ['meta'] as const,
  /** GET /settings/organisation: company name, logo, time zone, default language. */
  organisation: ['settings', 'organisation'] as const,
};
