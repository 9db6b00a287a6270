import { type Kysely, sql } from 'kysely';

/** The whole first schema: intake, processing results, passages and tags, tokens, outbox, audit. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE dockets (
      id text PRIMARY KEY,
      title text NOT NULL,
      agency text NOT NULL,
      caption text NOT NULL,
      comment_deadline timestamptz NOT NULL,
      max_files integer NOT NULL CHECK (max_files > 0),
      max_file_bytes bigint NOT NULL CHECK (max_file_bytes > 0),
      min_font_pt real NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE questions (
      docket_id text NOT NULL REFERENCES dockets(id) ON DELETE CASCADE,
      number integer NOT NULL,
      section text NOT NULL,
      section_title text NOT NULL,
      text text NOT NULL,
      parts jsonb NOT NULL DEFAULT '[]',
      vocabulary jsonb NOT NULL DEFAULT '[]',
      PRIMARY KEY (docket_id, number)
    );

    CREATE TABLE submissions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      docket_id text NOT NULL REFERENCES dockets(id),
      submitter_name text NOT NULL,
      email text NOT NULL,
      organization text,
      submitter_type text,
      bc_justification text,
      acknowledge_public boolean NOT NULL DEFAULT false,
      receipt_token_hash text NOT NULL UNIQUE,
      status text NOT NULL DEFAULT 'received'
        CHECK (status IN ('received', 'processing', 'processed', 'failed')),
      received_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX submissions_docket_email ON submissions (docket_id, lower(email));
    CREATE INDEX submissions_docket_org ON submissions (docket_id, lower(organization));

    CREATE TABLE files (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      submission_id uuid NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
      filename text NOT NULL,
      confidentiality text NOT NULL CHECK (confidentiality IN ('business_confidential', 'public', 'assumed_public')),
      media_type text NOT NULL,
      format text NOT NULL CHECK (format IN ('pdf', 'docx', 'txt')),
      sha256 text NOT NULL,
      size_bytes bigint NOT NULL,
      is_typed_comment boolean NOT NULL DEFAULT false,
      status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'processing', 'processed', 'failed')),
      page_count integer,
      error text,
      quarantined boolean NOT NULL DEFAULT false,
      released_at timestamptz,
      released_by text,
      release_reason text,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX files_submission ON files (submission_id);

    CREATE TABLE findings (
      id bigserial PRIMARY KEY,
      submission_id uuid NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
      file_id uuid REFERENCES files(id) ON DELETE CASCADE,
      page integer,
      code text NOT NULL,
      severity text NOT NULL CHECK (severity IN ('error', 'warning', 'info')),
      message text NOT NULL,
      source text NOT NULL CHECK (source IN ('intake', 'processing')),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    -- The contract lists each (code, file, page) once, whoever found it.
    CREATE UNIQUE INDEX findings_once ON findings (submission_id, code, file_id, page) NULLS NOT DISTINCT;

    CREATE TABLE file_extractions (
      file_id uuid PRIMARY KEY REFERENCES files(id) ON DELETE CASCADE,
      document jsonb NOT NULL,
      recoverable jsonb NOT NULL DEFAULT '[]',
      extracted_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE pages (
      file_id uuid NOT NULL REFERENCES files(id) ON DELETE CASCADE,
      number integer NOT NULL,
      text text NOT NULL,
      has_text_layer boolean NOT NULL,
      PRIMARY KEY (file_id, number)
    );

    CREATE TABLE passages (
      id bigserial PRIMARY KEY,
      docket_id text NOT NULL REFERENCES dockets(id),
      submission_id uuid NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
      file_id uuid NOT NULL REFERENCES files(id) ON DELETE CASCADE,
      page integer,
      ordinal integer NOT NULL,
      heading_path text[] NOT NULL DEFAULT '{}',
      text text NOT NULL,
      tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED,
      UNIQUE (file_id, ordinal)
    );
    CREATE INDEX passages_tsv ON passages USING gin (tsv);
    CREATE INDEX passages_docket ON passages (docket_id, id);

    CREATE TABLE passage_tags (
      passage_id bigint NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
      question_number integer NOT NULL,
      confidence real NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
      evidence text NOT NULL CHECK (evidence IN ('explicit', 'heading', 'semantic')),
      PRIMARY KEY (passage_id, question_number)
    );
    CREATE INDEX passage_tags_by_question ON passage_tags (question_number, confidence DESC, passage_id);

    CREATE TABLE api_tokens (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      role text NOT NULL CHECK (role IN ('analyst', 'confidentiality_officer', 'admin')),
      token_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz
    );

    CREATE TABLE outbox (
      id bigserial PRIMARY KEY,
      queue text NOT NULL,
      job_id text NOT NULL,
      payload jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      enqueued_at timestamptz
    );
    CREATE INDEX outbox_pending ON outbox (id) WHERE enqueued_at IS NULL;

    CREATE TABLE audit_events (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL,
      actor text NOT NULL,
      action text NOT NULL,
      submission_id uuid,
      file_ids uuid[] NOT NULL DEFAULT '{}',
      endpoint text NOT NULL,
      detail jsonb NOT NULL DEFAULT '{}',
      prev_hash text NOT NULL,
      hash text NOT NULL UNIQUE
    );

    -- The audit trail is append-only: the database itself refuses to rewrite history.
    CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP;
    END $$;
    CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
    CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE IF EXISTS audit_events, outbox, api_tokens, passage_tags, passages, pages, file_extractions,
      findings, files, submissions, questions, dockets CASCADE;
    DROP FUNCTION IF EXISTS audit_events_append_only();
  `.execute(db);
}
