import { type Kysely, sql } from 'kysely';

/**
 * The API ranks searches in memory (src/query/ranking/live-ranking-index.ts) and must hear of every
 * change to what a search can match or who may read it: passages written or removed for a file, a
 * file's confidentiality or quarantine changing, passages truncated. The database tells it, so every
 * writer (the pipeline, the CLI, a release, a hand-written statement) reaches the index. The payload
 * is `docket_id file_id`, or `*` for a truncation. NOTIFY is sent on commit and deduplicated within a
 * transaction, so reprocessing a file announces it once, after its new passages are visible.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- Inserts, updates and deletes all name their transition table changed_passages.
    CREATE FUNCTION passages_announce_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('passages_changed', changed.docket_id || ' ' || changed.file_id)
        FROM (SELECT DISTINCT docket_id, file_id FROM changed_passages) AS changed;
      RETURN NULL;
    END $$;
    CREATE FUNCTION passages_announce_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('passages_changed', '*');
      RETURN NULL;
    END $$;
    CREATE FUNCTION files_announce_visibility() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('passages_changed', submissions.docket_id || ' ' || NEW.id)
        FROM submissions WHERE submissions.id = NEW.submission_id;
      RETURN NULL;
    END $$;

    CREATE TRIGGER passages_inserted AFTER INSERT ON passages
      REFERENCING NEW TABLE AS changed_passages
      FOR EACH STATEMENT EXECUTE FUNCTION passages_announce_changed();
    CREATE TRIGGER passages_updated AFTER UPDATE ON passages
      REFERENCING NEW TABLE AS changed_passages
      FOR EACH STATEMENT EXECUTE FUNCTION passages_announce_changed();
    CREATE TRIGGER passages_deleted AFTER DELETE ON passages
      REFERENCING OLD TABLE AS changed_passages
      FOR EACH STATEMENT EXECUTE FUNCTION passages_announce_changed();
    CREATE TRIGGER passages_truncated AFTER TRUNCATE ON passages
      FOR EACH STATEMENT EXECUTE FUNCTION passages_announce_truncated();
    CREATE TRIGGER files_visibility_changed AFTER UPDATE OF confidentiality, quarantined ON files
      FOR EACH ROW WHEN (OLD.confidentiality IS DISTINCT FROM NEW.confidentiality
                         OR OLD.quarantined IS DISTINCT FROM NEW.quarantined)
      EXECUTE FUNCTION files_announce_visibility();
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TRIGGER files_visibility_changed ON files;
    DROP TRIGGER passages_truncated ON passages;
    DROP TRIGGER passages_deleted ON passages;
    DROP TRIGGER passages_updated ON passages;
    DROP TRIGGER passages_inserted ON passages;
    DROP FUNCTION files_announce_visibility();
    DROP FUNCTION passages_announce_truncated();
    DROP FUNCTION passages_announce_changed();
  `.execute(db);
}
