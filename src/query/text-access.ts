import type { ExpressionBuilder, SelectQueryBuilder } from 'kysely';
import { appendAuditEvent } from '../audit/audit-log.ts';
import type { Db } from '../db/connection.ts';
import type { Database } from '../db/database.ts';
import { seesConfidential, type Viewer } from './viewer.ts';

/**
 * The one door to document text. Every endpoint that returns text (answers, search, CSV, coverage,
 * submission pages) builds its query from `passagesFor`, which joins the file and applies the
 * visibility rule, and runs it through `readText`, which records an audit event whenever the rows
 * carry BC or quarantined text. A route cannot forget either: there is no other way to reach text.
 */
type PassageScope = SelectQueryBuilder<Database, 'passages' | 'files' | 'submissions', object>;

export function passagesFor(db: Db, viewer: Viewer): PassageScope {
  let query = db
    .selectFrom('passages')
    .innerJoin('files', 'files.id', 'passages.file_id')
    .innerJoin('submissions', 'submissions.id', 'passages.submission_id');
  if (!seesConfidential(viewer)) {
    query = query
      .where('files.confidentiality', '!=', 'business_confidential')
      .where('files.quarantined', '=', false);
  }
  return query;
}

/** The same rule as a condition, for queries that reach files another way (coverage, per-submission views). */
export function fileTextVisible(viewer: Viewer) {
  return (eb: ExpressionBuilder<Database, 'files'>) =>
    seesConfidential(viewer)
      ? eb.val(true)
      : eb.and([
          eb('files.confidentiality', '!=', 'business_confidential'),
          eb('files.quarantined', '=', false),
        ]);
}

/**
 * The same rule for a query over passages alone, such as ranking every match of a search before any
 * text is read: the passage's file is not among the hidden ones. Written as NOT IN so Postgres hashes
 * the few hidden files once instead of joining every match to its file. Rows that go on to carry text
 * still come through passagesFor.
 */
export function passageTextVisible(viewer: Viewer) {
  return (eb: ExpressionBuilder<Database, 'passages'>) =>
    seesConfidential(viewer)
      ? eb.val(true)
      : eb(
          'passages.file_id',
          'not in',
          eb
            .selectFrom('files')
            .select('files.id')
            .where((files) =>
              files.or([
                files('files.confidentiality', '=', 'business_confidential'),
                files('files.quarantined', '=', true),
              ]),
            ),
        );
}

/**
 * The same rule for a file already in hand: whether an analyst (or an officer who did not ask) is kept
 * from its text. The search ranking index flags files with it; rows still come through passagesFor.
 */
export const fileHiddenFromAnalysts = (file: { confidentiality: string; quarantined: boolean }) =>
  file.confidentiality === 'business_confidential' || file.quarantined;

/** Columns every text-bearing row must carry, so readText can tell whether it holds protected text. */
export interface ProtectedColumns {
  file_id: string;
  submission_id: string;
  confidentiality: string;
  quarantined: boolean;
}

export const protectedColumns = [
  'passages.file_id as file_id',
  'passages.submission_id as submission_id',
  'files.confidentiality as confidentiality',
  'files.quarantined as quarantined',
] as const;

/**
 * Runs a text query and, when any row holds BC or quarantined text, appends exactly one audit event for
 * the response: who, which endpoint, which submission and files.
 */
export async function readText<Row extends ProtectedColumns>(
  db: Db,
  viewer: Viewer,
  endpoint: string,
  run: () => Promise<Row[]>,
): Promise<Row[]> {
  const rows = await run();
  await auditProtectedRead(db, viewer, endpoint, rows);
  return rows;
}

export async function auditProtectedRead(
  db: Db,
  viewer: Viewer,
  endpoint: string,
  rows: ProtectedColumns[],
): Promise<void> {
  const protectedRows = rows.filter((r) => r.confidentiality === 'business_confidential' || r.quarantined);
  if (protectedRows.length === 0) return;
  const fileIds = [...new Set(protectedRows.map((r) => r.file_id))];
  const submissionIds = [...new Set(protectedRows.map((r) => r.submission_id))];
  await appendAuditEvent(db, {
    actor: viewer.actor,
    action: 'read_confidential_text',
    submissionId: submissionIds.length === 1 ? submissionIds[0]! : null,
    fileIds,
    endpoint,
    detail: submissionIds.length > 1 ? { submission_ids: submissionIds } : {},
  });
}
