import { z } from 'zod';
import { coded } from '../../../common/error-codes.js';

export const MAX_WEBHOOK_URL_LENGTH = 2048;

/** zod runs later checks after a failed format check: an unparseable URL is left to `z.url`'s issue. */
const parsed = (u: string): URL | null => {
  try {
    return new URL(u);
  } catch {
    return null;
  }
};

/**
 * An endpoint's URL: http or https only, no user name or password in it (they would travel in logs and the console),
 * at most 2048 characters. Whether the host is public is checked when sending, on the address actually connected
 * to (standard-webhooks.ts), since a name can resolve elsewhere later.
 */
export const webhookUrlSchema = z
  .string()
  .trim()
  .max(MAX_WEBHOOK_URL_LENGTH)
  .pipe(z.url(coded('invalid_url', 'is not a URL')))
  .refine(
    (u) => /^https?:$/.test(parsed(u)?.protocol ?? 'http:'),
    coded('webhook_url_scheme', 'must be an http:// or https:// URL'),
  )
  .refine(
    (u) => {
      const url = parsed(u);
      return !url || (url.username === '' && url.password === '');
    },
    coded('webhook_url_credentials', 'must not contain a user name or password'),
  )
  .describe('Where events are POSTed: http(s), at most 2048 characters, no credentials in it.');
