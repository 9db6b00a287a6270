import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { StaffTokenCache } from '../../src/auth/staff-token-cache.ts';
import { createApiToken, revokeApiToken } from '../../src/auth/tokens.ts';
import { createTestEnv, resetData, type TestEnv } from '../support/test-env.ts';

/**
 * The API trusts a verified staff token from memory only while the database can tell it of every change.
 * Each test checks one way that trust could outlive a revocation.
 */
let env: TestEnv;
let caches: StaffTokenCache[] = [];
const silentLog = { warn: () => {} };

function cache(maxAgeMs = 60_000): StaffTokenCache {
  const made = new StaffTokenCache(env.db, {
    databaseUrl: env.config.DATABASE_URL,
    maxAgeMs,
    log: silentLog,
  });
  caches.push(made);
  return made;
}

/** Revokes a token the way nothing announces: the trigger does not fire under replication role "replica". */
async function revokeUnannounced(name: string): Promise<void> {
  const client = new pg.Client({ connectionString: env.config.DATABASE_URL });
  await client.connect();
  try {
    await client.query(`SET session_replication_role = replica`);
    await client.query(`UPDATE api_tokens SET revoked_at = now() WHERE name = $1`, [name]);
  } finally {
    await client.end();
  }
}

async function tokenNamed(name: string): Promise<{ token: string; id: string }> {
  const token = await createApiToken(env.db, 'analyst', name);
  const row = await env.db
    .selectFrom('api_tokens')
    .select('id')
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return { token, id: row.id };
}

/** Ends every token listener on the test database, as a database restart or a network cut would. */
async function cutListeners(): Promise<number> {
  const ended = await sql<{ pid: number }>`
    SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity
    WHERE datname = current_database() AND query = 'LISTEN api_tokens_changed'`.execute(env.db);
  return ended.rows.length;
}

beforeAll(async () => {
  env = await createTestEnv();
  await resetData(env);
});
afterEach(async () => {
  await Promise.all(caches.map((c) => c.close()));
  caches = [];
});
afterAll(async () => {
  await env.close();
});

describe('staff token cache', () => {
  it('serves a verified token from memory, and forgets it when a revocation is announced', async () => {
    const tokens = cache();
    await tokens.start();
    expect(tokens.trusted).toBe(true);
    const { token, id } = await tokenNamed('announced');
    expect((await tokens.find(token))?.name).toBe('announced');

    // Proof that it is cached: a change nobody announces is not seen…
    await revokeUnannounced('announced');
    expect((await tokens.find(token))?.name).toBe('announced');

    // …while an ordinary revocation (another connection, as the CLI does) ends it.
    await env.db.updateTable('api_tokens').set({ revoked_at: null }).where('id', '=', id).execute();
    expect(await revokeApiToken(env.db, id)).toBe(true);
    await vi.waitFor(async () => expect(await tokens.find(token)).toBeNull(), { timeout: 2000, interval: 5 });
  });

  it('keeps nothing longer than its maximum age, even when a change went unannounced', async () => {
    const tokens = cache(150);
    await tokens.start();
    const { token } = await tokenNamed('aged');
    expect(await tokens.find(token)).not.toBeNull();
    await revokeUnannounced('aged');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await tokens.find(token)).toBeNull();
  });

  it('asks the database on every request while it is not listening, then trusts itself again once it is', async () => {
    const tokens = cache();
    await tokens.start();
    const { token } = await tokenNamed('unheard');
    expect(await tokens.find(token)).not.toBeNull();

    expect(await cutListeners()).toBeGreaterThan(0);
    await vi.waitFor(() => expect(tokens.trusted).toBe(false), { timeout: 2000, interval: 5 });

    expect(await tokens.find(token)).not.toBeNull();
    await revokeUnannounced('unheard');
    expect(await tokens.find(token)).toBeNull();

    await vi.waitFor(() => expect(tokens.trusted).toBe(true), { timeout: 3000, interval: 20 });
  });

  it('with a maximum age of 0 never listens and always asks', async () => {
    const tokens = cache(0);
    await tokens.start();
    expect(tokens.trusted).toBe(false);
    const { token } = await tokenNamed('uncached');
    expect(await tokens.find(token)).not.toBeNull();
    await revokeUnannounced('uncached');
    expect(await tokens.find(token)).toBeNull();
  });

  it('refuses unknown tokens without remembering them, so a token created later works at once', async () => {
    const tokens = cache();
    await tokens.start();
    expect(await tokens.find('dkt_not-a-real-token')).toBeNull();
    const { token } = await tokenNamed('fresh');
    expect((await tokens.find(token))?.role).toBe('analyst');
  });
});
