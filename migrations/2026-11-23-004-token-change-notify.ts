import { type Kysely, sql } from 'kysely';

/**
 * The API keeps the staff tokens it has verified in memory (src/auth/staff-token-cache.ts) and forgets
 * them all when told that api_tokens changed. The telling is done here, by the database, so every way
 * of revoking or deleting a token (the CLI, another process, a hand-written UPDATE) reaches the cache.
 * NOTIFY is sent on commit: a listener never hears of a change that was rolled back.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE FUNCTION api_tokens_announce_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('api_tokens_changed', TG_OP);
      RETURN NULL;
    END $$;
    CREATE TRIGGER api_tokens_changed AFTER UPDATE OR DELETE ON api_tokens
      FOR EACH STATEMENT EXECUTE FUNCTION api_tokens_announce_change();
    CREATE TRIGGER api_tokens_truncated AFTER TRUNCATE ON api_tokens
      FOR EACH STATEMENT EXECUTE FUNCTION api_tokens_announce_change();
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TRIGGER api_tokens_truncated ON api_tokens;
    DROP TRIGGER api_tokens_changed ON api_tokens;
    DROP FUNCTION api_tokens_announce_change();
  `.execute(db);
}
