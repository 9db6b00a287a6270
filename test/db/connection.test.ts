import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
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
});
