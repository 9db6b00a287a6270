import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

/** Every setting the service reads, described once and parsed once at boot. Nothing below reads process.env. */
const ConfigSchema = Type.Object({
  DATABASE_URL: Type.String({
    default: 'postgres://postgres@127.0.0.1:5432/rfi',
    description: 'Postgres connection',
  }),
  REDIS_URL: Type.String({ default: 'redis://127.0.0.1:6379', description: 'Redis for the job queue' }),
  QUEUE_PREFIX: Type.String({
    default: 'docket',
    description: 'Redis key prefix of the queues, so several installs can share a Redis',
  }),
  PORT: Type.Integer({ default: 3000, minimum: 0, maximum: 65535 }),
  HOST: Type.String({ default: '127.0.0.1' }),
  STORAGE_DIR: Type.String({
    default: './data/files',
    description: 'Where uploaded files live, by content address',
  }),
  LOG_LEVEL: Type.Union(
    [
      Type.Literal('fatal'),
      Type.Literal('error'),
      Type.Literal('warn'),
      Type.Literal('info'),
      Type.Literal('debug'),
      Type.Literal('silent'),
    ],
    { default: 'info' },
  ),
  WORKER_CONCURRENCY: Type.Integer({
    default: 2,
    minimum: 1,
    description: 'Submissions processed at once per worker process',
  }),
  EXTRACTION_TIMEOUT_MS: Type.Integer({
    default: 120_000,
    minimum: 1000,
    description: 'A file taking longer is reported and skipped',
  }),
  EXTRACTION_MAX_HEAP_MB: Type.Integer({
    default: 256,
    minimum: 64,
    description: 'Heap cap of the parser process',
  }),
  JOB_LOCK_MS: Type.Integer({
    default: 30_000,
    minimum: 1000,
    description:
      'A job whose worker stops renewing its lock this long (a killed worker) is handed to another',
  }),
  AUTH_FAILURES_PER_MINUTE: Type.Integer({
    default: 20,
    minimum: 1,
    description:
      'Refused tokens (staff or receipt) one address may present per minute before it is answered 429',
  }),
  STAFF_TOKEN_CACHE_SECONDS: Type.Integer({
    default: 60,
    minimum: 0,
    description:
      'How long the API trusts a staff token it has verified while it hears of every token change (revocations still apply at once); 0 checks every request in the database',
  }),
  SEARCH_RANKING: Type.Union([Type.Literal('memory'), Type.Literal('postgres')], {
    default: 'memory',
    description:
      'Where search ranks its matches: memory (an index of every passage kept in step with Postgres, a few hundred bytes a passage) or postgres (ts_rank over every match; slow for broad queries)',
  }),
  OUTBOX_SWEEP_MS: Type.Integer({
    default: 2000,
    minimum: 100,
    description: 'How often unqueued work is re-offered to Redis',
  }),
});

export type Config = Static<typeof ConfigSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(ConfigSchema.properties)) {
    if (env[key] !== undefined && env[key] !== '') raw[key] = env[key];
  }
  const withDefaults = Value.Default(ConfigSchema, Value.Convert(ConfigSchema, raw));
  const errors = [...Value.Errors(ConfigSchema, withDefaults)];
  if (errors.length > 0) {
    const detail = errors.map((e) => `${e.path.slice(1)}: ${e.message}`).join('; ');
    throw new Error(`Invalid configuration: ${detail}`);
  }
  return withDefaults as Config;
}
