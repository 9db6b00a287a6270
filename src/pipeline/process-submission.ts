import { sql } from 'kysely';
import type { Db } from '../db/connection.ts';
import type { Confidentiality, FileRow } from '../db/database.ts';
import { findDocketRules, listQuestions } from '../docket/docket-repository.ts';
import type { ExtractedDocument } from '../extraction/extracted-document.ts';
import { findingRows } from '../findings/finding.ts';
import type { RecoverableText } from '../redaction/recoverable-text.ts';
import type { ContentStore } from '../storage/content-store.ts';
import {
  type FileForChecks,
  processingFindings,
  type TaggedPassage,
  tagDocument,
  taggerFor,
} from './document-logic.ts';

/** What reading one file yields: the document, or a failure a person can understand. */
export type FileAnalysis =
  | { ok: true; document: ExtractedDocument; recoverable: RecoverableText[] }
  | { ok: false; permanent: boolean; message: string };

/** A fault worth retrying (the reader crashed for reasons of its own): BullMQ retries the job with backoff. */
export class TransientFileError extends Error {}

/** Runs the parsers somewhere a runaway can be stopped (a child process); see extraction/sandbox.ts. */
export interface FileAnalyser {
  analyse(
    path: string,
    format: FileRow['format'],
    options: { findRedactions: boolean },
  ): Promise<FileAnalysis>;
}

export interface PipelineDeps {
  db: Db;
  store: ContentStore;
  analyser: FileAnalyser;
}

/**
 * Where one submission's processing time went (wall milliseconds), so a slow pipeline says which
 * stage to look at: the worker logs it with each submission, and bench:ingest adds it up.
 */
export interface ProcessingTimes {
  files: number;
  pages: number;
  /** Reading files in the sandbox, redaction analysis included. */
  extractMs: number;
  /** Segmenting passages and tagging them. */
  tagMs: number;
  /** Writing each file's extraction, pages, passages and tags. */
  storeMs: number;
  /** Recomputing the submission's findings and writing them. */
  findingsMs: number;
  totalMs: number;
}

/**
 * Processes what is pending on one submission: reads each file not yet processed, stores its pages,
 * passages and tags, then recomputes the submission's findings from everything stored. Safe to run
 * twice or after a crash mid-way: each file's results replace, in one transaction, whatever an earlier
 * run left, and findings are recomputed whole.
 */
export async function processSubmission(
  deps: PipelineDeps,
  submissionId: string,
  options: { lastAttempt: boolean } = { lastAttempt: true },
): Promise<ProcessingTimes | null> {
  const { db } = deps;
  const started = performance.now();
  const times: ProcessingTimes = {
    files: 0,
    pages: 0,
    extractMs: 0,
    tagMs: 0,
    storeMs: 0,
    findingsMs: 0,
    totalMs: 0,
  };
  const submission = await db
    .selectFrom('submissions')
    .selectAll()
    .where('id', '=', submissionId)
    .executeTakeFirst();
  if (!submission) return null; // Deleted since it was queued: nothing to do.
  const docket = await findDocketRules(db, submission.docket_id);
  if (!docket) throw new Error(`docket ${submission.docket_id} is missing`);
  const tagger = taggerFor(await listQuestions(db, submission.docket_id));

  await db
    .updateTable('submissions')
    .set({ status: 'processing', updated_at: new Date() })
    .where('id', '=', submissionId)
    .execute();

  const files = await db
    .selectFrom('files')
    .selectAll()
    .where('submission_id', '=', submissionId)
    .orderBy('created_at')
    .execute();
  for (const file of files) {
    if (file.status === 'processed' || file.status === 'failed') continue;
    await db.updateTable('files').set({ status: 'processing' }).where('id', '=', file.id).execute();
    const extractStarted = performance.now();
    const analysis = await deps.analyser.analyse(deps.store.pathFor(file.sha256), file.format, {
      findRedactions: mayBePublished(file.confidentiality),
    });
    times.extractMs += performance.now() - extractStarted;
    if (!analysis.ok && !analysis.permanent && !options.lastAttempt) {
      throw new TransientFileError(`reading file ${file.id} failed for now: ${analysis.message}`);
    }
    const tagStarted = performance.now();
    const passages = analysis.ok ? tagDocument(analysis.document, tagger) : [];
    const storeStarted = performance.now();
    times.tagMs += storeStarted - tagStarted;
    await storeFileResult(db, submission.docket_id, file, analysis, passages);
    times.storeMs += performance.now() - storeStarted;
    times.files++;
    if (analysis.ok) times.pages += analysis.document.pages.length;
  }

  const findingsStarted = performance.now();
  const stored = await storedFiles(db, submissionId);
  await recomputeFindings(db, submissionId, docket, submission.bc_justification, stored);
  times.findingsMs = performance.now() - findingsStarted;

  const allFailed = stored.length > 0 && stored.every((f) => f.status === 'failed');
  await db
    .updateTable('submissions')
    .set({ status: allFailed ? 'failed' : 'processed', updated_at: new Date() })
    .where('id', '=', submissionId)
    .execute();
  times.totalMs = performance.now() - started;
  return times;
}

