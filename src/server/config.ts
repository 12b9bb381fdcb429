import net from 'node:net';
import { z } from 'zod';
import { isIpAllowList } from './http/ip-allow-list.js';

/**
 * Every environment variable Rateloop reads, validated once at start-up.
 * The README's configuration table is generated from the `describe()` texts here — keep them true.
 */
const booleanish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** proxy-addr's named ranges, accepted in a TRUST_PROXY list like addresses. */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGE_NAMES.includes(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = net.isIP(address ?? '');
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * Which proxies in front of Rateloop may tell it the client's address (X-Forwarded-For), in the forms Fastify's
 * `trustProxy` takes: off, a hop count, or the proxies' addresses/CIDRs. `true` is refused rather than warned about:
 * it trusts every hop, so the address becomes whatever the client writes into the header — rate limits and the
 * audit log would believe it — and a hop count (`1` behind one nginx) always does the job safely.
 */
const trustProxy = z
  .string()
  .trim()
  .transform((value, issue): false | number | string[] => {
    if (value === 'false' || value === '0') return false;
    if (value === 'true') {
      issue.addIssue({
        code: 'custom',
        message:
          'true would trust any X-Forwarded-For, letting every client choose its own address (rate limits, audit log); set the number of proxies in front of Rateloop (e.g. 1) or their addresses',
      });
      return z.NEVER;
    }
    if (/^\d+$/.test(value)) return Number(value);
    const list = value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    const bad = list.filter((entry) => !isProxyAddress(entry));
    if (list.length === 0 || bad.length) {
      issue.addIssue({
        code: 'custom',
        message: `must be false, a hop count like 1, or a comma-separated list of proxy addresses/CIDRs (not: ${bad.join(', ') || value})`,
      });
      return z.NEVER;
    }
    return list;
  });

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development').describe('Runtime mode.'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe('HTTP port.'),
  HOST: z.string().min(1).default('0.0.0.0').describe('Interface to listen on.'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional()
    .describe('PostgreSQL connection string. Unset → the embedded database (PGlite) in DATA_DIR.'),
  DATA_DIR: z
    .string()
    .min(1)
    .default('./data')
    .describe('Folder of the embedded database (used when DATABASE_URL is unset).'),
  PUBLIC_BASE_URL: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe('Origin used in invitation links, e.g. https://rate.example.com. Default: http://localhost:PORT.'),
  ADMIN_INITIAL_PASSWORD: z
    .string()
    .min(10, 'must be at least 10 characters')
    .optional()
    .describe('Initial password of the first admin (user "admin"). Unset → a random one, printed once.'),
  APP_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters')
    .optional()
    .describe(
      'Secret that signs invitation tokens. Unset → generated once and kept in the database (set it in production so a database copy alone cannot be used to rate).',
    ),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('pino log level.'),
  RUN_WORKERS: booleanish
    .default(true)
    .describe('Run job workers inside the server process (false when using `npm run worker`).'),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12).describe('Idle lifetime of a console session.'),
  TRUST_PROXY: trustProxy
    .default(false)
    .describe(
      'Proxies trusted to report the client address in X-Forwarded-For: a hop count (1 behind one reverse proxy) or their addresses/CIDRs, comma-separated. Default false: the socket address (never `true`: clients could forge their address).',
    ),
  COOKIE_SECURE: booleanish.optional().describe('Mark cookies Secure. Default: true when PUBLIC_BASE_URL is https.'),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10).describe('PostgreSQL pool size per process.'),
  METRICS_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters')
    .optional()
    .describe('Bearer token a scraper sends to read /metrics (Authorization: Bearer …). Unset → only METRICS_ALLOW.'),
  METRICS_ALLOW: z
    .string()
    .refine(isIpAllowList, 'must be comma-separated IP addresses or CIDR ranges, e.g. 127.0.0.1,10.0.0.0/8')
    .optional()
    .describe(
      'Client addresses or CIDR ranges (comma-separated, e.g. 127.0.0.1,10.0.0.0/8) that may read /metrics without the token. Default: none — /metrics answers 403 to everyone else.',
    ),
  WEB_DIST_DIR: z.string().default('./dist/web').describe('Folder of the built console served at /.'),
  SANDBOX_CHANNEL_ENABLED: booleanish
    .default(false)
    .describe(
      'Allow the sandbox channel providers (messages kept in the console inbox, never sent) when NODE_ENV=production. Always allowed in development and test.',
    ),
  WEBHOOKS_ALLOW_PRIVATE_NETWORKS: booleanish
    .default(false)
    .describe(
      'Let event webhooks reach loopback, private, link-local and other non-public addresses (a receiver on your own network). Default false: refused (SSRF guard).',
    ),
});

export type AppConfig = z.infer<typeof configSchema> & { publicBaseUrl: string; cookieSecure: boolean };

export class ConfigError extends Error {}

/**
 * Whether sandbox channel providers may be configured and "send": outside production always, in production only
 * with SANDBOX_CHANNEL_ENABLED=true (a sandbox config there would silently keep customers' invitations).
 */
export function sandboxChannelAllowed(
  config: Pick<AppConfig, 'NODE_ENV' | 'SANDBOX_CHANNEL_ENABLED'> = sandboxSettingsOf(process.env),
): boolean {
  return config.NODE_ENV !== 'production' || config.SANDBOX_CHANNEL_ENABLED;
}

function sandboxSettingsOf(env: NodeJS.ProcessEnv): Pick<AppConfig, 'NODE_ENV' | 'SANDBOX_CHANNEL_ENABLED'> {
  const parsed = configSchema.pick({ NODE_ENV: true, SANDBOX_CHANNEL_ENABLED: true }).safeParse({
    NODE_ENV: env.NODE_ENV || undefined,
    SANDBOX_CHANNEL_ENABLED: env.SANDBOX_CHANNEL_ENABLED || undefined,
  });
  // An invalid value stops the process at start-up (loadConfig); here it only means "not allowed".
  return parsed.success ? parsed.data : { NODE_ENV: 'production', SANDBOX_CHANNEL_ENABLED: false };
}

/** Parses the environment; throws a ConfigError that names every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const input: Record<string, string | undefined> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = env[key];
    input[key] = value === '' ? undefined : value;
  }
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const cfg = parsed.data;
  const publicBaseUrl = (cfg.PUBLIC_BASE_URL ?? `http://localhost:${cfg.PORT}`).replace(/\/+$/, '');
  return { ...cfg, publicBaseUrl, cookieSecure: cfg.COOKIE_SECURE ?? publicBaseUrl.startsWith('https:') };
}
