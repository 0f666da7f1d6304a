import path from 'node:path';
import { z } from 'zod';
import { LOG_LEVELS } from './log.js';
import type { CliErrorCode } from './errors.js';

/** The project root: where package.json, seeds/, schema/ and launcher/ live. */
export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');

const port = z.coerce.number().int().min(0).max(65535);
const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');
const memory = z.string().regex(/^\d+[kmg]$/i, 'a size such as 512m or 2g');

const EnvSchema = z.object({
  PORT: port.default(4000),
  HOST: z.string().min(1).default('127.0.0.1'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),

  NEO4J_URI: z
    .string()
    .regex(/^(neo4j|bolt)(\+s|\+ssc)?:\/\/.+/, 'a bolt:// or neo4j:// URI')
    .optional(),
  NEO4J_USER: z.string().default('neo4j'),
  NEO4J_PASSWORD: z.string().default(''),
  NEO4J_DATABASE: z.string().min(1).default('neo4j'),
  NEO4J_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),

  OSSIGRAPH_DATA_DIR: z.string().min(1).default('.data/neo4j'),
  OSSIGRAPH_NEO4J_PORT: port.default(0),
  OSSIGRAPH_NEO4J_HEAP: memory.default('512m'),
  OSSIGRAPH_NEO4J_PAGECACHE: memory.default('128m'),
  OSSIGRAPH_NEO4J_NICE: z.coerce.number().int().min(0).max(19).default(10),
  OSSIGRAPH_NEO4J_PASSWORD: z.string().min(8, 'at least 8 characters').optional(),
  OSSIGRAPH_SEED_ON_START: flag.default(true),
  OSSIGRAPH_SEEDS_DIR: z.string().min(1).default('seeds'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  LOG_FORMAT: z.enum(['json', 'text']).optional(),
  OSSIGRAPH_MAX_CONCURRENT: z.coerce.number().int().min(1).max(10_000).default(32),
  OSSIGRAPH_MAX_QUEUE: z.coerce.number().int().min(0).max(100_000).default(128),
  OSSIGRAPH_QUEUE_TIMEOUT_MS: z.coerce.number().int().min(1).max(600_000).default(5_000),
  OSSIGRAPH_RATE_LIMIT: z.coerce.number().min(0).max(100_000).default(0),
  OSSIGRAPH_RATE_BURST: z.coerce.number().int().min(1).max(100_000).optional(),
  OSSIGRAPH_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  OSSIGRAPH_WRITE_KEYS: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((key) => key.trim()).filter(Boolean))
    .refine((keys) => keys.every((key) => key.length >= 16), 'each key must be at least 16 characters'),
  OSSIGRAPH_CORS_ORIGINS: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((origin) => origin.trim()).filter(Boolean))
    .refine((origins) => origins.every((origin) => /^https?:\/\/[^/\s]+$/.test(origin)), 'origins such as https://example.org, comma-separated, without paths (not "*")'),
  OSSIGRAPH_FRAME_ANCESTORS: z
    .string()
    .default("'self'")
    .refine((value) => /^('self'|'none'|(https?:\/\/[^\s;,]+|'self')(\s+(https?:\/\/[^\s;,]+|'self'))*)$/.test(value.trim()), "'self', 'none', or space-separated origins"),
  OSSIGRAPH_SOURCE_MAPS: flag.default(false),
});

export type Config = ReturnType<typeof toConfig>;

/** A path setting: the package's own default when unset, else resolved like any path a user types, from the working directory. */
function fromWorkingDirectory(value: string, packageDefault: string): string {
  return value === packageDefault ? path.resolve(PROJECT_ROOT, packageDefault) : path.resolve(process.cwd(), value);
}

function toConfig(env: z.infer<typeof EnvSchema>) {
  return {
    http: { port: env.PORT, host: env.HOST, shutdownGraceMs: env.OSSIGRAPH_SHUTDOWN_GRACE_MS },
    /** Admission control: GraphQL requests at once, waiting, and how long one may wait. */
    admission: { concurrency: env.OSSIGRAPH_MAX_CONCURRENT, queue: env.OSSIGRAPH_MAX_QUEUE, queueTimeoutMs: env.OSSIGRAPH_QUEUE_TIMEOUT_MS },
    /** Per-client GraphQL requests per second and burst; undefined (the default) means no limit. */
    rateLimit:
      env.OSSIGRAPH_RATE_LIMIT > 0
        ? { perSecond: env.OSSIGRAPH_RATE_LIMIT, burst: env.OSSIGRAPH_RATE_BURST ?? Math.max(1, Math.ceil(env.OSSIGRAPH_RATE_LIMIT * 2)) }
        : undefined,
    production: env.NODE_ENV === 'production',
    /** JSON lines unless asked otherwise, text on a development machine. */
    log: { level: env.LOG_LEVEL, format: env.LOG_FORMAT ?? (env.NODE_ENV === 'production' ? 'json' : 'text') },
    neo4j: {
      /** Undefined means: start the embedded Neo4j. */
      uri: env.NEO4J_URI,
      user: env.NEO4J_USER,
      password: env.NEO4J_PASSWORD,
      database: env.NEO4J_DATABASE,
      queryTimeoutMs: env.NEO4J_QUERY_TIMEOUT_MS,
    },
    embedded: {
      dataDir: fromWorkingDirectory(env.OSSIGRAPH_DATA_DIR, '.data/neo4j'),
      port: env.OSSIGRAPH_NEO4J_PORT,
      heap: env.OSSIGRAPH_NEO4J_HEAP,
      pageCache: env.OSSIGRAPH_NEO4J_PAGECACHE,
      nice: env.OSSIGRAPH_NEO4J_NICE,
      /** Undefined means: the one generated and kept in the data directory. */
      password: env.OSSIGRAPH_NEO4J_PASSWORD,
    },
    /** API keys allowed to run mutations; none means writes are off. */
    writeKeys: env.OSSIGRAPH_WRITE_KEYS,
    /** HTTP policies: who may read cross-origin, who may frame the pages, whether source maps are public. */
    web: { corsOrigins: env.OSSIGRAPH_CORS_ORIGINS, frameAncestors: env.OSSIGRAPH_FRAME_ANCESTORS.trim(), sourceMaps: env.OSSIGRAPH_SOURCE_MAPS },
    seeds: {
      dir: fromWorkingDirectory(env.OSSIGRAPH_SEEDS_DIR, 'seeds'),
      onStart: env.OSSIGRAPH_SEED_ON_START,
    },
  } as const;
}

export class ConfigError extends Error {
  readonly code = 'CONFIG' satisfies CliErrorCode;
}

/** Reads every setting once; reports all problems together rather than the first one. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid environment:\n${problems.join('\n')}`);
  }
  return toConfig(parsed.data);
}
