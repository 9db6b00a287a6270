import { type Kysely, sql } from 'kysely';

/**
 * A file's extracted document is written once per processing and read back whole to compute the
 * submission's findings; nothing queries inside it. jsonb made Postgres parse it into its binary form
 * on the way in and print it back on the way out, and pglz compressed it: for a 16-page document
 * (47 KB of JSON) an insert took 4.8-5.1 ms and a read 2.8-3.0 ms on the 2-core machine. As json
 * compressed with lz4, 1.3-1.4 ms and 1.3-1.5 ms. lz4 is optional in a Postgres build: without it the
 * columns keep the server's default compression.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE file_extractions
      ALTER COLUMN document TYPE json USING document::json,
      ALTER COLUMN recoverable TYPE json USING recoverable::json;
    DO $$ BEGIN
      ALTER TABLE file_extractions
        ALTER COLUMN document SET COMPRESSION lz4,
        ALTER COLUMN recoverable SET COMPRESSION lz4;
    EXCEPTION WHEN feature_not_supported THEN NULL;
    END $$;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE file_extractions
      ALTER COLUMN document SET COMPRESSION default,
      ALTER COLUMN recoverable SET COMPRESSION default,
      ALTER COLUMN document TYPE jsonb USING document::jsonb,
      ALTER COLUMN recoverable TYPE jsonb USING recoverable::jsonb;
  `.execute(db);
}
