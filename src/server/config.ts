import { z } from 'zod';

/**
 * Every environment variable Rateloop reads, validated once at start-up.
 * The README's configuration table is generated from the `describe()` texts here — keep them true.
 */
const booleanish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

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
  COOKIE_SECURE: booleanish.optional().describe('Mark cookies Secure. Default: true when PUBLIC_BASE_URL is https.'),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10).describe('PostgreSQL pool size per process.'),
  WEB_DIST_DIR: z.string().default('./dist/web').describe('Folder of the built console served at /.'),
});

export type AppConfig = z.infer<typeof configSchema> & { publicBaseUrl: string; cookieSecure: boolean };

export class ConfigError extends Error {}

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