/** Only files that will be published need the redaction check: BC files are withheld anyway. */
const mayBePublished = (confidentiality: Confidentiality) => confidentiality !== 'business_confidential';

async function storeFileResult(
  db: Db,
  docketId: string,
  file: FileRow,
  analysis: FileAnalysis,
  passages: TaggedPassage[],
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // Replace, never add: a redelivered job leaves one set of results. One statement for the three
    // tables, as it runs for every file (tags go with their passages).
    await sql`WITH gone_passages AS (DELETE FROM passages WHERE file_id = ${file.id}),
      gone_pages AS (DELETE FROM pages WHERE file_id = ${file.id})
      DELETE FROM file_extractions WHERE file_id = ${file.id}`.execute(trx);
    if (!analysis.ok) {
      await trx
        .updateTable('files')
        .set({ status: 'failed', error: analysis.message, page_count: null })
        .where('id', '=', file.id)
        .execute();
      return;
    }
    const { document, recoverable } = analysis;
    // Quarantine lands in the same transaction as the passages, so no reader ever sees them unguarded.
    const quarantined = recoverable.length > 0 && file.released_at === null;
    await trx
      .insertInto('file_extractions')
      .values({
        file_id: file.id,
        document: JSON.stringify(document),
        recoverable: JSON.stringify(recoverable),
      })
      .execute();
    if (document.pages.length > 0) {
      await trx
        .insertInto('pages')
        .values(
          document.pages.map((page) => ({
            file_id: file.id,
            number: page.number,
            text: page.lines.map((l) => l.text).join('\n'),
            has_text_layer: page.hasTextLayer,
          })),
        )
        .execute();
    }
    await insertPassages(trx, docketId, file, passages);
    await trx
      .updateTable('files')
      .set({ status: 'processed', error: null, page_count: document.pages.length, quarantined })
      .where('id', '=', file.id)
      .execute();
  });
}

async function insertPassages(
  trx: Db,
  docketId: string,
  file: FileRow,
  passages: TaggedPassage[],
): Promise<void> {
  // Batches keep each INSERT under Postgres's parameter limit on long documents.
  for (let start = 0; start < passages.length; start += 500) {
    const batch = passages.slice(start, start + 500);
    const ids = await trx
      .insertInto('passages')
      .values(
        batch.map((p) => ({
          docket_id: docketId,
          submission_id: file.submission_id,
          file_id: file.id,
          page: p.page,
          ordinal: p.ordinal,
          heading_path: p.headingPath,
          text: p.text,
        })),
      )
      .returning('id')
      .execute();
    const tags = batch.flatMap((p, i) =>
      p.tags.map((t) => ({
        passage_id: ids[i]!.id,
        question_number: t.question,
        confidence: t.confidence,
        evidence: t.evidence,
      })),
    );
    if (tags.length > 0) await trx.insertInto('passage_tags').values(tags).execute();
  }
}

/** Every file of the submission as stored now, with what the checks read from it. */
async function storedFiles(
  db: Db,
  submissionId: string,
): Promise<(FileForChecks & { status: FileRow['status'] })[]> {
  const rows = await db
    .selectFrom('files')
    .leftJoin('file_extractions', 'file_extractions.file_id', 'files.id')
    .select([
      'files.id',
      'files.filename',
      'files.confidentiality',
      'files.is_typed_comment',
      'files.error',
      'files.status',
      'file_extractions.document',
      'file_extractions.recoverable',
    ])
    .where('files.submission_id', '=', submissionId)
    .execute();
  return rows.map((row) => ({
    fileId: row.id,
    filename: row.filename,
    confidentiality: row.confidentiality,
    isTypedComment: row.is_typed_comment,
    document: row.status === 'processed' ? ((row.document as ExtractedDocument | null) ?? null) : null,
    error: row.error,
    recoverable: (row.recoverable as RecoverableText[] | null) ?? [],
    status: row.status,
  }));
}

async function recomputeFindings(
  db: Db,
  submissionId: string,
  docket: NonNullable<Awaited<ReturnType<typeof findDocketRules>>>,
  bcJustification: string | null,
  files: FileForChecks[],
): Promise<void> {
  const findings = processingFindings({ docket, bcJustification, files });
  await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('findings')
      .where('submission_id', '=', submissionId)
      .where('source', '=', 'processing')
      .execute();
    if (findings.length === 0) return;
    await trx
      .insertInto('findings')
      .values(findingRows(submissionId, findings, 'processing'))
      // Intake may have found the same (code, file, page) already: the contract lists it once.
      .onConflict((oc) => oc.doNothing())
      .execute();
  });
}
