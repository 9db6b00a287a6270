import pg from 'pg';
import { register } from 'tsx/esm/api';
import type { TestProject } from 'vitest/node';
import { createDb } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabaseUrl: string;
  }
}

const BASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/rfi_test';

async function withAdmin(work: (client: pg.Client) => Promise<void>): Promise<void> {
  const admin = new URL(BASE_URL);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database for each test run, migrated the way `npm start` does it, dropped afterwards. Named
 * per run, so two runs on one machine (a developer's and CI's) never pull a database from under each other.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const url = new URL(BASE_URL);
  const name = `${url.pathname.slice(1)}_${process.pid}`;
  url.pathname = `/${name}`;
  await withAdmin(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  });
  // Global setup runs outside vitest's transform: migrations are .ts files, loaded through tsx.
  const unregister = register();
  const db = createDb(url.toString(), 1);
  await migrateToLatest(db);
  await db.destroy();
  await unregister();
  project.provide('testDatabaseUrl', url.toString());
  return async () => {
    await withAdmin((client) =>
      client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).then(() => {}),
    );
  };
}
