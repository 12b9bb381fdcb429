/**
 * No contact data in the logs (issue 21). Request lines keep the path but not the values of its query — a search
 * (`?q=13800000000`, `?q=李女士`) would otherwise write a customer's phone or name into every log — except for
 * parameters that never carry one. Logged objects lose the fields that hold contact data wherever code passes them.
 * `test/privacy-logs.int.test.ts` runs a whole loop at trace level and finds none of the customer's data.
 */

/** Query parameters whose values are safe to log (paging, sorting, periods, enums, languages). */
const SAFE_QUERY_KEYS = new Set([
  'limit',
  'cursor',
  'offset',
  'page',
  'sort',
  'order',
  'status',
  'lang',
  'from',
  'to',
  'grain',
  'by',
  'channel',
  'source',
  'links',
  'f',
]);

/** `/api/v1/work-orders?q=13800000000&limit=20` → `/api/v1/work-orders?q=~&limit=20`. */
export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const query = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const key = eq < 0 ? pair : pair.slice(0, eq);
      if (eq < 0 || SAFE_QUERY_KEYS.has(key)) return pair;
      return `${key}=~`;
    })
    .join('&');
  return `${url.slice(0, at)}?${query}`;
}

/** Paths of logged objects that may hold contact data (pino `redact`, one level of nesting under any key too). */
export const CONTACT_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  ...[
    'phone',
    'email',
    'name',
    'customerName',
    'customerPhone',
    'customerEmail',
    'customerWechatOpenId',
    'wechatOpenId',
    'openId',
    'contact',
    'comment',
    'recipient',
    'to',
    'address',
    'text',
  ].flatMap((key) => [key, `*.${key}`]),
];

interface RequestLike {
  method?: string;
  url?: string;
  ip?: string;
  socket?: { remotePort?: number } | null;
}

/** Fastify's request serializer, with the query's values redacted (`redactUrl`). */
export function serializeRequest(req: RequestLike) {
  return {
    method: req.method,
    url: req.url ? redactUrl(req.url) : req.url,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}
