import type { Db } from '../db/connection.ts';
import type { Evidence } from '../db/database.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { fileTextVisible, passagesFor, protectedColumns, readText } from './text-access.ts';
import type { Viewer } from './viewer.ts';

export interface SubmissionPassageRow {
  passage_id: number;
  submission_id: string;
  file_id: string;
  filename: string;
  confidentiality: string;
  quarantined: boolean;
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
      .select((eb) => [
        ...protectedColumns,
        'passages.id as passage_id',
        'files.filename as filename',
        'passages.page as page',
        'passages.ordinal as ordinal',
        'passages.heading_path as heading_path',
        'passages.text as text',
        eb
          .fn<SubmissionPassageRow['questions']>('coalesce', [
            eb
              .selectFrom('passage_tags')
              .whereRef('passage_tags.passage_id', '=', 'passages.id')
              .select((tag) =>
                tag
                  .fn('json_agg', [
                    tag.fn('json_build_object', [
                      tag.val('number'),
                      tag.ref('passage_tags.question_number'),
                      tag.val('confidence'),
                      tag.ref('passage_tags.confidence'),
                      tag.val('evidence'),
                      tag.ref('passage_tags.evidence'),
                    ]),
                  ])
                  .as('tags'),
              ),
            eb.val('[]'),
          ])
          .as('questions'),
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
