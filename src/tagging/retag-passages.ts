import { sql } from 'kysely';
import type { Db } from '../db/connection.ts';
import { listQuestions } from '../docket/docket-repository.ts';
import type { QuestionTag, TagEvidence } from './passage.ts';
import { createTagger, type Tagger } from './tag-passages.ts';

/**
 * Re-tags stored passages from their stored text after the tagger changes: no file is read again.
 * A label or heading carries over the passages after it, so each file is tagged whole, in reading
 * order. Files are taken in batches by id (keyset), and each batch is one transaction that locks
 * the batch's passages, tags them and replaces the tags that changed, so a file the pipeline
 * re-processes at the same time is either waited for or left to the pipeline's own tagging.
 */

/** One stored passage, as the tagger and the diff need it. */
export interface StoredPassage {
  id: number;
  fileId: string;
  ordinal: number;
  headingPath: string[];
  text: string;
}

/** Tags of each passage of one file, by passage id, from the file's passages in any order. */
export function retagFile(passages: readonly StoredPassage[], tagger: Tagger): Map<number, QuestionTag[]> {
  const idByOrdinal = new Map(passages.map((p) => [p.ordinal, p.id]));
  const tagged = tagger.tag(
    passages.map((p) => ({ order: p.ordinal, headingPath: p.headingPath, text: p.text })),
  );
  const out = new Map<number, QuestionTag[]>();
  for (const t of tagged) {
    const id = idByOrdinal.get(t.order);
    if (id !== undefined) out.set(id, t.tags);
  }
  return out;
}

/**
 * Whether two tag sets differ, ignoring order. Confidence is stored as a 4-byte real, so both
 * sides are compared at that precision.
 */
export function tagsDiffer(stored: readonly QuestionTag[], fresh: readonly QuestionTag[]): boolean {
  if (stored.length !== fresh.length) return true;
  const key = (t: QuestionTag) => `${t.question}|${t.evidence}|${Math.fround(t.confidence)}`;
  const a = stored.map(key).sort();
  const b = fresh.map(key).sort();
  return a.some((k, i) => k !== b[i]);
}

export interface RetagOptions {
  /** One docket, or every docket when absent. */
  docketId?: string;
  /** Files per batch (each batch one transaction). */
  batchFiles?: number;
  /** Called after each batch. */
  onProgress?: (progress: RetagProgress) => void;
}

export interface RetagProgress {
  docketId: string;
  files: number;
  filesTotal: number;
  passages: number;
  passagesTotal: number;
  /** Passages whose tags changed. */
  changed: number;
  seconds: number;
}

export interface RetagSummary {
  dockets: RetagProgress[];
  files: number;
  passages: number;
  changed: number;
  tags: number;
  seconds: number;
}

export const DEFAULT_BATCH_FILES = 500;

export async function retagPassages(db: Db, options: RetagOptions = {}): Promise<RetagSummary> {
  const batchFiles = options.batchFiles ?? DEFAULT_BATCH_FILES;
  if (!Number.isInteger(batchFiles) || batchFiles < 1)
    throw new Error('the batch size must be a whole number ≥ 1');
  const start = performance.now();
  const dockets = options.docketId
    ? [options.docketId]
    : (await db.selectFrom('dockets').select('id').orderBy('id').execute()).map((d) => d.id);
  const summary: RetagSummary = { dockets: [], files: 0, passages: 0, changed: 0, tags: 0, seconds: 0 };
  for (const docketId of dockets) {
    const done = await retagDocket(db, docketId, batchFiles, start, options.onProgress);
    summary.dockets.push(done.progress);
    summary.files += done.progress.files;
    summary.passages += done.progress.passages;
    summary.changed += done.progress.changed;
    summary.tags += done.tags;
  }
  summary.seconds = (performance.now() - start) / 1000;
  return summary;
}

