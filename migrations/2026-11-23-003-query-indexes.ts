import { type Kysely, sql } from 'kysely';

/**
 * Indexes shaped for the analyst's reads at docket scale (bench/query.ts, 300,000 passages):
 * - A question's answers page by (confidence desc, passage id asc). Keyed on (-confidence, passage_id),
 *   the cursor becomes one row comparison the index starts from, so page 500 costs what page 1 does;
 *   with (confidence DESC, passage_id) the scan began at the top of the cursor's confidence, and the
 *   tagger's few confidence values make ties thousands long.
 * - Counting answers per question joins every tag to its passage's file and submission: carrying those
 *   in the docket index lets the count read the index instead of the passages' text (24 MB, not 314).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE INDEX passage_tags_by_question_rank ON passage_tags (question_number, (-confidence), passage_id);
    DROP INDEX passage_tags_by_question;
    CREATE INDEX passages_docket_files ON passages (docket_id, id) INCLUDE (file_id, submission_id);
    DROP INDEX passages_docket;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE INDEX passages_docket ON passages (docket_id, id);
    DROP INDEX passages_docket_files;
    CREATE INDEX passage_tags_by_question ON passage_tags (question_number, confidence DESC, passage_id);
    DROP INDEX passage_tags_by_question_rank;
  `.execute(db);
}
