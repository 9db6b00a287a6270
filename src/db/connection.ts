import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database.ts';

// bigint columns (ids, sizes) come back as numbers where they fit; counts over a docket never near 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export type Db = Kysely<Database>;

/**
 * Planner settings every connection of ours starts with, after any the database URL's own `options` sets.
 *
 * enable_memoize=off: Memoize sizes its cache from the planner's estimate of distinct keys over the
 * whole join, not over the page a LIMIT keeps. For a 20-row page of answers that was a half-megabyte
 * hash table (one per joined table) allocated, zeroed and freed on every execution: about 130 page
 * faults, 2-3 ms on the 2-core machine, twice the query's own time. Our queries are paged lookups and
 * indexed aggregates, where Memoize saves a few index probes at most (bench:query measured no query
 * slower without it).
 */
const SESSION_OPTIONS = '-c enable_memoize=off';

/**
 * pg pool settings for our database: the URL, the pool size and our session settings. Idle connections
 * stay open (pg closes them after 10 s by default): a new backend pays a page fault the first time it
 * touches each shared buffer, so an analyst's search after a pause ran on a fresh backend at 160 ms
 * where a kept one took 33 ms (a 4.5% query on the bench:query data).
 */
export function poolConfig(databaseUrl: string, maxConnections: number): pg.PoolConfig {
  // pg lets the URL's options win over the config's, so they move from the URL into the merged setting.
  const url = new URL(databaseUrl);
  const ownOptions = url.searchParams.get('options');
  url.searchParams.delete('options');
  return {
    connectionString: url.toString(),
    max: maxConnections,
    idleTimeoutMillis: 0,
    options: ownOptions ? `${ownOptions} ${SESSION_OPTIONS}` : SESSION_OPTIONS,
  };
}

/**
 * A Kysely over a pg pool with our settings. An idle connection that Postgres closes (a restart, an
 * administrator's pg_terminate_backend) is an error event on the pool, which would crash the process
 * if nobody listened: the pool drops that connection and opens a new one on the next query, so it is
 * reported to `onIdleConnectionLost` (the service logs it) and nothing else.
 */
export function createDb(
  databaseUrl: string,
  maxConnections = 10,
  onIdleConnectionLost: (error: Error) => void = () => {},
): Db {
  const pool = new pg.Pool(poolConfig(databaseUrl, maxConnections));
  pool.on('error', onIdleConnectionLost);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
