/**
 * Request body limits, in bytes. app.ts sets the default; routes that need another declare `bodyLimit` themselves
 * (a larger body is answered 413 problem+json before it is buffered whole).
 */

/** Authenticated JSON routes: the largest is a template or a rule, a few KB. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/**
 * Every anonymous endpoint: the public rating API, the `/r/<token>` form, the unsubscribe page, provider callbacks
 * and login. A rating is a few KB: the default template's text question takes 500 characters, 4.5 KB
 * percent-encoded even in Chinese (9 bytes a character); anything much larger is abuse.
 */
export const ANONYMOUS_BODY_LIMIT = 16 * 1024;

/** CSV imports (employees, work orders) travel as a JSON string of up to 10 million characters. */
export const IMPORT_BODY_LIMIT = 12 * 1024 * 1024;