async function retagDocket(
  db: Db,
  docketId: string,
  batchFiles: number,
  start: number,
  onProgress: RetagOptions['onProgress'],
): Promise<{ progress: RetagProgress; tags: number }> {
  const questions = await listQuestions(db, docketId);
  if (questions.length === 0) throw new Error(`docket "${docketId}" has no questions (is the id right?)`);
  const tagger = createTagger(questions);
  const totals = await db
    .selectFrom('passages')
    .select((eb) => [
      eb.fn.countAll<number>().as('passages'),
      eb.fn.count<number>('file_id').distinct().as('files'),
    ])
    .where('docket_id', '=', docketId)
    .executeTakeFirstOrThrow();
  const progress: RetagProgress = {
    docketId,
    files: 0,
    filesTotal: Number(totals.files),
    passages: 0,
    passagesTotal: Number(totals.passages),
    changed: 0,
    seconds: 0,
  };
  let tags = 0;
  let after: string | null = null;
  for (;;) {
    // Keyset over the (file_id, ordinal) index: each batch reads only its own files' rows.
    let next = db
      .selectFrom('passages')
      .select('file_id')
      .distinct()
      .where('docket_id', '=', docketId)
      .orderBy('file_id')
      .limit(batchFiles);
    if (after !== null) next = next.where('file_id', '>', after);
    const fileIds = (await next.execute()).map((r) => r.file_id);
    if (fileIds.length === 0) break;
    after = fileIds[fileIds.length - 1] ?? null;
    const batch = await db.transaction().execute((trx) => retagBatch(trx, docketId, fileIds, tagger));
    progress.files += batch.files;
    progress.passages += batch.passages;
    progress.changed += batch.changed;
    tags += batch.tags;
    progress.seconds = (performance.now() - start) / 1000;
    onProgress?.({ ...progress });
  }
  return { progress, tags };
}

async function retagBatch(
  trx: Db,
  docketId: string,
  fileIds: string[],
  tagger: Tagger,
): Promise<{ files: number; passages: number; changed: number; tags: number }> {
  // Locked, so the pipeline cannot replace these passages between reading and writing their tags.
  const rows = await trx
    .selectFrom('passages')
    .select(['id', 'file_id', 'ordinal', 'heading_path', 'text'])
    // Arrays travel as one parameter each, so a batch of any size stays clear of the parameter limit.
    .where(sql<boolean>`file_id = ANY(${fileIds}::uuid[])`)
    .where('docket_id', '=', docketId)
    .orderBy('file_id')
    .orderBy('ordinal')
    .forShare()
    .execute();
  if (rows.length === 0) return { files: 0, passages: 0, changed: 0, tags: 0 };
  const ids = rows.map((r) => r.id);
  const storedTags = new Map<number, QuestionTag[]>();
  for (const t of await trx
    .selectFrom('passage_tags')
    .select(['passage_id', 'question_number', 'confidence', 'evidence'])
    .where(sql<boolean>`passage_id = ANY(${ids}::bigint[])`)
    .execute()) {
    const list = storedTags.get(t.passage_id) ?? [];
    list.push({ question: t.question_number, confidence: t.confidence, evidence: t.evidence as TagEvidence });
    storedTags.set(t.passage_id, list);
  }

  const byFile = new Map<string, StoredPassage[]>();
  for (const r of rows) {
    const list = byFile.get(r.file_id) ?? [];
    list.push({ id: r.id, fileId: r.file_id, ordinal: r.ordinal, headingPath: r.heading_path, text: r.text });
    byFile.set(r.file_id, list);
  }
  const changedIds: number[] = [];
  const insert = {
    ids: [] as number[],
    questions: [] as number[],
    confidences: [] as number[],
    evidence: [] as string[],
  };
  let tags = 0;
  for (const passages of byFile.values()) {
    for (const [id, fresh] of retagFile(passages, tagger)) {
      tags += fresh.length;
      if (!tagsDiffer(storedTags.get(id) ?? [], fresh)) continue;
      changedIds.push(id);
      for (const t of fresh) {
        insert.ids.push(id);
        insert.questions.push(t.question);
        insert.confidences.push(t.confidence);
        insert.evidence.push(t.evidence);
      }
    }
  }
  // Only changed passages are rewritten: a run after an unchanged tagger writes nothing.
  if (changedIds.length > 0)
    await trx
      .deleteFrom('passage_tags')
      .where(sql<boolean>`passage_id = ANY(${changedIds}::bigint[])`)
      .execute();
  if (insert.ids.length > 0)
    await sql`
      INSERT INTO passage_tags (passage_id, question_number, confidence, evidence)
      SELECT * FROM unnest(${insert.ids}::bigint[], ${insert.questions}::int[], ${insert.confidences}::real[], ${insert.evidence}::text[])
    `.execute(trx);
  return { files: byFile.size, passages: rows.length, changed: changedIds.length, tags };
}
