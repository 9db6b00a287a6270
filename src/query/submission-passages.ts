import { sql } from 'kysely';
import type { Db } from '../db/connection.ts';
import type { Evidence } from '../db/database.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import {
  fileTextVisible,
  type ProtectedColumns,
  passagesFor,
  protectedColumns,
  readText,
} from './text-access.ts';
import type { Viewer } from './viewer.ts';

export interface SubmissionPassageRow extends ProtectedColumns {
  passage_id: number;
  filename: string;
  page: number | null;
  ordinal: number;
  heading_path: string[];
  text: string;
  questions: { number: number; confidence: number; evidence: Evidence }[];
}

/**
 * One submission read whole, passage by passage with the questions each answers, for staff reviewing
 * it. Files the viewer may not read are named in `withheldFileIds` so the page can say text was
 * withheld rather than silently showing less.
 */
export async function submissionPassages(
  db: Db,
  viewer: Viewer,
  endpoint: string,
  args: { submissionId: string; limit: number; cursor?: string },
): Promise<{ items: SubmissionPassageRow[]; nextCursor: string | null; withheldFileIds: string[] }> {
  const after = decodeCursor(args.cursor, ['number']);
  const rows = await readText(db, viewer, endpoint, async () => {
    let query = passagesFor(db, viewer)
      .where('passages.submission_id', '=', args.submissionId)
      .select([
        ...protectedColumns,
        'passages.id as passage_id',
        'files.filename as filename',
        'passages.page as page',
        'passages.ordinal as ordinal',
        'passages.heading_path as heading_path',
        'passages.text as text',
        sql<SubmissionPassageRow['questions']>`coalesce((
          SELECT json_agg(json_build_object('number', t.question_number, 'confidence', t.confidence, 'evidence', t.evidence)
                          ORDER BY t.question_number)
          FROM passage_tags t WHERE t.passage_id = passages.id), '[]'::json)`.as('questions'),
      ])
      .orderBy('passages.id');
    if (after) query = query.where('passages.id', '>', after[0] as number);
    return (await query.limit(args.limit + 1).execute()) as SubmissionPassageRow[];
  });
  const items = rows.slice(0, args.limit);
  const last = items.at(-1);
  const withheld = await db
    .selectFrom('files')
    .select('files.id')
    .where('files.submission_id', '=', args.submissionId)
    .where((eb) => eb.not(fileTextVisible(viewer)(eb)))
    .execute();
  return {
    items,
    nextCursor: rows.length > args.limit && last ? encodeCursor([last.passage_id]) : null,
    withheldFileIds: withheld.map((f) => f.id),
  };
}
