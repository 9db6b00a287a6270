import { sql } from 'kysely';
import type { Db } from '../db/connection.ts';
import type { Evidence } from '../db/database.ts';
import { QueryShapes } from '../db/query-shapes.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import {
  auditProtectedRead,
  fileTextVisible,
  type ProtectedColumns,
  passagesFor,
  protectedColumns,
  readText,
} from './text-access.ts';
import { seesConfidential, type Viewer } from './viewer.ts';

export interface AnswerFilters {
  q?: string;
  submitterType?: string;
  organization?: string;
  evidence?: Evidence;
}

export interface AnswerRow extends ProtectedColumns {
  passage_id: number;
  filename: string;
  page: number | null;
  text: string;
  confidence: number;
  evidence: Evidence;
  submitter_name: string;
  organization: string | null;
  submitter_type: string | null;
  heading_path: string[];
}

/** The values an answers query binds; which are present is part of the query's shape. */
type AnswerQueryValues = {
  docketId: string;
  question: number;
  take: number;
  q?: string;
  submitterType?: string;
  organizationPattern?: string;
  evidence?: string;
  afterConfidence?: number;
  afterId?: number;
};

function answersQuery(db: Db, viewer: Viewer, v: AnswerQueryValues) {
  let query = passagesFor(db, viewer)
    .innerJoin('passage_tags', 'passage_tags.passage_id', 'passages.id')
    .where('passages.docket_id', '=', v.docketId)
    .where('passage_tags.question_number', '=', v.question)
    .select([
      ...protectedColumns,
      'passages.id as passage_id',
      'files.filename as filename',
      'passages.page as page',
      'passages.text as text',
      'passages.heading_path as heading_path',
      'passage_tags.confidence as confidence',
      'passage_tags.evidence as evidence',
      'submissions.submitter_name as submitter_name',
      'submissions.organization as organization',
      'submissions.submitter_type as submitter_type',
    ]);
  if (v.q !== undefined)
    query = query.where(sql<boolean>`passages.tsv @@ websearch_to_tsquery('english', ${v.q})`);
  if (v.submitterType !== undefined) query = query.where('submissions.submitter_type', '=', v.submitterType);
  if (v.organizationPattern !== undefined) {
    query = query.where(sql<boolean>`submissions.organization ILIKE ${v.organizationPattern}`);
  }
  if (v.evidence !== undefined) query = query.where('passage_tags.evidence', '=', v.evidence as Evidence);
  if (v.afterConfidence !== undefined && v.afterId !== undefined) {
    // confidence is a real: compare at that precision, or equal values would not compare equal.
    query = query.where(
      sql<boolean>`(-passage_tags.confidence, passage_tags.passage_id) > (-(${v.afterConfidence}::real), ${v.afterId}::bigint)`,
    );
  }
  // Most confident first, then by id: spelled (-confidence, passage_id) ascending to match the index
  // passage_tags_by_question_rank, which a cursor then enters with one row comparison.
  return query.orderBy(sql`-passage_tags.confidence`).orderBy('passage_tags.passage_id').limit(v.take);
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** One page of a question's answers, most confident first, keyset-paged on (confidence, passage id). */
export async function answersPage(
  db: Db,
  viewer: Viewer,
  endpoint: string,
  args: AnswersArgs & { limit: number; cursor?: string },
): Promise<{ items: AnswerRow[]; nextCursor: string | null }> {
  const rows = await readText(db, viewer, endpoint, () => answerRows(db, viewer, args));
  return pageOf(rows, args.limit);
}

/**
 * Every answer to a question, for export, read in pages of 1,000; one audit event covers the whole
 * export, written even when the reader stops part-way (what was sent was read).
 */
export async function* exportAnswers(
  db: Db,
  viewer: Viewer,
  endpoint: string,
  args: AnswersArgs,
): AsyncGenerator<AnswerRow> {
  const carried: AnswerRow[] = [];
  let cursor: string | undefined;
  try {
    for (;;) {
      const page = pageOf(
        await answerRows(db, viewer, { ...args, limit: 1000, ...(cursor ? { cursor } : {}) }),
        1000,
      );
      for (const row of page.items) {
        if (row.confidentiality === 'business_confidential' || row.quarantined) carried.push(row);
        yield row;
      }
      if (!page.nextCursor) return;
      cursor = page.nextCursor;
    }
  } finally {
    await auditProtectedRead(db, viewer, endpoint, carried);
  }
}

interface AnswersArgs {
  docketId: string;
  question: number;
  filters: AnswerFilters;
}

/** Compiled answers queries by shape: a page of answers is the analysts' most frequent read. */
const answerShapes = new QueryShapes();

/** Whether the reader sees BC text changes the SQL, so it is part of the shape. */
const answersShapeKey = (viewer: Viewer) =>
  seesConfidential(viewer) ? 'answers, all text' : 'answers, text analysts may read';

async function answerRows(
  db: Db,
  viewer: Viewer,
  args: AnswersArgs & { limit: number; cursor?: string },
): Promise<AnswerRow[]> {
  const after = decodeCursor(args.cursor, ['number', 'number']) as [number, number] | null;
  const { filters } = args;
  const values: AnswerQueryValues = {
    docketId: args.docketId,
    question: args.question,
    take: args.limit + 1,
    ...(filters.q ? { q: filters.q } : {}),
    ...(filters.submitterType ? { submitterType: filters.submitterType } : {}),
    ...(filters.organization ? { organizationPattern: `%${escapeLike(filters.organization)}%` } : {}),
    ...(filters.evidence ? { evidence: filters.evidence } : {}),
    ...(after ? { afterConfidence: after[0], afterId: after[1] } : {}),
  };
  const query = answerShapes.compile(answersShapeKey(viewer), values, (v) => answersQuery(db, viewer, v));
  return (await db.executeQuery(query)).rows as AnswerRow[];
}

function pageOf(rows: AnswerRow[], limit: number): { items: AnswerRow[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > limit && last ? encodeCursor([last.confidence, last.passage_id]) : null,
  };
}

export interface QuestionCount {
  number: number;
  section: string;
  section_title: string;
  text: string;
  answer_count: number;
  submission_count: number;
}

/** The docket's questions with how many visible passages, and submissions, answer each. */
export async function questionsWithCounts(
  db: Db,
  viewer: Viewer,
  docketId: string,
): Promise<QuestionCount[]> {
  const counts = passagesFor(db, viewer)
    .innerJoin('passage_tags', 'passage_tags.passage_id', 'passages.id')
    .where('passages.docket_id', '=', docketId)
    .groupBy('passage_tags.question_number')
    .select([
      'passage_tags.question_number as number',
      sql<number>`count(*)::int`.as('answer_count'),
      sql<number>`count(DISTINCT passages.submission_id)::int`.as('submission_count'),
    ]);
  const rows = await db
    .selectFrom('questions')
    .leftJoin(counts.as('c'), 'c.number', 'questions.number')
    .where('questions.docket_id', '=', docketId)
    .select([
      'questions.number',
      'questions.section',
      'questions.section_title',
      'questions.text',
      sql<number>`coalesce(c.answer_count, 0)`.as('answer_count'),
      sql<number>`coalesce(c.submission_count, 0)`.as('submission_count'),
    ])
    .orderBy('questions.number')
    .execute();
  return rows;
}

export interface CoverageRow {
  submission_id: string;
  submitter_name: string;
  organization: string | null;
  submitter_type: string | null;
  questions: number[];
}

/** For each submission, which questions its visible passages answer. Carries no text, so it is not audited. */
export async function coveragePage(
  db: Db,
  viewer: Viewer,
  args: { docketId: string; limit: number; cursor?: string },
): Promise<{ items: CoverageRow[]; nextCursor: string | null }> {
  const after = decodeCursor(args.cursor, ['string']);
  let query = db
    .selectFrom('submissions')
    .where('submissions.docket_id', '=', args.docketId)
    .select([
      'submissions.id as submission_id',
      'submissions.submitter_name',
      'submissions.organization',
      'submissions.submitter_type',
      (eb) =>
        eb
          .fn<number[]>('array', [
            eb
              .selectFrom('passage_tags')
              .innerJoin('passages', 'passages.id', 'passage_tags.passage_id')
              .innerJoin('files', 'files.id', 'passages.file_id')
              .whereRef('passages.submission_id', '=', 'submissions.id')
              .where(fileTextVisible(viewer))
              .select('passage_tags.question_number')
              .distinct()
              .orderBy('passage_tags.question_number'),
          ])
          .as('questions'),
    ])
    .orderBy('submissions.id');
  if (after) query = query.where('submissions.id', '>', after[0] as string);
  const rows = await query.limit(args.limit + 1).execute();
  const items = rows.slice(0, args.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > args.limit && last ? encodeCursor([last.submission_id]) : null };
}
