import { Redis } from 'ioredis';
import pg from 'pg';
import type { Config } from './config.ts';

/**
 * Start-up fails in one clear line when a server is missing, saying which and how to start it,
 * instead of a stack trace from deep inside a driver.
 */
export async function checkServersReachable(config: Config): Promise<void> {
  const dbUrl = new URL(config.DATABASE_URL);
  const dbName = dbUrl.pathname.slice(1) || 'postgres';
  try {
    await ensureDatabase(config.DATABASE_URL, dbName);
  } catch (error) {
    throw new Error(
      `Postgres is not reachable at ${dbUrl.host} (${(error as Error).message}). Start it with "docker compose up -d postgres" or, on Debian, "sudo pg_ctlcluster 15 main start"; or set DATABASE_URL.`,
    );
  }
  const redis = new Redis(config.REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 3000,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(
      `Redis is not reachable at ${new URL(config.REDIS_URL).host} (${(error as Error).message}). Start it with "docker compose up -d redis" or, on Debian, "redis-server --daemonize yes"; or set REDIS_URL.`,
    );
  } finally {
    redis.disconnect();
  }
}

/** Creates the service's database on first start (the server's trust/owner rights allowing). */
async function ensureDatabase(databaseUrl: string, dbName: string): Promise<void> {
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${dbName.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}
