import { sql } from 'kysely';
import type { Db } from '../db/connection.ts';
import type { DocketRules, Question } from './docket.ts';
import type { DocketFile } from './docket-file.ts';

/** Creates or updates a docket and its questions from its data file, in one transaction (the caller's, if it has one). */
export async function importDocket(db: Db, docket: DocketFile): Promise<void> {
  const inTransaction = (work: (trx: Db) => Promise<void>) =>
    db.isTransaction ? work(db) : db.transaction().execute(work);
  await inTransaction(async (trx) => {
    const row = {
      title: docket.title,
      agency: docket.agency,
      caption: docket.caption,
      comment_deadline: new Date(docket.comment_deadline),
      max_files: docket.limits.max_files,
      max_file_bytes: docket.limits.max_file_bytes,
      min_font_pt: docket.limits.min_font_pt,
    };
    await trx
      .insertInto('dockets')
      .values({ id: docket.id, ...row })
      .onConflict((oc) => oc.column('id').doUpdateSet(row))
      .execute();
    const questions = docket.sections.flatMap((section) =>
      section.questions.map((q) => ({
        docket_id: docket.id,
        number: q.number,
        section: section.letter,
        section_title: section.title,
        text: q.text,
        parts: JSON.stringify(q.parts),
        vocabulary: JSON.stringify(docket.vocabulary[String(q.number)] ?? []),
      })),
    );
    await trx
      .deleteFrom('questions')
      .where('docket_id', '=', docket.id)
      .where(
        'number',
        'not in',
        questions.map((q) => q.number),
      )
      .execute();
    await trx
      .insertInto('questions')
      .values(questions)
      .onConflict((oc) =>
        oc.columns(['docket_id', 'number']).doUpdateSet((eb) => ({
          section: eb.ref('excluded.section'),
          section_title: eb.ref('excluded.section_title'),
          text: eb.ref('excluded.text'),
          parts: eb.ref('excluded.parts'),
          vocabulary: eb.ref('excluded.vocabulary'),
        })),
      )
      .execute();
  });
}

export async function findDocketRules(db: Db, docketId: string): Promise<DocketRules | undefined> {
  const row = await db.selectFrom('dockets').selectAll().where('id', '=', docketId).executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    title: row.title,
    agency: row.agency,
    caption: row.caption,
    commentDeadline: new Date(row.comment_deadline),
    minFontPt: row.min_font_pt,
    maxFiles: row.max_files,
    maxFileBytes: row.max_file_bytes,
  };
}

export async function listQuestions(db: Db, docketId: string): Promise<Question[]> {
  const rows = await db
    .selectFrom('questions')
    .selectAll()
    .where('docket_id', '=', docketId)
    .orderBy('number')
    .execute();
  return rows.map((row) => ({
    number: row.number,
    section: row.section,
    sectionTitle: row.section_title,
    text: row.text,
    parts: row.parts,
    vocabulary: row.vocabulary,
  }));
}

/** An admin extends or moves the comment deadline. */
export async function setCommentDeadline(db: Db, docketId: string, deadline: Date): Promise<boolean> {
  const result = await db
    .updateTable('dockets')
    .set({ comment_deadline: deadline })
    .where('id', '=', docketId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export const docketExists = async (db: Db, docketId: string) =>
  (await sql<{ one: number }>`SELECT 1 AS one FROM dockets WHERE id = ${docketId}`.execute(db)).rows.length >
  0;
