import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createDb, type Db } from '../../src/db/connection.ts';
import { TEST_DATABASE_URL } from '../support/test-settings.ts';

describe('database connections', () => {
  const opened: Db[] = [];
  const open = (url: string) => {
    const db = createDb(url, 1);
    opened.push(db);
    return db;
  };
  const setting = async (db: Db, name: string) =>
    (await sql<{ value: string }>`SELECT current_setting(${name}) AS value`.execute(db)).rows[0]!.value;

  afterAll(async () => {
    await Promise.all(opened.map((db) => db.destroy()));
  });

  it('start with Memoize off, which cost paged queries more than their own run time', async () => {
    expect(await setting(open(TEST_DATABASE_URL), 'enable_memoize')).toBe('off');
  });

  it('keep the session options the database URL itself sets', async () => {
    const url = new URL(TEST_DATABASE_URL);
    url.searchParams.set('options', '-c application_name=docket-url-options');
    const db = open(url.toString());
    expect(await setting(db, 'application_name')).toBe('docket-url-options');
    expect(await setting(db, 'enable_memoize')).toBe('off');
  });

  it('report an idle connection Postgres closed, and open another for the next query', async () => {
    const lost = vi.fn();
    const db = createDb(TEST_DATABASE_URL, 1, lost);
    opened.push(db);
    const pid = (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(db)).rows[0]!.pid;

    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    try {
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    } finally {
      await admin.end();
    }
    await vi.waitFor(() => expect(lost).toHaveBeenCalledTimes(1));

    const next = (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(db)).rows[0]!.pid;
    expect(next).not.toBe(pid);
  });
});
